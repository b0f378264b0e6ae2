import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { SERVICE_ACCOUNTS } from "../config/defaults";
import type { Partition } from "../core/partition";
import { AutoscalerPolicy } from "./autoscaler-policy";
import { IrsaRole } from "./irsa-role";
import { IRSA_PURPOSES } from "./outputs";

export interface ClusterIrsaRolesProps {
  readonly partition: Partition;
  readonly clusterName: string;
  readonly roleName: (purpose: string) => string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
  readonly kmsKeyArn: string;
  /** false with `autoscaler.iam: node-role` or the autoscaler off: no autoscaler role. */
  readonly autoscalerRole: boolean;
}

/**
 * The aws-efs-csi-driver add-on puts its role on the node DaemonSet's service account too (efs-utils uses it for
 * IAM-authorized mounts and mount-target lookups), so the role must trust both.
 */
export const EFS_CSI_NODE_SERVICE_ACCOUNT = "efs-csi-node-sa";

/** IRSA roles of the EBS and EFS CSI controllers and the cluster autoscaler. */
export class ClusterIrsaRoles extends Construct {
  readonly ebsCsi: IrsaRole;
  readonly efsCsi: IrsaRole;
  readonly clusterAutoscaler?: IrsaRole;
  /** Role ARNs by purpose. */
  readonly arns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ClusterIrsaRolesProps) {
    super(scope, id);
    const oidc = { oidcProviderArn: props.oidcProviderArn, oidcIssuerUrl: props.oidcIssuerUrl };

    // Spec, "Dynamic block storage": gp3 volumes encrypted with the deployment key need grants on it.
    const ebsKms = new DataAwsIamPolicyDocument(this, "ebs-kms", {
      statement: [
        {
          sid: "GrantsForAttachedVolumes",
          effect: "Allow",
          actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
          resources: [props.kmsKeyArn],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
        {
          sid: "EncryptVolumes",
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          resources: [props.kmsKeyArn],
        },
      ],
    });
    this.ebsCsi = new IrsaRole(this, "ebs-csi", {
      ...oidc,
      roleName: props.roleName(IRSA_PURPOSES.ebsCsi),
      namespace: SERVICE_ACCOUNTS.ebsCsi.namespace,
      serviceAccount: SERVICE_ACCOUNTS.ebsCsi.name,
      managedPolicyArns: [props.partition.awsManagedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")],
      inlinePolicies: { "deployment-key": ebsKms.json },
    });
    this.efsCsi = new IrsaRole(this, "efs-csi", {
      ...oidc,
      roleName: props.roleName(IRSA_PURPOSES.efsCsi),
      namespace: SERVICE_ACCOUNTS.efsCsi.namespace,
      serviceAccount: SERVICE_ACCOUNTS.efsCsi.name,
      otherServiceAccounts: [EFS_CSI_NODE_SERVICE_ACCOUNT],
      managedPolicyArns: [props.partition.awsManagedPolicyArn("service-role/AmazonEFSCSIDriverPolicy")],
    });
    const arns: Record<string, string> = { [IRSA_PURPOSES.ebsCsi]: this.ebsCsi.arn, [IRSA_PURPOSES.efsCsi]: this.efsCsi.arn };
    if (props.autoscalerRole) {
      const policy = new AutoscalerPolicy(this, "autoscaler-policy", { clusterName: props.clusterName });
      this.clusterAutoscaler = new IrsaRole(this, "cluster-autoscaler", {
        ...oidc,
        roleName: props.roleName(IRSA_PURPOSES.clusterAutoscaler),
        namespace: SERVICE_ACCOUNTS.clusterAutoscaler.namespace,
        serviceAccount: SERVICE_ACCOUNTS.clusterAutoscaler.name,
        inlinePolicies: { "cluster-autoscaler": policy.json },
      });
      arns[IRSA_PURPOSES.clusterAutoscaler] = this.clusterAutoscaler.arn;
    }
    this.arns = arns;
  }
}
