/**
 * What each stage hands to the later ones: the contracts between the stage stacks. Values are tokens of the producing
 * stack's resources; used in another stack, cdktf turns each into an output there and a terraform_remote_state read
 * here. Lists indexed by zone follow the deployment's availabilityZones order. They live below the stages so that
 * add-ons, which every stage calls, can read them without importing a stage.
 */
import type { BucketNames } from "../config/naming";

/** The deployment's VPC as the later stages use it: what a VPC provider returns, and part of InfraOutputs. */
export interface VpcOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** One per zone: the nodes' subnets. */
  readonly privateSubnetIds: readonly string[];
  /** One per zone, or none with a VPC without public subnets: NAT gateways, internet-facing load balancers, the bastion. */
  readonly publicSubnetIds: readonly string[];
  /** One per zone, or empty without the VPC CNI's custom networking. */
  readonly podSubnetIds: readonly string[];
  /**
   * Extra subnets, in zones other than the deployment's, for the EKS control plane's network interfaces only (EKS needs
   * two zones): the created control-plane subnet, or existingVpc.controlPlaneSubnetIds; empty when the private subnets
   * suffice. Nodes never use them.
   */
  readonly controlPlaneSubnetIds: readonly string[];
}

/** What the infra stage hands on: network, key, buckets, EFS, registry, certificate. */
export interface InfraOutputs extends VpcOutputs {
  readonly kmsKeyArn: string;
  readonly kmsKeyId: string;
  /** By role; `costs` only with `storage.s3.costs.enabled`. */
  readonly bucketNames: BucketNames;
  readonly bucketArns: BucketNames;
  /** The log bucket `<deployId>-monitoring` (load-balancer access logs go here); undefined when turned off. */
  readonly monitoringBucketName?: string;
  readonly monitoringBucketArn?: string;
  /** IAM policies the nodes need (the spec's S3 policy, and ECR push/pull when ECR is on). */
  readonly nodePolicyArns: readonly string[];
  readonly efsFileSystemId: string;
  readonly efsAccessPointId: string;
  /** The EFS security group; the cluster stage opens NFS on it to the node security group. */
  readonly efsSecurityGroupId: string;
  readonly ecrRegistryUrl?: string;
  /** `<account>.dkr.ecr.<region>.<dns suffix>`, set when `registries.pullThroughCache` is on: the k8s stage's image registry for cached upstreams. */
  readonly pullThroughCacheRegistry?: string;
  readonly certificateArn: string;
  /** ACM's DNS validation records of the certificate (domain_validation_options; a token of a list of objects). */
  readonly certificateValidationRecords?: unknown;
  /** Set when the bastion is on; the cluster stage lets it reach the API endpoint. */
  readonly bastionSecurityGroupId?: string;
}

/** What the cluster stage hands to the nodes and k8s stages. */
export interface ClusterOutputs {
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly clusterCertificateAuthorityData: string;
  readonly clusterVersion: string;
  /** The cluster's service IPv4 CIDR (EKS chooses 10.100.0.0/16 or 172.20.0.0/16): custom-AMI nodes bootstrap with it. */
  readonly clusterServiceIpv4Cidr: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  readonly clusterSecurityGroupId: string;
  readonly nodeSecurityGroupId: string;
  /**
   * The add-ons' service-account role ARNs by purpose (the built-ins: ebs-csi, efs-csi, with the autoscaler on and
   * `autoscaler.iam: irsa` cluster-autoscaler, load-balancer-controller unless it is off, external-dns when it is on).
   */
  readonly irsaRoleArns: Readonly<Record<string, string>>;
  /** Set when a pool is run by Karpenter: what its controller and EC2NodeClasses need from the cluster stage. */
  readonly karpenter?: {
    readonly nodeRoleName: string;
    readonly nodeRoleArn: string;
    readonly interruptionQueueName: string;
  };
}

/** What the nodes stage hands to the k8s stage. */
export interface NodesOutputs {
  /** Node group names keyed by `<pool>` (platform) or `<pool>-<zoneId>` (compute pools). */
  readonly nodeGroupNames: Readonly<Record<string, string>>;
}
