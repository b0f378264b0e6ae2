import { AutoscalingGroupTagA as AutoscalingGroupTag } from "@cdktf/provider-aws/lib/autoscaling-group-tag";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate, type LaunchTemplateBlockDeviceMappings, type LaunchTemplateCapacityReservationSpecification } from "@cdktf/provider-aws/lib/launch-template";
import { Fn, TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { nodeUserData, type ClusterConnection } from "../core/user-data";
import { cidrHost } from "../config/cidr";
import type { NodeGroupPlan } from "../config/plan";
import type { Taint } from "../config/schema";

type NodePoolPlanPool = NodeGroupPlan["pool"];

/** The node group's ami type for a launch template with its own image (EKS refuses any other then). */
export const CUSTOM_AMI_TYPE = "CUSTOM";
/** The cluster DNS service's address in the service CIDR (Bottlerocket's cluster-dns-ip). */
const CLUSTER_DNS_HOST = 10;

const TAINT_EFFECTS: Record<Taint["effect"], string> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

/** What a node launch template is made of: the pool's settings and the cluster's. */
export interface NodeLaunchTemplateProps {
  readonly pool: NodePoolPlanPool;
  /** The launch template's name, also the Name tag of the instances and volumes it starts. */
  readonly name: string;
  readonly description: string;
  readonly clusterName: string;
  /** The node security group (the only one tagged for the cluster on the nodes' ENIs). */
  readonly securityGroupIds: readonly string[];
  /** The deployment key: root volumes are encrypted with it. */
  readonly kmsKeyArn: string;
  /** Tags of the instances and volumes the launch template starts (default_tags do not reach them). */
  readonly tags: Readonly<Record<string, string>>;
  /** Labels added to the pool's (add-ons' node-group contributions); default none. */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** Taints added to the pool's; default none. */
  readonly extraTaints?: readonly Taint[];
  /** The kubelet's max pods written into the user data; undefined leaves it to EKS (or the AMI). */
  readonly maxPods?: number;
  /**
   * The cluster's API endpoint, CA data and service CIDR, which a custom-AMI pool's nodes need to join (EKS does not
   * bootstrap them). Required when the pool has an amiId.
   */
  readonly cluster?: { readonly endpoint: string; readonly certificateAuthorityData: string; readonly serviceIpv4Cidr: string };
}

export interface ManagedNodeGroupProps extends Omit<NodeLaunchTemplateProps, "pool" | "name" | "description"> {
  readonly group: NodeGroupPlan;
  readonly clusterVersion: string;
  readonly nodeRoleArn: string;
  /** Private subnets of the group's zones. */
  readonly subnetIds: readonly string[];
  /**
   * A launch template the group shares with the other groups of its pool (an adopted pool's, made with
   * nodeLaunchTemplate); default: one of its own at `<id>/launch-template`, named like the group.
   */
  readonly launchTemplate?: LaunchTemplate;
  /**
   * Tags on the group's Auto Scaling group, such as the cluster autoscaler's discovery and node-template tags; keys
   * must be plain strings (Terraform needs them at plan time). Default none.
   */
  readonly autoscalingGroupTags?: Readonly<Record<string, string>>;
}

/** The connection a custom-AMI node bootstraps with; the DNS address is Terraform's cidrhost when the CIDR is a token. */
function clusterConnection(name: string, c: NonNullable<NodeLaunchTemplateProps["cluster"]>): ClusterConnection {
  const dns = Token.isUnresolved(c.serviceIpv4Cidr) ? Fn.cidrhost(c.serviceIpv4Cidr, CLUSTER_DNS_HOST) : cidrHost(c.serviceIpv4Cidr, CLUSTER_DNS_HOST);
  return { name, apiServerEndpoint: c.endpoint, certificateAuthority: c.certificateAuthorityData, serviceCidr: c.serviceIpv4Cidr, clusterDnsIp: dns };
}

/**
 * Root volume layout: Bottlerocket keeps the OS on xvda and containers and images on the data volume xvdb, which takes
 * the pool's size, type, IOPS and throughput (the OS volume stays the default gp3). IOPS and throughput are set only
 * when the pool gives them.
 */
function blockDevices(pool: NodePoolPlanPool, kmsKeyId: string): LaunchTemplateBlockDeviceMappings[] {
  const ebs = { encrypted: "true", kmsKeyId, volumeType: "gp3", deleteOnTermination: "true" };
  const data = {
    ...ebs,
    volumeSize: pool.diskSizeGiB,
    volumeType: pool.volumeType,
    ...(pool.iops !== undefined ? { iops: pool.iops } : {}),
    ...(pool.throughputMiBps !== undefined ? { throughput: pool.throughputMiBps } : {}),
  };
  if (pool.amiType.startsWith("BOTTLEROCKET")) {
    return [
      { deviceName: "/dev/xvda", ebs },
      { deviceName: "/dev/xvdb", ebs: data },
    ];
  }
  return [{ deviceName: "/dev/xvda", ebs: data }];
}

/** The capacity_reservation_specification block: a target (reservation or group) or a preference. */
function capacityReservation(c: NonNullable<NodePoolPlanPool["capacityReservation"]>): LaunchTemplateCapacityReservationSpecification {
  if ("id" in c) return { capacityReservationTarget: { capacityReservationId: c.id } };
  if ("resourceGroupArn" in c) return { capacityReservationTarget: { capacityReservationResourceGroupArn: c.resourceGroupArn } };
  return { capacityReservationPreference: c.preference };
}

/**
 * A node launch template: IMDSv2 only, encrypted root volume, the node security group, the pool's tags over the
 * deployment's on instances and volumes (Name: the template's name), and user data when the pool needs it. Nothing in
 * it is per zone, so the groups of one pool may share it.
 */
export function nodeLaunchTemplate(scope: Construct, id: string, props: NodeLaunchTemplateProps): LaunchTemplate {
  const { pool, name } = props;
  const resourceTags = { ...props.tags, ...pool.tags, Name: name };
  const taints = [...pool.taints, ...(props.extraTaints ?? [])];
  const labels = { ...pool.labels, ...props.extraLabels };
  if (pool.amiId && !props.cluster) throw new Error(`launch template ${name} runs a custom AMI and needs the cluster's endpoint, CA data and service CIDR`);
  const userData = nodeUserData({
    amiType: pool.amiType,
    kubelet: pool.kubelet,
    maxPods: props.maxPods,
    ...(pool.amiId && props.cluster ? { customAmi: { cluster: clusterConnection(props.clusterName, props.cluster), labels, taints } } : {}),
  });
  return new LaunchTemplate(scope, id, {
    name,
    description: props.description,
    updateDefaultVersion: true,
    ...(pool.amiId ? { imageId: pool.amiId } : {}),
    vpcSecurityGroupIds: [...props.securityGroupIds],
    blockDeviceMappings: blockDevices(pool, props.kmsKeyArn),
    ...(pool.capacityReservation ? { capacityReservationSpecification: capacityReservation(pool.capacityReservation) } : {}),
    ...(userData ? { userData } : {}),
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 2,
      ...(pool.instanceMetadataTags ? { instanceMetadataTags: "enabled" } : {}),
    },
    tagSpecifications: [
      { resourceType: "instance", tags: resourceTags },
      { resourceType: "volume", tags: resourceTags },
    ],
  });
}

/**
 * One EKS managed node group with its launch template (its own, or its pool's shared one) and the given tags on its
 * Auto Scaling group. After creation the autoscaler owns the size.
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { group } = props;
    const { pool } = group;
    const taints = [...pool.taints, ...(props.extraTaints ?? [])];
    const labels = { ...pool.labels, ...props.extraLabels };
    if (pool.amiId && !props.cluster) throw new Error(`node group ${group.name} runs a custom AMI and needs the cluster's endpoint, CA data and service CIDR`);
    this.launchTemplate = props.launchTemplate
      ?? nodeLaunchTemplate(this, "launch-template", { ...props, pool, name: group.name, description: `EKS node group ${group.name}` });
    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      clusterName: props.clusterName,
      nodeGroupName: group.name,
      // With its own image the group takes no Kubernetes version or release: the AMI decides both.
      ...(pool.amiId ? {} : { version: props.clusterVersion }),
      ...(pool.amiReleaseVersion && !pool.amiId ? { releaseVersion: pool.amiReleaseVersion } : {}),
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      amiType: pool.amiId ? CUSTOM_AMI_TYPE : pool.amiType,
      capacityType: pool.capacityType,
      instanceTypes: [...pool.instanceTypes],
      scalingConfig: { minSize: pool.minSize, maxSize: pool.maxSize, desiredSize: pool.desiredSize },
      labels,
      ...(taints.length > 0
        ? { taint: taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: TAINT_EFFECTS[t.effect] })) }
        : {}),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // Default: the platform pool runs Domino's services, so its nodes are replaced one at a time.
      updateConfig: { ...pool.updateConfig },
      tags: { Name: group.name },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
    });

    const asgTags = props.autoscalingGroupTags ?? {};
    if (Object.keys(asgTags).length > 0) {
      const tags = TerraformIterator.fromMap({ ...asgTags });
      new AutoscalingGroupTag(this, "asg-tags", {
        forEach: tags,
        autoscalingGroupName: this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name,
        tag: { key: tags.key, value: Token.asString(tags.value), propagateAtLaunch: false },
      });
    }
  }
}
