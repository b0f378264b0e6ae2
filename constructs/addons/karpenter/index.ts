/**
 * Karpenter, as one add-on, for the pools it runs (`autoscaling.compute: karpenter`, or a pool's `scaler`). The cluster
 * stage: the controller's EKS Pod Identity role with Karpenter's controller policy (policy.ts), the node role of the
 * nodes it launches and their EKS access entry, the interruption queue and its EventBridge rules (interruption.ts); the
 * discovery tag goes on the node security group only (the cluster stage's security groups): the EC2NodeClasses select
 * the subnets by id, so no subnet is tagged and two deployments in one VPC have no tag to fight over. The k8s stage
 * (k8s.ts): the CRDs' and the controller's charts, and the pools' EC2NodeClasses and NodePools in a release of a local
 * chart. Its part of `domino_config` says which pools it runs. Nothing is made while no pool is run by Karpenter.
 */
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { Construct } from "constructs";
import { karpenterNames } from "../../config/naming";
import type { DeploymentPlan } from "../../config/plan";
import { NodeRole } from "../../core/node-role";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, InstallerValuesContext, K8sAddonContext } from "../addon";
import { KARPENTER_CHART, KARPENTER_CRD_CHART, KARPENTER_ROLE_PURPOSE } from "./defaults";
import { InterruptionQueue } from "./interruption";
import { karpenterK8s } from "./k8s";
import { KarpenterControllerPolicy } from "./policy";
import { karpenterPoolRule } from "./pool-rules";
import { karpenterRules } from "./rules";

export { karpenterAmiAlias } from "./ami";
export { DEFAULT_KARPENTER_NAMESPACE, KARPENTER_CHART, KARPENTER_CRD_CHART, KARPENTER_IMAGE, KARPENTER_NODE_POOLS_RELEASE, KARPENTER_ROLE_PURPOSE } from "./defaults";
export { KarpenterChart, karpenterValues as karpenterChartValues, type KarpenterChartProps } from "./chart";
export { karpenterK8s } from "./k8s";
export { karpenterManifests, ec2NodeClassOf, nodePoolOf, type KarpenterManifestProps } from "./node-pools";
export { KarpenterNodePoolsChart, NODE_POOLS_CHART, nodePoolsChartDir, nodePoolsValues } from "./node-pools-chart";
export { karpenterPoolRule } from "./pool-rules";
export { INTERRUPTION_MESSAGE_RETENTION_SECONDS, InterruptionQueue, KARPENTER_EVENT_PATTERNS, type InterruptionQueueProps } from "./interruption";
export { KARPENTER_EC2_READ_ACTIONS, KARPENTER_QUEUE_ACTIONS, KarpenterControllerPolicy, karpenterControllerStatements, type KarpenterControllerPolicyProps } from "./policy";
export { karpenterRules } from "./rules";

/** The EKS add-on whose agent hands the controller its Pod Identity credentials. */
const POD_IDENTITY_AGENT = "eks-pod-identity-agent";

export class KarpenterAddon implements DominoAddon {
  readonly name = "karpenter";
  readonly helmCharts = [KARPENTER_CHART.chart, KARPENTER_CRD_CHART.chart];
  readonly rules = [...karpenterRules, karpenterPoolRule];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const { plan } = ctx;
    if (plan.karpenterPools.length === 0) return {};
    const names = karpenterNames(plan.deployId);
    const scope = new Construct(ctx.scope, "karpenter-controller");

    const nodeRole = new NodeRole(scope, "node-role", {
      partition: ctx.partition,
      roleName: names.nodeRole,
      extraPolicyArns: ctx.infra.nodePolicyArns,
      description: `Nodes Karpenter launches in ${ctx.clusterName}`,
    });
    // Managed node groups get their access entries from EKS; Karpenter's instance profiles need this one.
    new EksAccessEntry(scope, "node-access-entry", { clusterName: ctx.cluster.name, principalArn: nodeRole.role.arn, type: "EC2_LINUX" });

    const interruption = new InterruptionQueue(scope, "interruption", {
      partition: ctx.partition,
      accountId: ctx.accountId,
      queueName: names.interruptionQueue,
      ruleNames: names.rules,
      kmsKeyArn: ctx.infra.kmsKeyArn,
    });

    const policy = new KarpenterControllerPolicy(ctx.irsaScope, "karpenter-policy", {
      partition: ctx.partition.name,
      dnsSuffix: ctx.partition.dnsSuffix,
      region: plan.region,
      accountId: ctx.accountId,
      clusterName: ctx.clusterName,
      vpcId: ctx.infra.vpcId,
      nodeRoleArn: nodeRole.role.arn,
      interruptionQueueArn: interruption.queue.arn,
      kmsKeyArn: ctx.infra.kmsKeyArn,
      spot: plan.karpenterPools.some((p) => p.capacityType === "SPOT"),
    });
    const controllerRoleArn = ctx.podIdentityRole(KARPENTER_ROLE_PURPOSE, {
      roleName: names.controllerRole,
      namespace: plan.config.karpenter.namespace,
      serviceAccount: KARPENTER_CHART.serviceAccount,
      inlinePolicies: { karpenter: policy.json },
    });
    return {
      roleArns: { [KARPENTER_ROLE_PURPOSE]: controllerRoleArn },
      requiresEksAddons: [POD_IDENTITY_AGENT],
      karpenter: { nodeRoleName: nodeRole.role.name, nodeRoleArn: nodeRole.role.arn, interruptionQueueName: interruption.queue.name },
    };
  }

  k8s(ctx: K8sAddonContext): void {
    karpenterK8s(ctx);
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    return { karpenter: karpenterInstallerValues(ctx.plan, ctx.cluster) };
  }
}

/** `domino_config.karpenter`: whether Karpenter runs pools, which, and the controller's cluster-stage objects. */
export function karpenterInstallerValues(plan: DeploymentPlan, cluster: InstallerValuesContext["cluster"]): Record<string, unknown> {
  const enabled = plan.karpenterPools.length > 0;
  const names = karpenterNames(plan.deployId);
  if (enabled && !cluster.karpenter) throw new Error("the cluster stage provides no Karpenter outputs, which the pools Karpenter runs need");
  return {
    enabled,
    pools: plan.karpenterPools.map((p) => p.name),
    chartVersion: enabled ? plan.config.karpenter.chartVersion : null,
    namespace: plan.config.karpenter.namespace,
    serviceAccount: KARPENTER_CHART.serviceAccount,
    clusterName: cluster.clusterName,
    controllerRoleName: enabled ? names.controllerRole : null,
    controllerRoleArn: enabled ? (cluster.irsaRoleArns[KARPENTER_ROLE_PURPOSE] ?? null) : null,
    nodeRoleName: enabled ? (cluster.karpenter?.nodeRoleName ?? null) : null,
    nodeRoleArn: enabled ? (cluster.karpenter?.nodeRoleArn ?? null) : null,
    interruptionQueueName: enabled ? (cluster.karpenter?.interruptionQueueName ?? null) : null,
  };
}
