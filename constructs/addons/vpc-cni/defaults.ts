/** The EKS add-on that installs the Amazon VPC CNI. */
export const VPC_CNI_EKS_ADDON = "vpc-cni";
