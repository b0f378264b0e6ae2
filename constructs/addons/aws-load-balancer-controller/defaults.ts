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
