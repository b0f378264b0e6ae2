import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Construct } from "constructs";

/** Reads the partition and account of the stack's provider, so that no ARN holds a literal `arn:aws`. */
export class Account extends Construct {
  /** aws, aws-us-gov, aws-cn (token) */
  readonly partition: string;
  /** amazonaws.com, or amazonaws.com.cn in China (token) */
  readonly dnsSuffix: string;
  readonly accountId: string;

  constructor(scope: Construct, id: string, readonly region: string) {
    super(scope, id);
    const partition = new DataAwsPartition(this, "partition");
    const caller = new DataAwsCallerIdentity(this, "caller");
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.accountId = caller.accountId;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass "" for global services' region/account. */
  arn(service: string, resource: string, region: string = this.region, account: string = this.accountId): string {
    return `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
  }
}
