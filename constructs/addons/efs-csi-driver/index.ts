/**
 * The EFS CSI driver (spec, "Datasets storage"): its IRSA role and the EKS add-on after the node groups. The file
 * system, its access point and mount targets are the infra stage's; Domino's installer creates the storage class.
 */
import type { ClusterAddonContext, ClusterContribution, DominoAddon, NodesAddonContext, NodesContribution } from "../addon";
import { requireRoleArn } from "../role-arns";
import { EFS_CSI_EKS_ADDON, EFS_CSI_NODE_SERVICE_ACCOUNT, EFS_CSI_ROLE_PURPOSE, EFS_CSI_SERVICE_ACCOUNT } from "./defaults";

export { EFS_CSI_EKS_ADDON, EFS_CSI_NODE_SERVICE_ACCOUNT, EFS_CSI_ROLE_PURPOSE, EFS_CSI_SERVICE_ACCOUNT } from "./defaults";

export class EfsCsiDriverAddon implements DominoAddon {
  readonly name = "efs-csi-driver";
  readonly eksAddonNames = [EFS_CSI_EKS_ADDON];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const arn = ctx.serviceAccountRole(EFS_CSI_ROLE_PURPOSE, {
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
