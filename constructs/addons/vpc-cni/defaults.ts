/** The Amazon VPC CNI's names. Pure data; no cdktf imports. */

/** The EKS add-on that installs the Amazon VPC CNI. */
export const VPC_CNI_EKS_ADDON = "vpc-cni";

/** The aws-node DaemonSet's service account, which the CNI's IRSA role trusts. */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const VPC_CNI_ROLE_PURPOSE = "vpc-cni";
