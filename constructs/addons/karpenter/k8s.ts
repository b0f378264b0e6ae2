/**
 * The k8s stage's part of Karpenter: the CRD and controller releases, then the EC2NodeClass and NodePool of every pool
 * Karpenter runs, as the release of a local chart (node-pools-chart.ts) that depends on both.
 */
import { PLATFORM_POOL } from "../../config/defaults";
import { usesPodSubnets } from "../../core/pod-subnets";
import { itemAt } from "../../core/token-list";
import type { K8sAddonContext } from "../addon";
import { releaseNamespaceDependencies } from "../release-namespace";
import { KarpenterChart } from "./chart";
import { EBS_CSI_ADDON, KARPENTER_CHART, KARPENTER_CRD_CHART, KARPENTER_IMAGE, KARPENTER_NODE_POOLS_RELEASE } from "./defaults";
import { karpenterManifests } from "./node-pools";
import { KarpenterNodePoolsChart } from "./node-pools-chart";

export interface KarpenterK8s {
  readonly controller: KarpenterChart;
  readonly nodePools: KarpenterNodePoolsChart;
}

/** Installs Karpenter and the Karpenter pools' NodePools; nothing when no pool is run by Karpenter. */
export function karpenterK8s(ctx: K8sAddonContext): KarpenterK8s | undefined {
  const { plan } = ctx;
  if (plan.karpenterPools.length === 0) return undefined;
  const outputs = ctx.cluster.karpenter;
  if (!outputs) {
    throw new Error(`pools ${plan.karpenterPools.map((p) => p.name).join(", ")} are run by Karpenter, but the cluster stage hands on no karpenter outputs (node role, interruption queue)`);
  }
  const { namespace, chartVersion } = plan.config.karpenter;
  const registry = ctx.mirrors.imageRegistry(KARPENTER_IMAGE.registry);
  const platform = plan.config.nodePools.find((p) => p.name === PLATFORM_POOL);
  const customNetworking = usesPodSubnets(plan, ctx.infra);
  const controller = new KarpenterChart(ctx.scope, "karpenter", {
    chartVersion,
    namespace,
    clusterName: ctx.cluster.clusterName,
    clusterEndpoint: ctx.cluster.clusterEndpoint,
    interruptionQueueName: outputs.interruptionQueueName,
    platformTaints: platform?.taints ?? [],
    ...(customNetworking ? { reservedENIs: 1 } : {}),
    repository: ctx.mirrors.chartRepository(KARPENTER_CHART.chart, KARPENTER_CHART.repository),
    crdRepository: ctx.mirrors.chartRepository(KARPENTER_CRD_CHART.chart, KARPENTER_CRD_CHART.repository),
    ...(registry !== KARPENTER_IMAGE.registry ? { imageRepository: `${registry}/${KARPENTER_IMAGE.repository}` } : {}),
    dependsOn: releaseNamespaceDependencies(ctx, namespace),
  });
  const nodePools = new KarpenterNodePoolsChart(ctx.scope, "karpenter-node-pools", {
    namespace,
    releaseName: KARPENTER_NODE_POOLS_RELEASE,
    manifests: karpenterManifests(plan.karpenterPools, {
      // The discovery tag's value is the plain name the cluster stage tags with.
      clusterName: plan.names.cluster,
      nodeRoleName: outputs.nodeRoleName,
      subnetIds: plan.zones.map((_, i) => itemAt(ctx.infra.privateSubnetIds, i)),
      kmsKeyArn: ctx.infra.kmsKeyArn,
      tags: plan.tags,
      podNetworking: { prefixDelegation: plan.config.network.prefixDelegation, customNetworking },
      ebsCsiDriver: ctx.addonNames.includes(EBS_CSI_ADDON),
    }),
    dependsOn: [controller.crdRelease, controller.release],
  });
  return { controller, nodePools };
}
