/**
 * The cluster autoscaler's figures: the spec's IAM actions ("Autoscaler access"), the chart, the image tag per
 * Kubernetes minor version and the service account the IRSA role trusts. Pure data; no cdktf imports.
 */

/** Spec, "Autoscaler access". */
export const SPEC_AUTOSCALER_ACTIONS = [
  "autoscaling:DescribeAutoScalingGroups",
  "autoscaling:DescribeAutoScalingInstances",
  "autoscaling:DescribeLaunchConfigurations",
  "autoscaling:DescribeTags",
  "autoscaling:SetDesiredCapacity",
  "autoscaling:TerminateInstanceInAutoScalingGroup",
  "ec2:DescribeLaunchTemplateVersions",
  "ec2:DescribeInstanceTypes",
] as const;

/** The spec's actions that change a group; only allowed on this cluster's tagged groups. */
export const AUTOSCALER_MUTATING_ACTIONS: readonly string[] = [
  "autoscaling:SetDesiredCapacity",
  "autoscaling:TerminateInstanceInAutoScalingGroup",
];

/**
 * Read-only actions current cluster-autoscaler releases call beyond the spec's list: managed node group details and
 * instance requirements, used when scaling a group up from zero. Without them it still works but logs errors.
 */
export const AUTOSCALER_EXTRA_READ_ACTIONS = [
  "eks:DescribeNodegroup",
  "ec2:DescribeImages",
  "ec2:GetInstanceTypesFromInstanceRequirements",
] as const;

/** How the autoscaler gets its AWS permissions: irsa (a role for its service account), or node-role (the spec's alternative). */
export const AUTOSCALER_IAM_MODES = ["irsa", "node-role"] as const;
export const DEFAULT_AUTOSCALER_IAM = "irsa";

/** The service account the chart creates and the IRSA role trusts. */
export const AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const AUTOSCALER_ROLE_PURPOSE = "cluster-autoscaler";

/** The kubernetes/autoscaler chart; the version is `autoscaler.chartVersion`. */
export const AUTOSCALER_CHART = {
  repository: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: "9.54.0",
  releaseName: "cluster-autoscaler",
  namespace: AUTOSCALER_SERVICE_ACCOUNT.namespace,
  serviceAccount: AUTOSCALER_SERVICE_ACCOUNT.name,
} as const;

/**
 * Cluster autoscaler image tag per Kubernetes minor version: the autoscaler embeds the scheduler of its own minor
 * version, so the two must match. Every version EKS offers in standard or extended support (EKS_KUBERNETES_VERSIONS in
 * config/aws-facts.ts; a test holds the two lists together); a version not listed needs `autoscaler.imageTag`.
 */
export const AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  "1.32": "v1.32.1",
  "1.33": "v1.33.0",
  "1.34": "v1.34.0",
  "1.35": "v1.35.0",
  "1.36": "v1.36.0",
};

/** The chart's image (`image.repository`): registry.k8s.io/autoscaling/cluster-autoscaler. */
export const AUTOSCALER_IMAGE = { registry: "registry.k8s.io", repository: "autoscaling/cluster-autoscaler" } as const;
