import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { Construct } from "constructs";
import { Partition } from "../core/partition";

/** The partition, account and region of the stack's provider, for the ARNs of the deployment's own resources. */
export class Account extends Partition {
  readonly accountId: string;

  constructor(scope: Construct, id: string, readonly region: string) {
    super(scope, id, "partition");
    this.accountId = new DataAwsCallerIdentity(this, "caller").accountId;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass "" for global services' region/account. */
  arn(service: string, resource: string, region: string = this.region, account: string = this.accountId): string {
    return `arn:${this.name}:${service}:${region}:${account}:${resource}`;
  }
}
