/** The EFS CSI driver's names (spec, "Datasets storage"). Pure data; no cdktf imports. */

/** The EKS add-on that installs the driver. */
export const EFS_CSI_EKS_ADDON = "aws-efs-csi-driver";

/** The controller's service account, which the IRSA role trusts. */
export const EFS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "efs-csi-controller-sa" } as const;

/**
 * The aws-efs-csi-driver add-on puts its role on the node DaemonSet's service account too (efs-utils uses it for
 * IAM-authorized mounts and mount-target lookups), so the role must trust both.
 */
export const EFS_CSI_NODE_SERVICE_ACCOUNT = "efs-csi-node-sa";

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const EFS_CSI_ROLE_PURPOSE = "efs-csi";
