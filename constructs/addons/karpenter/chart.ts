/**
 * The Karpenter controller (aws/karpenter-provider-aws's `karpenter` chart) on the platform pool, and its CRDs from the
 * `karpenter-crd` chart of the same version. The controller's AWS access comes from EKS Pod Identity (the cluster
 * stage's association for namespace and service account), so its service account carries no role annotation.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { NODE_POOL_LABEL, PLATFORM_POOL } from "../../config/defaults";
import type { Taint } from "../../config/schema";
import { KARPENTER_CHART, KARPENTER_CONTROLLER_RESOURCES, KARPENTER_CRD_CHART, KARPENTER_REPLICAS, KARPENTER_VM_MEMORY_OVERHEAD_PERCENT } from "./defaults";

export interface KarpenterChartProps {
  readonly chartVersion: string;
  readonly namespace: string;
  readonly clusterName: string;
  /** The API endpoint, so the controller needs no DescribeCluster at start. */
  readonly clusterEndpoint: string;
  /** The SQS queue of spot interruptions, rebalance recommendations, instance state and scheduled changes. */
  readonly interruptionQueueName: string;
  /**
   * Network interfaces of a node that hold no pod addresses, left out of Karpenter's max-pods sizing: 1 with the VPC
   * CNI's custom networking (pods in the pod subnets, never on the primary interface). @default 0 (the chart's)
   */
  readonly reservedENIs?: number;
  /** The platform pool's taints, which the controller tolerates. @default none */
  readonly platformTaints?: readonly Taint[];
  /** The repository of both charts. @default KARPENTER_CHART.repository */
  readonly repository?: string;
  /** The CRD chart's repository. @default `repository` */
  readonly crdRepository?: string;
  /** The controller image without tag and digest, in place of public.ecr.aws/karpenter/controller. @default the chart's */
  readonly imageRepository?: string;
  /** Namespaces the stage creates; the releases wait for them instead of creating their own. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The chart's own toleration, kept when the platform pool's taints are added (a list value replaces the chart's). */
const CRITICAL_ADDONS_TOLERATION = { key: "CriticalAddonsOnly", operator: "Exists" };

/**
 * The controller's values (keys of the chart's values.yaml at 1.9.0): this cluster and its interruption queue, the
 * platform pool, two replicas (the chart spreads them over zones and hosts and adds a PDB of maxUnavailable 1) with
 * Domino's requests and limits, the service account the Pod Identity association names. The chart keeps the controller off nodes Karpenter launched.
 */
export function karpenterValues(props: KarpenterChartProps): Record<string, unknown> {
  const taints = props.platformTaints ?? [];
  return {
    settings: {
      clusterName: props.clusterName,
      clusterEndpoint: props.clusterEndpoint,
      interruptionQueue: props.interruptionQueueName,
      vmMemoryOverheadPercent: KARPENTER_VM_MEMORY_OVERHEAD_PERCENT,
      // The chart's value is a string.
      ...(props.reservedENIs ? { reservedENIs: String(props.reservedENIs) } : {}),
    },
    serviceAccount: { create: true, name: KARPENTER_CHART.serviceAccount },
    replicas: KARPENTER_REPLICAS,
    podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
    nodeSelector: { [NODE_POOL_LABEL]: PLATFORM_POOL },
    ...(taints.length > 0
      ? {
          tolerations: [
            CRITICAL_ADDONS_TOLERATION,
            ...taints.map((t) => (t.value !== undefined ? { key: t.key, operator: "Equal", value: t.value, effect: t.effect } : { key: t.key, operator: "Exists", effect: t.effect })),
          ],
        }
      : {}),
    controller: {
      ...(props.imageRepository ? { image: { repository: props.imageRepository } } : {}),
      resources: { requests: { ...KARPENTER_CONTROLLER_RESOURCES.requests }, limits: { ...KARPENTER_CONTROLLER_RESOURCES.limits } },
    },
  };
}

export class KarpenterChart extends Construct {
  readonly crdRelease: Release;
  readonly release: Release;

  constructor(scope: Construct, id: string, props: KarpenterChartProps) {
    super(scope, id);
    const waits = props.dependsOn !== undefined && props.dependsOn.length > 0;
    const repository = props.repository ?? KARPENTER_CHART.repository;
    this.crdRelease = new Release(this, "crd-release", {
      name: KARPENTER_CRD_CHART.releaseName,
      repository: props.crdRepository ?? repository,
      chart: KARPENTER_CRD_CHART.chart,
      version: props.chartVersion,
      namespace: props.namespace,
      createNamespace: !waits,
      cleanupOnFail: true,
      ...(waits ? { dependsOn: [...props.dependsOn!] } : {}),
    });
    this.release = new Release(this, "release", {
      name: KARPENTER_CHART.chart,
      repository,
      chart: KARPENTER_CHART.chart,
      version: props.chartVersion,
      namespace: props.namespace,
      cleanupOnFail: true,
      // The CRDs come from the karpenter-crd release, which upgrades them with the chart version.
      skipCrds: true,
      values: [JSON.stringify(karpenterValues(props), null, 2)],
      dependsOn: [this.crdRelease],
    });
  }
}
