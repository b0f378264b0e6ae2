/**
 * The Kubernetes cluster autoscaler (spec, "Autoscaler access"), as one add-on: its IAM (an IRSA role, or the spec's
 * policy on the node role with `autoscaler.iam: node-role`), the discovery and node-template tags on every node
 * group's Auto Scaling group, the Helm release on the platform pool, and its part of `domino_config`.
 * Configured by the deployment's `autoscaler` field; `autoscaler.enabled: false` leaves everything out.
 */
import type { DeploymentPlan } from "../../config/plan";
import type { ClusterOutputs } from "../../core/stage-outputs";
import type {
  ClusterAddonContext,
  ClusterContribution,
  DominoAddon,
  InstallerValuesContext,
  K8sAddonContext,
  NodeGroupTagsContext,
} from "../addon";
import { autoDiscoveryTags, autoscalerImageTag, ClusterAutoscaler } from "./chart";
import { AUTOSCALER_CHART, AUTOSCALER_IMAGE, AUTOSCALER_ROLE_PURPOSE, AUTOSCALER_SERVICE_ACCOUNT } from "./defaults";
import { AutoscalerPolicy } from "./policy";
import { imageTagRule } from "./rules";
import { autoscalerGroupTags } from "./tags";

export { AUTOSCALER_CHART, AUTOSCALER_IMAGE, AUTOSCALER_IMAGE_TAGS, AUTOSCALER_ROLE_PURPOSE, SPEC_AUTOSCALER_ACTIONS } from "./defaults";
export { autoscalerValues, ClusterAutoscaler, type ClusterAutoscalerProps } from "./chart";
export { AutoscalerPolicy, type AutoscalerPolicyProps } from "./policy";
export { autoscalerGroupTags } from "./tags";

export class ClusterAutoscalerAddon implements DominoAddon {
  readonly name = "cluster-autoscaler";
  readonly rules = [imageTagRule];
  readonly helmCharts = [AUTOSCALER_CHART.chart];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const a = ctx.plan.config.autoscaler;
    if (!autoscalerInstalled(ctx.plan)) return {};
    if (a.iam === "node-role") {
      // Managed node groups share one role: with node-role, every node (not only platform nodes) may scale.
      const policy = new AutoscalerPolicy(ctx.scope, "node-autoscaler-policy", { clusterName: ctx.clusterName });
      return { nodeRolePolicies: { "cluster-autoscaler": policy.json } };
    }
    const policy = new AutoscalerPolicy(ctx.irsaScope, "autoscaler-policy", { clusterName: ctx.clusterName });
    const arn = ctx.serviceAccountRole(AUTOSCALER_ROLE_PURPOSE, {
      namespace: AUTOSCALER_SERVICE_ACCOUNT.namespace,
      serviceAccount: AUTOSCALER_SERVICE_ACCOUNT.name,
      inlinePolicies: { "cluster-autoscaler": policy.json },
    });
    return { roleArns: { [AUTOSCALER_ROLE_PURPOSE]: arn } };
  }

  nodeGroupTags(ctx: NodeGroupTagsContext): Record<string, string> {
    if (!ctx.plan.config.autoscaler.enabled) return {};
    const { group } = ctx;
    // The cluster name is part of the tag keys, which Terraform needs at plan time: the plain name, not a token.
    const zoneName = group.zoneIds.length === 1 ? ctx.zoneName(group.zoneIds[0]) : undefined;
    return autoscalerGroupTags(ctx.plan.names.cluster, { labels: ctx.labels, taints: ctx.taints }, zoneName);
  }

  k8s(ctx: K8sAddonContext): void {
    const a = ctx.plan.config.autoscaler;
    if (!autoscalerInstalled(ctx.plan)) return;
    const registry = ctx.mirrors.imageRegistry(AUTOSCALER_IMAGE.registry);
    new ClusterAutoscaler(ctx.scope, "cluster-autoscaler", {
      repository: ctx.mirrors.chartRepository(AUTOSCALER_CHART.chart, AUTOSCALER_CHART.repository),
      ...(registry !== AUTOSCALER_IMAGE.registry ? { imageRepository: `${registry}/${AUTOSCALER_IMAGE.repository}` } : {}),
      chartVersion: a.chartVersion,
      imageTag: autoscalerImageTag(ctx.plan.config.kubernetesVersion, a.imageTag),
      clusterName: ctx.cluster.clusterName,
      region: ctx.plan.region,
      roleArn: roleArnOf(ctx.plan, ctx.cluster),
    });
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    const a = ctx.plan.config.autoscaler;
    const installed = autoscalerInstalled(ctx.plan);
    return {
      autoscaler: {
        enabled: installed,
        pools: scaledPools(ctx.plan),
        clusterName: ctx.cluster.clusterName,
        region: ctx.plan.region,
        chartVersion: a.chartVersion,
        imageTag: installed ? autoscalerImageTag(ctx.plan.config.kubernetesVersion, a.imageTag) : null,
        namespace: AUTOSCALER_CHART.namespace,
        serviceAccount: AUTOSCALER_CHART.serviceAccount,
        iam: a.iam,
        roleArn: roleArnOf(ctx.plan, ctx.cluster) ?? null,
        autoDiscoveryTags: autoDiscoveryTags(ctx.cluster.clusterName),
      },
    };
  }
}

/**
 * The pools whose managed node groups can change size (minSize < maxSize), in config order: what the autoscaler is
 * for. Karpenter pools have no node groups; a pool with minSize equal to maxSize has nothing to scale.
 */
export function scaledPools(plan: Pick<DeploymentPlan, "nodeGroups">): string[] {
  return [...new Set(plan.nodeGroups.filter((g) => g.pool.minSize < g.pool.maxSize).map((g) => g.pool.name))];
}

/** Installed (IRSA role, chart) when `autoscaler.enabled` and some managed node group can scale. */
export function autoscalerInstalled(plan: DeploymentPlan): boolean {
  return plan.config.autoscaler.enabled && scaledPools(plan).length > 0;
}

/** The IRSA role of the service account; undefined when not installed or when the node role carries the permissions. */
function roleArnOf(plan: DeploymentPlan, cluster: ClusterOutputs): string | undefined {
  const a = plan.config.autoscaler;
  if (!autoscalerInstalled(plan) || a.iam !== "irsa") return undefined;
  const arn = cluster.irsaRoleArns[AUTOSCALER_ROLE_PURPOSE];
  if (!arn) throw new Error(`the cluster stage provides no "${AUTOSCALER_ROLE_PURPOSE}" IRSA role, which autoscaler.iam "irsa" needs`);
  return arn;
}
