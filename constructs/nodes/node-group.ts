import { AutoscalingGroupTagA as AutoscalingGroupTag } from "@cdktf/provider-aws/lib/autoscaling-group-tag";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate, type LaunchTemplateBlockDeviceMappings } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import type { NodeGroupPlan } from "../config/plan";
import type { Taint } from "../config/schema";
import { autoscalerDiscoveryTags, nodeTemplateLabelTag, nodeTemplateTaintTag } from "../cluster/autoscaler-tags";
import { ZONE_LABEL } from "../cluster/vpc-cni-config";

/** The EBS CSI driver's topology key: volumes of a scaled-from-zero group's pods are zonal. */
export const EBS_ZONE_LABEL = "topology.ebs.csi.aws.com/zone";

const TAINT_EFFECTS: Record<Taint["effect"], string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

export interface ManagedNodeGroupProps {
  readonly group: NodeGroupPlan;
  readonly clusterName: string;
  readonly clusterVersion: string;
  readonly nodeRoleArn: string;
  /** Private subnets of the group's zones. */
  readonly subnetIds: readonly string[];
  /** The node security group (the only one tagged for the cluster on the nodes' ENIs). */
  readonly securityGroupIds: readonly string[];
  /** The deployment key: root volumes are encrypted with it. */
  readonly kmsKeyArn: string;
  /** Tags of the instances and volumes the launch template starts (default_tags do not reach them). */
  readonly tags: Readonly<Record<string, string>>;
  /** Tag the Auto Scaling group for the cluster autoscaler's discovery and scale-from-zero; none when left out. */
  readonly autoscalerTags?: AutoscalerTagOptions;
}

export interface AutoscalerTagOptions {
  /** A plain name (not a token): it is part of the tag keys, which Terraform needs at plan time. */
  readonly clusterName: string;
  /** The zone name of a single-zone group, for the zone node-template labels. */
  readonly zoneName?: string;
}

/** Root volume layout: Bottlerocket keeps the OS on xvda and containers and images on the data volume xvdb. */
function blockDevices(amiType: string, sizeGiB: number, kmsKeyId: string): LaunchTemplateBlockDeviceMappings[] {
  const ebs = { encrypted: "true", kmsKeyId, volumeType: "gp3", deleteOnTermination: "true" };
  if (amiType.startsWith("BOTTLEROCKET")) {
    return [
      { deviceName: "/dev/xvda", ebs },
      { deviceName: "/dev/xvdb", ebs: { ...ebs, volumeSize: sizeGiB } },
    ];
  }
  return [{ deviceName: "/dev/xvda", ebs: { ...ebs, volumeSize: sizeGiB } }];
}

/** The tags the cluster autoscaler reads on a group's Auto Scaling group. */
export function autoscalerGroupTags(clusterName: string, group: NodeGroupPlan, zoneName?: string): Record<string, string> {
  const tags: Record<string, string> = { ...autoscalerDiscoveryTags(clusterName) };
  for (const [key, value] of Object.entries(group.pool.labels)) tags[nodeTemplateLabelTag(key)] = value;
  for (const taint of group.pool.taints) tags[nodeTemplateTaintTag(taint.key)] = `${taint.value ?? ""}:${taint.effect}`;
  if (zoneName !== undefined) {
    tags[nodeTemplateLabelTag(ZONE_LABEL)] = zoneName;
    tags[nodeTemplateLabelTag(EBS_ZONE_LABEL)] = zoneName;
  }
  return tags;
}

/**
 * One EKS managed node group with its launch template (IMDSv2 only, encrypted gp3 root volume, the node security
 * group) and the autoscaler tags on its Auto Scaling group. After creation the autoscaler owns the size.
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { group } = props;
    const { pool } = group;
    const resourceTags = { ...props.tags, Name: group.name };
    this.launchTemplate = new LaunchTemplate(this, "launch-template", {
      name: group.name,
      description: `EKS node group ${group.name}`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      blockDeviceMappings: blockDevices(pool.amiType, pool.diskSizeGiB, props.kmsKeyArn),
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
      tagSpecifications: [
        { resourceType: "instance", tags: resourceTags },
        { resourceType: "volume", tags: resourceTags },
      ],
    });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: group.name,
      version: props.clusterVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      amiType: pool.amiType,
      capacityType: pool.capacityType,
      instanceTypes: [...pool.instanceTypes],
      scalingConfig: { minSize: pool.minSize, maxSize: pool.maxSize, desiredSize: pool.desiredSize },
      labels: { ...pool.labels },
      ...(pool.taints.length > 0
        ? { taint: pool.taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] })) }
        : {}),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // The platform pool runs Domino's services: replace its nodes one at a time.
      updateConfig: pool.role === "platform" ? { maxUnavailable: 1 } : { maxUnavailablePercentage: 50 },
      tags: { Name: group.name },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });

    if (props.autoscalerTags) {
      // Managed node groups do not pass their tags on to the Auto Scaling group.
      const { clusterName, zoneName } = props.autoscalerTags;
      const tags = TerraformIterator.fromMap(autoscalerGroupTags(clusterName, group, zoneName));
      new AutoscalingGroupTag(this, "asg-tags", {
        forEach: tags,
        autoscalingGroupName: this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
        tag: { key: tags.key, value: Token.asString(tags.value), propagateAtLaunch: false },
      });
    }
  }
}
