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
