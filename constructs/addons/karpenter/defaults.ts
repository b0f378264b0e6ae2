/**
 * Karpenter's figures: the chart and the namespace and service account its Pod Identity role trusts. A pool's scaler and
 * the defaults of a pool Karpenter runs are config-wide facts, in config/defaults.ts. Pure data; no cdktf imports.
 */

/** The Karpenter chart (controller and CRDs), pinned. The k8s stage installs it on the platform pool. */
export const KARPENTER_CHART = {
  chart: "karpenter",
  repository: "oci://public.ecr.aws/karpenter",
  version: "1.9.0",
  serviceAccount: "karpenter",
} as const;

/** Domino's Terraform installs Karpenter into its own namespace of this name. */
export const DEFAULT_KARPENTER_NAMESPACE = "karpenter";

/** The controller's role in the cluster stage's `irsa_role_arns` (an EKS Pod Identity role, `<deployId>-karpenter`). */
export const KARPENTER_ROLE_PURPOSE = "karpenter";
/**
 * Karpenter's CRDs (NodePool, NodeClaim, EC2NodeClass, NodeOverlay) as their own chart at the controller's version:
 * Helm installs a chart's crds/ folder only on the first install and never upgrades it, so the controller's release
 * skips them and this one keeps them current (Karpenter's upgrade guide, "CRD Upgrades").
 */
export const KARPENTER_CRD_CHART = {
  chart: "karpenter-crd",
  repository: KARPENTER_CHART.repository,
  releaseName: "karpenter-crd",
} as const;

/** The controller image of the chart (its digest stays the chart's), for a mirror of public.ecr.aws. */
export const KARPENTER_IMAGE = { registry: "public.ecr.aws", repository: "karpenter/controller" } as const;

/**
 * The share of an instance type's memory Karpenter takes off for the hypervisor when it sizes nodes: Domino's Terraform
 * sets 0.075 (`karpenter.vm_memory_overhead_percent`), as does the chart.
 */
export const KARPENTER_VM_MEMORY_OVERHEAD_PERCENT = 0.075;

/** The controller's requests and limits, as Domino's Terraform sets them (the chart sets none). */
export const KARPENTER_CONTROLLER_RESOURCES = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } as const;

/** The controller runs this many replicas (leader election; one keeps working when a platform node goes). */
export const KARPENTER_REPLICAS = 2;

/** The release of the local chart that holds the EC2NodeClasses and NodePools of the Karpenter pools. */
export const KARPENTER_NODE_POOLS_RELEASE = "karpenter-node-pools";

/**
 * A taint Karpenter puts on a new node until the EBS CSI node plugin is up and removes it, so no pod with a volume
 * lands on a node that cannot attach it yet (Domino's Karpenter NodePools set it too).
 */
export const EBS_AGENT_NOT_READY_TAINT = { key: "ebs.csi.aws.com/agent-not-ready", effect: "NoExecute" } as const;

/** The add-on whose node plugin removes that taint: without it (disableAddons) the NodePools set no such taint. */
export const EBS_CSI_ADDON = "ebs-csi-driver";
