/**
 * The EFS CSI driver (spec, "Datasets storage"): its IRSA role and the EKS add-on after the node groups. The file
 * system, its access point and mount targets are the infra stage's; Domino's installer creates the storage class.
 */
import { iamName } from "../../config/naming";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, NodesAddonContext, NodesContribution } from "../addon";
import { requireRoleArn } from "../role-arns";

export const EFS_CSI_EKS_ADDON = "aws-efs-csi-driver";
export const EFS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "efs-csi-controller-sa" } as const;

/**
 * The aws-efs-csi-driver add-on puts its role on the node DaemonSet's service account too (efs-utils uses it for
 * IAM-authorized mounts and mount-target lookups), so the role must trust both.
 */
export const EFS_CSI_NODE_SERVICE_ACCOUNT = "efs-csi-node-sa";

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const EFS_CSI_ROLE_PURPOSE = "efs-csi";

export class EfsCsiDriverAddon implements DominoAddon {
  readonly name = "efs-csi-driver";
  readonly eksAddonNames = [EFS_CSI_EKS_ADDON];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const arn = ctx.serviceAccountRole(EFS_CSI_ROLE_PURPOSE, {
      roleName: iamName(ctx.plan.deployId, EFS_CSI_ROLE_PURPOSE),
      namespace: EFS_CSI_SERVICE_ACCOUNT.namespace,
      serviceAccount: EFS_CSI_SERVICE_ACCOUNT.name,
      otherServiceAccounts: [EFS_CSI_NODE_SERVICE_ACCOUNT],
      managedPolicyArns: [ctx.partition.awsManagedPolicyArn("service-role/AmazonEFSCSIDriverPolicy")],
    });
    return { roleArns: { [EFS_CSI_ROLE_PURPOSE]: arn } };
  }

  nodes(ctx: NodesAddonContext): NodesContribution {
    return { eksAddons: [{ name: EFS_CSI_EKS_ADDON, serviceAccountRoleArn: requireRoleArn(ctx.cluster, EFS_CSI_ROLE_PURPOSE) }] };
  }
}
