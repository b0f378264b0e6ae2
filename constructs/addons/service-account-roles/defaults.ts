/**
 * The figures of custom service-account roles: how their construct ids and `irsa_role_arns` keys are formed, and the
 * role names the project's own roles use (which a custom role must not take).
 */
/** `custom-<name>`: the role's construct id under the cluster stage's `irsa` scope and its key in `irsa_role_arns`. */
export function customRolePurpose(name: string): string {
  return `custom-${name}`;
}

/** The construct under `irsa` that holds the custom roles' policy documents (no `custom-<name>` can equal it). */
export const CUSTOM_POLICIES_SCOPE = "custom";

/** The EKS add-on that makes Pod Identity work on the nodes (a built-in, installed with the cluster). */
export const POD_IDENTITY_AGENT = "eks-pod-identity-agent";

/** The cluster stage's output of the custom roles' ARNs by name. */
export const SERVICE_ACCOUNT_ROLE_ARNS_OUTPUT = "service_account_role_arns";

/** IAM allows role names of at most 64 characters. */
export const MAX_ROLE_NAME = 64;

/** IAM allows 10,240 characters of inline policy per role (whitespace not counted). */
export const MAX_INLINE_POLICY_CHARS = 10240;

/**
 * The `<deployId>-<suffix>` role names the project's own roles use (the cluster and node roles, the infra stage's
 * EFS backup, flow-log and bastion roles, and the built-in add-ons' role purposes; add-ons import no other add-on, so they are
 * written out here and a test checks them against each add-on's constant).
 */
export const RESERVED_ROLE_SUFFIXES = [
  "eks-cluster", "eks-nodes", "efs-backup", "vpc-flow-logs", "bastion", "ecr-pull-through",
  "ebs-csi", "efs-csi", "vpc-cni", "cluster-autoscaler", "load-balancer-controller", "external-dns", "karpenter", "karpenter-node",
] as const;

/**
 * The service accounts the built-in add-ons give roles to, in kube-system (the load-balancer controller's and
 * external-dns's come from the config): a custom role for one of them would hand its pods two sets of credentials.
 * Written out for the same reason as RESERVED_ROLE_SUFFIXES; a test holds them to each add-on's constant.
 */
export const BUILT_IN_SERVICE_ACCOUNTS = [
  "kube-system/ebs-csi-controller-sa", "kube-system/efs-csi-controller-sa", "kube-system/aws-node", "kube-system/cluster-autoscaler",
] as const;

/** IAM's hard limit of managed policies attached to one role (the default quota is 10; a raised one at most 20). */
export const MAX_MANAGED_POLICIES = 20;
