import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Construct } from "constructs";

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

  /** A service principal such as `eks.amazonaws.com`. */
  servicePrincipal(service: string): string {
    return `${service}.${this.dnsSuffix}`;
  }
}
