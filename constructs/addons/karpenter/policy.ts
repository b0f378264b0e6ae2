/**
 * The Karpenter controller's IAM policy, as typed statements: the permissions of Karpenter's published v1.9
 * CloudFormation template (its node-lifecycle, IAM-integration, EKS-integration, interruption and resource-discovery
 * policies), with the template's `*` accounts narrowed to this account where the resources are ours, the subnets and
 * security groups narrowed to the cluster's VPC, and the KMS permissions the deployment key needs (the template assumes
 * AWS-managed keys): EBS volumes encrypted with it through EC2, and the interruption queue's messages through SQS.
 */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement, type DataAwsIamPolicyDocumentStatementCondition } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";

export interface KarpenterControllerPolicyProps {
  /** The partition name (a token). */
  readonly partition: string;
  /** The partition's DNS suffix (a token): service principals and kms:ViaService values. */
  readonly dnsSuffix: string;
  readonly region: string;
  /** The account id (a token). */
  readonly accountId: string;
  /** The cluster's name as a plain string: it is part of tag condition keys. */
  readonly clusterName: string;
  /** The cluster's VPC: the only one whose subnets and security groups Karpenter may launch into. */
  readonly vpcId: string;
  /** The Karpenter node role: the only role Karpenter may pass to EC2 (through its instance profiles). */
  readonly nodeRoleArn: string;
  readonly interruptionQueueArn: string;
  /** The deployment key: EBS volumes of Karpenter's nodes and the queue's messages are encrypted with it. */
  readonly kmsKeyArn: string;
  /**
   * Some Karpenter pool launches Spot capacity: the controller may create EC2 Spot's service-linked role, which an
   * account that never ran Spot lacks (EC2 refuses the launch without it). @default false
   */
  readonly spot?: boolean;
}

/** Read-only EC2 lookups, in this region only (Karpenter v1.9's AllowRegionalReadActions). */
export const KARPENTER_EC2_READ_ACTIONS = [
  "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceTypeOfferings",
  "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory",
  "ec2:DescribeSubnets",
] as const;

/** What Karpenter does with the messages of its interruption queue. */
export const KARPENTER_QUEUE_ACTIONS = ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"] as const;

/** The service of EC2 Spot's service-linked role (AWSServiceRoleForEC2Spot). */
const SPOT_SERVICE = "spot.amazonaws.com";

/** The tags Karpenter v1 puts on every instance, volume, launch template and instance profile it creates. */
const NODEPOOL_TAG = "karpenter.sh/nodepool";
const NODECLASS_TAG = "karpenter.k8s.aws/ec2nodeclass";
const EKS_CLUSTER_NAME_TAG = "eks:eks-cluster-name";
const REGION_TAG = "topology.kubernetes.io/region";

type Condition = DataAwsIamPolicyDocumentStatementCondition;

/** The statements, in the order of Karpenter's template (sids kept, so the published documentation maps onto them). */
export function karpenterControllerStatements(p: KarpenterControllerPolicyProps): DataAwsIamPolicyDocumentStatement[] {
  const ec2 = (resource: string, account: string = p.accountId) => `arn:${p.partition}:ec2:${p.region}:${account}:${resource}`;
  const instanceProfiles = `arn:${p.partition}:iam::${p.accountId}:instance-profile/*`;
  const clusterTag = `kubernetes.io/cluster/${p.clusterName}`;
  const equals = (variable: string, values: string[]): Condition => ({ test: "StringEquals", variable, values });
  const present = (variable: string): Condition => ({ test: "StringLike", variable, values: ["*"] });
  const ownedRequest = [equals(`aws:RequestTag/${clusterTag}`, ["owned"]), equals(`aws:RequestTag/${EKS_CLUSTER_NAME_TAG}`, [p.clusterName])];
  const ownedResource = [equals(`aws:ResourceTag/${clusterTag}`, ["owned"])];
  const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map((r) => ec2(r));
  const viaService = (service: string): Condition => equals("kms:ViaService", [`${service}.${p.region}.${p.dnsSuffix}`]);
  return [
    {
      sid: "AllowScopedEC2InstanceAccessActions",
      effect: "Allow",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      // Public and own AMIs and snapshots; capacity reservations may be shared from another account.
      resources: [ec2("image/*", ""), ec2("snapshot/*", ""), ec2("capacity-reservation/*", "*")],
    },
    {
      sid: "AllowScopedEC2NetworkAccessActions",
      effect: "Allow",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      // The subnets may belong to the owner of a shared VPC; either way, only the cluster's VPC.
      resources: [ec2("subnet/*", "*"), ec2("security-group/*")],
      condition: [{ test: "ArnLike", variable: "ec2:Vpc", values: [ec2(`vpc/${p.vpcId}`, "*")] }],
    },
    {
      sid: "AllowScopedEC2LaunchTemplateAccessActions",
      effect: "Allow",
      actions: ["ec2:RunInstances", "ec2:CreateFleet"],
      resources: [ec2("launch-template/*")],
      condition: [...ownedResource, present(`aws:ResourceTag/${NODEPOOL_TAG}`)],
    },
    {
      sid: "AllowScopedEC2InstanceActionsWithTags",
      effect: "Allow",
      actions: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      resources: launched,
      condition: [...ownedRequest, present(`aws:RequestTag/${NODEPOOL_TAG}`)],
    },
    {
      sid: "AllowScopedResourceCreationTagging",
      effect: "Allow",
      actions: ["ec2:CreateTags"],
      resources: launched,
      condition: [...ownedRequest, equals("ec2:CreateAction", ["RunInstances", "CreateFleet", "CreateLaunchTemplate"]), present(`aws:RequestTag/${NODEPOOL_TAG}`)],
    },
    {
      sid: "AllowScopedResourceTagging",
      effect: "Allow",
      actions: ["ec2:CreateTags"],
      resources: [ec2("instance/*")],
      condition: [
        ...ownedResource,
        present(`aws:ResourceTag/${NODEPOOL_TAG}`),
        { test: "StringEqualsIfExists", variable: `aws:RequestTag/${EKS_CLUSTER_NAME_TAG}`, values: [p.clusterName] },
        { test: "ForAllValues:StringEquals", variable: "aws:TagKeys", values: [EKS_CLUSTER_NAME_TAG, "karpenter.sh/nodeclaim", "Name"] },
      ],
    },
    {
      sid: "AllowScopedDeletion",
      effect: "Allow",
      actions: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      resources: [ec2("instance/*"), ec2("launch-template/*")],
      condition: [...ownedResource, present(`aws:ResourceTag/${NODEPOOL_TAG}`)],
    },
    {
      sid: "AllowPassingInstanceRole",
      effect: "Allow",
      actions: ["iam:PassRole"],
      resources: [p.nodeRoleArn],
      condition: [equals("iam:PassedToService", [`ec2.${p.dnsSuffix}`])],
    },
    {
      sid: "AllowScopedInstanceProfileCreationActions",
      effect: "Allow",
      actions: ["iam:CreateInstanceProfile"],
      resources: [instanceProfiles],
      condition: [...ownedRequest, equals(`aws:RequestTag/${REGION_TAG}`, [p.region]), present(`aws:RequestTag/${NODECLASS_TAG}`)],
    },
    {
      sid: "AllowScopedInstanceProfileTagActions",
      effect: "Allow",
      actions: ["iam:TagInstanceProfile"],
      resources: [instanceProfiles],
      condition: [
        ...ownedResource,
        equals(`aws:ResourceTag/${REGION_TAG}`, [p.region]),
        ...ownedRequest,
        equals(`aws:RequestTag/${REGION_TAG}`, [p.region]),
        present(`aws:ResourceTag/${NODECLASS_TAG}`),
        present(`aws:RequestTag/${NODECLASS_TAG}`),
      ],
    },
    {
      sid: "AllowScopedInstanceProfileActions",
      effect: "Allow",
      actions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      resources: [instanceProfiles],
      condition: [...ownedResource, equals(`aws:ResourceTag/${REGION_TAG}`, [p.region]), present(`aws:ResourceTag/${NODECLASS_TAG}`)],
    },
    ...(p.spot
      ? [{
          sid: "AllowSpotServiceLinkedRoleCreation",
          effect: "Allow",
          actions: ["iam:CreateServiceLinkedRole"],
          resources: [`arn:${p.partition}:iam::${p.accountId}:role/aws-service-role/${SPOT_SERVICE}/AWSServiceRoleForEC2Spot`],
          condition: [equals("iam:AWSServiceName", [SPOT_SERVICE])],
        }]
      : []),
    {
      sid: "AllowAPIServerEndpointDiscovery",
      effect: "Allow",
      actions: ["eks:DescribeCluster"],
      resources: [`arn:${p.partition}:eks:${p.region}:${p.accountId}:cluster/${p.clusterName}`],
    },
    { sid: "AllowInterruptionQueueActions", effect: "Allow", actions: [...KARPENTER_QUEUE_ACTIONS], resources: [p.interruptionQueueArn] },
    {
      sid: "AllowRegionalReadActions",
      effect: "Allow",
      actions: [...KARPENTER_EC2_READ_ACTIONS],
      resources: ["*"],
      condition: [equals("aws:RequestedRegion", [p.region])],
    },
    {
      sid: "AllowSSMReadActions",
      effect: "Allow",
      actions: ["ssm:GetParameter"],
      // The public parameters of the EKS-optimized AMIs (/aws/service/eks/..., /aws/service/bottlerocket/...).
      resources: [`arn:${p.partition}:ssm:${p.region}::parameter/aws/service/*`],
    },
    // The Price List API answers from a few regions only, so no region condition.
    { sid: "AllowPricingReadActions", effect: "Allow", actions: ["pricing:GetProducts"], resources: ["*"] },
    { sid: "AllowUnscopedInstanceProfileListAction", effect: "Allow", actions: ["iam:ListInstanceProfiles"], resources: ["*"] },
    { sid: "AllowInstanceProfileReadActions", effect: "Allow", actions: ["iam:GetInstanceProfile"], resources: [instanceProfiles] },
    {
      // EC2 uses the launching principal's rights on the key of the EC2NodeClass's encrypted volumes.
      sid: "AllowNodeVolumeEncryption",
      effect: "Allow",
      actions: ["kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:ReEncrypt*", "kms:DescribeKey"],
      resources: [p.kmsKeyArn],
      condition: [viaService("ec2")],
    },
    {
      sid: "AllowNodeVolumeGrants",
      effect: "Allow",
      actions: ["kms:CreateGrant"],
      resources: [p.kmsKeyArn],
      condition: [viaService("ec2"), { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
    },
    {
      sid: "AllowInterruptionMessageDecryption",
      effect: "Allow",
      actions: ["kms:Decrypt"],
      resources: [p.kmsKeyArn],
      condition: [viaService("sqs")],
    },
  ];
}

/** The controller's policy document; `json` is what its Pod Identity role gets inline. */
export class KarpenterControllerPolicy extends Construct {
  readonly json: string;

  constructor(scope: Construct, id: string, props: KarpenterControllerPolicyProps) {
    super(scope, id);
    this.json = new DataAwsIamPolicyDocument(this, "document", { statement: karpenterControllerStatements(props) }).json;
  }
}
