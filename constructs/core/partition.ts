import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Construct } from "constructs";

/** Services whose principal ends in amazonaws.com in every partition (see Partition.globalServicePrincipal). */
export type GlobalPrincipalService = "eks" | "pods.eks" | "logging.s3" | "delivery.logs" | "logdelivery.elasticloadbalancing" | "events" | "sqs";

/** The provider's partition, so that no ARN or service principal holds a literal `aws` or `amazonaws.com`. */
export class Partition extends Construct {
  /** aws, aws-us-gov, aws-cn (token) */
  readonly name: string;
  /** amazonaws.com, or amazonaws.com.cn in China (token) */
  readonly dnsSuffix: string;

  /** `lookupId`: the data source's id in this construct, so part of its Terraform address, which each stage keeps. */
  constructor(scope: Construct, id: string, lookupId = "current") {
    super(scope, id);
    const data = new DataAwsPartition(this, lookupId);
    this.name = data.partition;
    this.dnsSuffix = data.dnsSuffix;
  }

  /** An AWS-managed policy: `awsManagedPolicyArn("AmazonEKSClusterPolicy")`, `("service-role/AmazonEBSCSIDriverPolicy")`. */
  awsManagedPolicyArn(path: string): string {
    return `arn:${this.name}:iam::aws:policy/${path}`;
  }

  /** A service principal such as `ec2.amazonaws.com` (`ec2.amazonaws.com.cn` in China). */
  servicePrincipal(service: string): string {
    return `${service}.${this.dnsSuffix}`;
  }

  /**
   * The principal of a service named `<service>.amazonaws.com` in every partition, China included (AWS's China
   * documentation, docs.amazonaws.cn: EKS, EKS Pod Identity, S3 server access logging, log delivery, ELB log delivery;
   * EventBridge and SQS as Karpenter's interruption-queue template names them in every partition).
   */
  globalServicePrincipal(service: GlobalPrincipalService): string {
    return `${service}.amazonaws.com`;
  }
}
