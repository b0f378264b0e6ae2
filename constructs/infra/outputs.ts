import type { BucketRole } from "../config/naming";

/**
 * What the infra stage hands to later stages. Values are tokens of the infra stack's resources: used in another
 * stack, cdktf turns each into an output here and a terraform_remote_state read there.
 * Lists indexed by zone follow plan.zones order.
 */
export interface InfraOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  /** Empty unless the VPC CNI's custom networking is used. */
  readonly podSubnetIds: readonly string[];
  /**
   * Extra subnets, in zones other than the deployment's, for the EKS control plane's network interfaces only (EKS needs
   * two zones): the created control-plane subnet, or existingVpc.controlPlaneSubnetIds; empty when the private subnets
   * suffice. Nodes never use them.
   */
  readonly controlPlaneSubnetIds: readonly string[];
  readonly kmsKeyArn: string;
  readonly kmsKeyId: string;
  readonly bucketNames: Readonly<Record<BucketRole, string>>;
  readonly bucketArns: Readonly<Record<BucketRole, string>>;
  /** IAM policies the nodes need (the spec's S3 policy, and ECR push/pull when ECR is on). */
  readonly nodePolicyArns: readonly string[];
  readonly efsFileSystemId: string;
  readonly efsAccessPointId: string;
  /** The EFS security group; the cluster stage opens NFS on it to the node security group. */
  readonly efsSecurityGroupId: string;
  readonly ecrRegistryUrl?: string;
  readonly certificateArn: string;
  /** Set when the bastion is on; the cluster stage lets it reach the API endpoint. */
  readonly bastionSecurityGroupId?: string;
}
