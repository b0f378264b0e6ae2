import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ELB_LOG_DELIVERY_ACCOUNT_REGIONS } from "../config/aws-facts";
import type { Account } from "./account";
import { ELB_ACCESS_LOG_PREFIX, S3_ACCESS_LOG_PREFIX, VPC_FLOW_LOG_PREFIX } from "../config/defaults";
import { protectBucket } from "./buckets";


export interface MonitoringBucketProps {
  readonly account: Account;
  /** `<deployId>-monitoring` */
  readonly name: string;
  readonly forceDestroy: boolean;
  readonly noncurrentVersionExpirationDays?: number | null;
  /** ARNs of the buckets whose server access logs come here (aws:SourceArn of the logging.s3 grant); none: no grant. */
  readonly accessLogSourceBucketArns: readonly string[];
  /** Grant VPC flow log delivery (delivery.logs) under `vpc-flow-logs/`. */
  readonly flowLogs: boolean;
}

/**
 * The deployment's log bucket: S3 server access logs of the buckets, load-balancer access logs and, optionally, VPC
 * flow logs. Every protection of the other buckets except SSE-KMS: S3 server access logging and ALB/CLB access logs
 * deliver only to buckets with SSE-S3 default encryption, so this bucket uses AES256 (see `sseS3ForLogDelivery`).
 * Each delivering service gets s3:PutObject under its own prefix and only for this account.
 */
export class MonitoringBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy: log deliveries (the flow log) wait for it. */
  readonly policy: S3BucketPolicy;
  /** The ELB account data source, in regions that deliver load-balancer logs as an ELB account. */
  readonly elbServiceAccount?: DataAwsElbServiceAccount;
  private readonly accessLogSources: string[];

  constructor(scope: Construct, id: string, props: MonitoringBucketProps) {
    super(scope, id);
    const { account } = props;
    this.accessLogSources = [...props.accessLogSourceBucketArns];
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.name,
      forceDestroy: props.forceDestroy,
      objectLockEnabled: false,
      lifecycle: props.forceDestroy ? undefined : { preventDestroy: true },
    });
    const arn = this.bucket.arn;
    const sourceAccount = { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] };
    const statements: DataAwsIamPolicyDocumentStatement[] = [];

    // S3 server access logs: with ACLs disabled (BucketOwnerEnforced) the logging service writes through this grant,
    // for the listed source buckets of this account only (more join through allowAccessLogsFrom before synth).
    // With no source (every bucket brought, none added), the bucket's own ARN: valid, and never a source (it does not log to itself).
    const sources = Lazy.listValue({ produce: () => (this.accessLogSources.length > 0 ? this.accessLogSources : [account.arn("s3", props.name, "", "")]) });
    statements.push({
      sid: "S3ServerAccessLogs",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: [account.globalServicePrincipal("logging.s3")] }],
      actions: ["s3:PutObject"],
      resources: [`${arn}/${S3_ACCESS_LOG_PREFIX}*`],
      condition: [sourceAccount, { test: "ArnLike", variable: "aws:SourceArn", values: sources }],
    });

    // Application and Classic Load Balancers: the regional ELB account in the regions opened before August 2022
    // (GovCloud and China included), the log delivery service principal everywhere else.
    const elbLogs = `${arn}/${ELB_ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`;
    if (ELB_LOG_DELIVERY_ACCOUNT_REGIONS.includes(account.region)) {
      this.elbServiceAccount = new DataAwsElbServiceAccount(this, "elb-account", {});
    }
    statements.push({
      sid: "ElbAccessLogs",
      effect: "Allow",
      principals: this.elbServiceAccount
        ? [{ type: "AWS", identifiers: [this.elbServiceAccount.arn] }]
        : [{ type: "Service", identifiers: [account.globalServicePrincipal("logdelivery.elasticloadbalancing")] }],
      actions: ["s3:PutObject"],
      resources: [elbLogs],
    });

    // Network Load Balancer access logs and VPC flow logs: the vended-logs service, for this account's sources only.
    const deliverySource = [
      sourceAccount,
      { test: "ArnLike", variable: "aws:SourceArn", values: [account.arn("logs", "*")] },
    ];
    const deliveryPrincipal = [{ type: "Service", identifiers: [account.globalServicePrincipal("delivery.logs")] }];
    statements.push(
      {
        sid: "LogDeliveryAclCheck",
        effect: "Allow",
        principals: deliveryPrincipal,
        actions: ["s3:GetBucketAcl", "s3:ListBucket"],
        resources: [arn],
        condition: deliverySource,
      },
      {
        sid: "LogDeliveryWrite",
        effect: "Allow",
        principals: deliveryPrincipal,
        actions: ["s3:PutObject"],
        resources: [elbLogs, ...(props.flowLogs ? [`${arn}/${VPC_FLOW_LOG_PREFIX}AWSLogs/${account.accountId}/*`] : [])],
        condition: [{ test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }, ...deliverySource],
      },
    );

    this.policy = protectBucket(this.bucket, {
      sseS3ForLogDelivery: true,
      policyStatements: statements,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
    }).policy;
  }

  /**
   * Lets S3 server access logs of another bucket of this account come here (the aws:SourceArn list of the
   * logging.s3 grant); `protectBucket(bucket, { accessLogs: monitoring })` calls it.
   */
  allowAccessLogsFrom(bucketArn: string): void {
    if (!this.accessLogSources.includes(bucketArn)) this.accessLogSources.push(bucketArn);
  }
}
