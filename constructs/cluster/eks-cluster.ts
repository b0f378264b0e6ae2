import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { CONTROL_PLANE_LOG_TYPES } from "../config/defaults";
import type { Partition } from "../core/partition";
import { IRSA_AUDIENCE } from "./irsa-role";

export interface EksControlPlaneProps {
  readonly partition: Partition;
  /** The account id (token) and region: the role's trust accepts EKS acting for this account's cluster only. */
  readonly accountId: string;
  readonly region: string;
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** The deployment key: Secrets envelope encryption and the log group. */
  readonly kmsKeyArn: string;
  /**
   * In at least two zones: the private subnet of each zone EKS supports (EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS), plus
   * the infra stage's control-plane subnets.
   */
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
  /** Empty keeps the API endpoint private; otherwise exactly these CIDRs reach the public endpoint. */
  readonly publicAccessCidrs: readonly string[];
  /**
   * API: access entries only. API_AND_CONFIG_MAP: the aws-auth ConfigMap keeps working beside them, for a cluster
   * adopted from the ConfigMap (EKS moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API one step per update, never back).
   * @default "API"
   */
  readonly authenticationMode?: "API" | "API_AND_CONFIG_MAP";
}

/**
 * The managed control plane: its IAM role, the control-plane log group, the cluster (private endpoint, Secrets
 * encrypted with the deployment key, every log type, access entries as the authentication mode) and the OIDC
 * provider for IRSA.
 */
export class EksControlPlane extends Construct {
  readonly cluster: EksCluster;
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    const { partition } = props;
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole", "sts:TagSession"],
          principals: [{ type: "Service", identifiers: [partition.globalServicePrincipal("eks")] }],
          // Confused-deputy guard, which EKS accepts on the cluster role: only for this account's cluster of this name.
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${partition.name}:eks:${props.region}:${props.accountId}:cluster/${props.clusterName}`] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `EKS control plane of ${props.clusterName}`,
      assumeRolePolicy: trust.json,
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: this.role.name,
      policyArn: partition.awsManagedPolicyArn("AmazonEKSClusterPolicy"),
    });
    const keyUse = new DataAwsIamPolicyDocument(this, "secrets-encryption", {
      statement: [
        {
          effect: "Allow",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: [props.kmsKeyArn],
        },
      ],
    });
    const keyPolicy = new IamRolePolicy(this, "secrets-encryption-policy", {
      name: "secrets-encryption",
      role: this.role.id,
      policy: keyUse.json,
    });

    // EKS creates this group itself when missing (unencrypted, kept forever): it must exist before the cluster.
    const logGroup = new CloudwatchLogGroup(this, "logs", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    const publicAccess = props.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, "cluster", {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: this.role.arn,
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
      accessConfig: { authenticationMode: props.authenticationMode ?? "API", bootstrapClusterCreatorAdminPermissions: true },
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        securityGroupIds: [props.securityGroupId],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        ...(publicAccess ? { publicAccessCidrs: [...props.publicAccessCidrs] } : {}),
      },
      dependsOn: [logGroup, clusterPolicy, keyPolicy],
      // Both bootstrap settings apply only at creation, and the provider reads them back differently on imported or
      // older clusters, which would force a replacement (hashicorp/terraform-provider-aws #35824, #38967, #39058).
      lifecycle: { preventDestroy: true, ignoreChanges: ["access_config[0].bootstrap_cluster_creator_admin_permissions", "bootstrap_self_managed_addons"] },
    });

    // Without a thumbprint list the provider uses the certificate chain AWS trusts for EKS issuers.
    this.oidcProvider = new IamOpenidConnectProvider(this, "oidc", {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: [IRSA_AUDIENCE],
      tags: { Name: `${props.clusterName}-irsa` },
    });
  }
}
