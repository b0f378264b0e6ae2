/**
 * The AWS Load Balancer Controller's figures. Domino's reference (dominodatalab/terraform-aws-eks,
 * modules/eks/aws-load-balancer-controller-iam.tf) names the role and the service account
 * `<deployId>-load-balancer-controller` and puts the controller in `domino-platform`; Domino's installer deploys it.
 */

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const LBC_ROLE_PURPOSE = "load-balancer-controller";

/** The service account Domino's installer creates: `<deployId>-load-balancer-controller`. */
export function defaultLbcServiceAccount(deployId: string): string {
  return `${deployId}-${LBC_ROLE_PURPOSE}`;
}

/** The controller release whose published IAM policy (docs/install/iam_policy.json) policy.ts follows. */
export const LBC_POLICY_VERSION = "v2.17.1";

/** The tag the controller puts on what it creates, and conditions its mutations on. */
export const LBC_CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/**
 * The controller's chart (aws/eks-charts), off by default because Domino's installer deploys the controller. Chart
 * 1.17.1 ships controller v2.17.1, the release whose IAM policy policy.ts follows; a newer chart needs that policy too.
 */
export const LBC_CHART = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  version: "1.17.1",
  releaseName: "aws-load-balancer-controller",
} as const;

/** The chart's image (`image.repository`), whose tag the chart pins (v2.17.1 in chart 1.17.1). */
export const LBC_IMAGE = { registry: "public.ecr.aws", repository: "eks/aws-load-balancer-controller", tag: LBC_POLICY_VERSION } as const;
