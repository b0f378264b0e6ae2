/** The EBS CSI driver's figures (spec, "Dynamic block storage"). Pure data; no cdktf imports. */

/** The EKS add-on that installs the driver. */
export const EBS_CSI_EKS_ADDON = "aws-ebs-csi-driver";

/** The controller's service account, which the IRSA role trusts. */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const EBS_CSI_ROLE_PURPOSE = "ebs-csi";

/** Spec, "Dynamic block storage": the example storage class. */
export const SPEC_STORAGE_CLASS = {
  name: "dominodisk-gp3",
  provisioner: "ebs.csi.aws.com",
  type: "gp3",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
} as const;

/** The volume types the spec supports for the class. */
export const BLOCK_STORAGE_TYPES = ["gp3", "gp2"] as const;
