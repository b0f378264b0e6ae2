/**
 * Karpenter, as one add-on. This file is the k8s-stage side only (the controller's chart and the pools' NodePools);
 * the cluster stage's IAM, queue and discovery tags are the other half of the add-on.
 */
import type { DominoAddon, K8sAddonContext } from "../addon";
import { KARPENTER_CHART, KARPENTER_CRD_CHART } from "./defaults";
import { karpenterK8s } from "./k8s";
import { karpenterPoolRule } from "./pool-rules";

export { KARPENTER_CHART, KARPENTER_CRD_CHART, KARPENTER_IMAGE, KARPENTER_NODE_POOLS_RELEASE } from "./defaults";
export { KarpenterChart, karpenterValues, type KarpenterChartProps } from "./chart";
export { karpenterK8s } from "./k8s";
export { karpenterManifests, ec2NodeClassOf, nodePoolOf, type KarpenterManifestProps } from "./node-pools";
export { KarpenterNodePoolsChart, NODE_POOLS_CHART, nodePoolsChartDir, nodePoolsValues } from "./node-pools-chart";
export { karpenterPoolRule } from "./pool-rules";

export class KarpenterAddon implements DominoAddon {
  readonly name = "karpenter";
  readonly helmCharts = [KARPENTER_CHART.chart, KARPENTER_CRD_CHART.chart];
  readonly rules = [karpenterPoolRule];

  k8s(ctx: K8sAddonContext): void {
    karpenterK8s(ctx);
  }
}
