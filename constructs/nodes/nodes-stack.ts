import type { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { runHook, type DominoAddon, type NodeGroupAddonContext, type NodesAddonContext } from "../addons/addon";
import type { ClusterOutputs, InfraOutputs, NodesOutputs } from "../core/stage-outputs";
import type { DeploymentPlan, NodeGroupPlan } from "../config/plan";
import type { Taint } from "../config/schema";
import { awsProvider } from "../core/aws-provider";
import { EksAddons } from "../core/eks-addons";
import { StageStack } from "../core/stage-stack";
import { itemAt } from "../core/token-list";
import { ZoneNames } from "../core/zone-names";
import { launchTemplateMaxPods, podNetworkingOf } from "../config/max-pods";
import { ManagedNodeGroup, nodeLaunchTemplate, type NodeLaunchTemplateProps } from "./node-group";

export interface NodesStackProps {
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  /** The deployment's add-ons; their node-group and nodes hooks run here, in order. */
  readonly addons: readonly DominoAddon[];
}

/** Stage 3: the node pools, and the add-ons whose pods need nodes. */
export class NodesStack extends StageStack {
  readonly outputs: NodesOutputs;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;

  constructor(scope: Construct, props: NodesStackProps) {
    const { plan, infra, cluster, addons } = props;
    super(scope, plan, "nodes");
    this.infra = infra;
    this.cluster = cluster;
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");

    const zoneIndex = new Map(plan.zones.map((z, i) => [z.zoneId, i]));
    const subnetOf = (zoneId: string): string => {
      const i = zoneIndex.get(zoneId);
      if (i === undefined) throw new Error(`zone ${zoneId} is not one of the deployment's zones`);
      return itemAt(infra.privateSubnetIds, i);
    };
    const zoneNames = new ZoneNames(this, "zone-names");
    const networking = podNetworkingOf(plan.config.network);

    // An adopted pool's one launch template (adoption.nodeGroups), made with its first group's settings, by pool name.
    const shared = new Map<string, { readonly template: LaunchTemplate; readonly userDataInputs: string }>();
    const groups = plan.nodeGroups.map((group) => {
      const context: NodeGroupAddonContext = { plan, group, zoneName: (zoneId) => zoneNames.nameOf(zoneId) };
      const labels: Record<string, string> = { ...group.pool.labels };
      const taints: Taint[] = [...group.pool.taints];
      for (const addon of addons) {
        const c = runHook(addon, "nodeGroup", () => addon.nodeGroup?.(context));
        if (!c) continue;
        claim(labels, c.labels, `the label of node group ${group.name}`, addon.name);
        taints.push(...(c.taints ?? []));
      }
      const asgTags: Record<string, string> = {};
      for (const addon of addons) {
        const tags = runHook(addon, "nodeGroupTags", () => addon.nodeGroupTags?.({ ...context, labels, taints }));
        claim(asgTags, tags ?? undefined, `the Auto Scaling group tag of node group ${group.name}`, addon.name);
      }
      const templateProps: Omit<NodeLaunchTemplateProps, "pool" | "name" | "description"> = {
        clusterName: cluster.clusterName,
        // Only the node group: both it and the control plane's group carry kubernetes.io/cluster/<name>, and the
        // AWS cloud provider and load balancer controller reject an ENI with more than one such group.
        securityGroupIds: [cluster.nodeSecurityGroupId],
        kmsKeyArn: infra.kmsKeyArn,
        tags: plan.tags,
        extraLabels: withoutKeys(labels, group.pool.labels),
        extraTaints: taints.slice(group.pool.taints.length),
        maxPods: launchTemplateMaxPods(group.pool, networking),
        ...(group.pool.amiId
          ? { cluster: { endpoint: cluster.clusterEndpoint, certificateAuthorityData: cluster.clusterCertificateAuthorityData, serviceIpv4Cidr: cluster.clusterServiceIpv4Cidr } }
          : {}),
      };
      return new ManagedNodeGroup(this, `group-${group.key}`, {
        ...templateProps,
        group,
        clusterVersion: cluster.clusterVersion,
        nodeRoleArn: cluster.nodeRoleArn,
        subnetIds: group.zoneIds.map(subnetOf),
        autoscalingGroupTags: asgTags,
        ...(group.launchTemplate !== undefined ? { launchTemplate: sharedTemplate(this, shared, group.pool, group.launchTemplate, templateProps) } : {}),
      });
    });

    const context: NodesAddonContext = { scope: this, plan, infra, cluster };
    new EksAddons(this, "addons", {
      clusterName: cluster.clusterName,
      kubernetesVersion: cluster.clusterVersion,
      versions: plan.config.addons.versions,
      versionPolicy: plan.config.addons.versionPolicy,
      addons: addons.flatMap((addon) => runHook(addon, "nodes", () => addon.nodes?.(context)?.eksAddons ?? [])),
      dependsOn: groups.map((g) => g.nodeGroup),
    });

    this.outputs = {
      nodeGroupNames: Object.fromEntries(plan.nodeGroups.map((g, i) => [g.key, groups[i].nodeGroup.nodeGroupName])),
    };
    new TerraformOutput(this, "node_group_names", { value: this.outputs.nodeGroupNames });
  }
}

/**
 * The launch template of an adopted pool, made once at `pool-<pool>/launch-template`. Only a custom AMI's user data
 * carries labels and taints; an add-on that gives the pool's groups different ones there cannot share the template.
 */
function sharedTemplate(
  scope: Construct,
  shared: Map<string, { readonly template: LaunchTemplate; readonly userDataInputs: string }>,
  pool: NodesStackPool,
  name: string,
  props: Omit<NodeLaunchTemplateProps, "pool" | "name" | "description">,
): LaunchTemplate {
  const userDataInputs = pool.amiId ? JSON.stringify([props.extraLabels ?? {}, props.extraTaints ?? []]) : "";
  const existing = shared.get(pool.name);
  if (existing) {
    if (existing.userDataInputs !== userDataInputs) {
      throw new Error(`the node groups of adopted pool ${pool.name} share launch template ${name}, whose custom-AMI user data carries the nodes' labels and taints, but add-ons give them different labels or taints per group`);
    }
    return existing.template;
  }
  const template = nodeLaunchTemplate(new Construct(scope, `pool-${pool.name}`), "launch-template", { ...props, pool, name, description: `EKS node groups of pool ${pool.name}` });
  shared.set(pool.name, { template, userDataInputs });
  return template;
}

/** Adds `entries` to `target`; a key already there is an error naming the add-on (two writers of one label or tag). */
function claim(target: Record<string, string>, entries: Readonly<Record<string, string>> | undefined, what: string, addon: string): void {
  for (const [key, value] of Object.entries(entries ?? {})) {
    if (key in target) throw new Error(`add-on ${addon} sets ${what} "${key}", which the pool or another add-on sets already`);
    target[key] = value;
  }
}

type NodesStackPool = NodeGroupPlan["pool"];

function withoutKeys(all: Readonly<Record<string, string>>, base: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([key]) => !(key in base)));
}
