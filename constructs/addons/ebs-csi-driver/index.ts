/**
 * The EBS CSI driver (spec, "Dynamic block storage"): its IRSA role with grants on the deployment key, the EKS
 * add-on after the node groups, the `dominodisk-gp3` storage class (encrypted with the deployment key), and the
 * class's part of `domino_config`. Configured by `storage.blockStorage`.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type {
  ClusterAddonContext,
  ClusterContribution,
  DominoAddon,
  InstallerValuesContext,
  K8sAddonContext,
  NodesAddonContext,
  NodesContribution,
} from "../addon";
import { requireRoleArn } from "../role-arns";
import { EBS_CSI_EKS_ADDON, EBS_CSI_ROLE_PURPOSE, EBS_CSI_SERVICE_ACCOUNT, SPEC_STORAGE_CLASS } from "./defaults";
import { DominoStorageClass } from "./storage-class";

export { EBS_CSI_SERVICE_ACCOUNT, SPEC_STORAGE_CLASS } from "./defaults";
export { DEFAULT_CLASS_ANNOTATION, DominoStorageClass, type DominoStorageClassProps } from "./storage-class";

export class EbsCsiDriverAddon implements DominoAddon {
  readonly name = "ebs-csi-driver";
  readonly eksAddonNames = [EBS_CSI_EKS_ADDON];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    // gp3 volumes encrypted with the deployment key need grants on it.
    const keyUse = new DataAwsIamPolicyDocument(ctx.irsaScope, "ebs-kms", {
      statement: [
        {
          sid: "GrantsForAttachedVolumes",
          effect: "Allow",
          actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          resources: [ctx.infra.kmsKeyArn],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
        {
          sid: "EncryptVolumes",
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          resources: [ctx.infra.kmsKeyArn],
        },
      ],
    });
    const arn = ctx.serviceAccountRole(EBS_CSI_ROLE_PURPOSE, {
      namespace: EBS_CSI_SERVICE_ACCOUNT.namespace,
      serviceAccount: EBS_CSI_SERVICE_ACCOUNT.name,
      managedPolicyArns: [ctx.partition.awsManagedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")],
      inlinePolicies: { "deployment-key": keyUse.json },
    });
    return { roleArns: { [EBS_CSI_ROLE_PURPOSE]: arn } };
  }

  nodes(ctx: NodesAddonContext): NodesContribution {
    return { eksAddons: [{ name: EBS_CSI_EKS_ADDON, serviceAccountRoleArn: requireRoleArn(ctx.cluster, EBS_CSI_ROLE_PURPOSE) }] };
  }

  k8s(ctx: K8sAddonContext): void {
    const block = ctx.plan.config.storage.blockStorage;
    new DominoStorageClass(ctx.scope, "storage-class", {
      name: block.storageClassName,
      volumeType: block.type,
      kmsKeyArn: ctx.infra.kmsKeyArn,
      defaultClass: block.defaultClass,
    });
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    const block = ctx.plan.config.storage.blockStorage;
    return {
      storageClass: {
        name: block.storageClassName,
        provisioner: SPEC_STORAGE_CLASS.provisioner,
        type: block.type,
        encrypted: true,
        kmsKeyArn: ctx.infra.kmsKeyArn,
        reclaimPolicy: SPEC_STORAGE_CLASS.reclaimPolicy,
        volumeBindingMode: SPEC_STORAGE_CLASS.volumeBindingMode,
        defaultClass: block.defaultClass,
      },
    };
  }
}
