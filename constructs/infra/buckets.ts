import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS, S3_ACCESS_LOG_PREFIX } from "../config/defaults";
import { bucketRolesOf, type BucketNames, type BucketRole, type DataBucketRole } from "../config/naming";
import type { Account } from "./account";


export interface BucketsProps {
  /** For the partition-aware ARNs of existing buckets; required with `existing`. */
  readonly account?: Account;
  /** By role: the bucket to create, or the existing bucket's name for the roles in `existing`; an optional role (costs) only when on. */
  readonly names: BucketNames;
  /** Roles whose bucket exists already (`storage.s3.buckets.<role>.create: false`): nothing is created or configured for them. */
  readonly existing?: readonly BucketRole[];
  readonly kmsKeyArn: string;
  /** Test installs: allow destroying non-empty buckets and drop prevent_destroy. */
  readonly forceDestroy: boolean;
  /** Days a replaced or deleted object version is kept (`storage.s3.noncurrentVersionExpirationDays`); null keeps them. @default 90 */
  readonly noncurrentVersionExpirationDays?: number | null;
  /** The monitoring bucket's id (name): each created bucket's server access logs go there, under `s3-access-logs/<role>/`. */
  readonly accessLogBucket?: string;
}

/**
 * The spec's four buckets (user data, internal Docker registry, logs, backups), and the optional ones given in `names`
 * (costs), each SSE-KMS with the deployment key, versioned, never public, ACLs disabled, TLS only, with server access
 * logs to the monitoring bucket. The construct id of each bucket is its role: a contract. A role with an existing
 * bucket gets nothing here; its name and ARN are still in `names` and `arns`.
 */
export class Buckets extends Construct {
  /** The buckets created here, by role (the existing ones are absent). */
  readonly buckets: Readonly<Partial<Record<DataBucketRole, S3Bucket>>>;
  private readonly props: BucketsProps;

  constructor(scope: Construct, id: string, props: BucketsProps) {
    super(scope, id);
    if ((props.existing ?? []).length > 0 && props.account === undefined) throw new Error("Buckets: existing buckets need `account` (their ARNs name its partition)");
    this.props = props;
    const buckets: Partial<Record<DataBucketRole, S3Bucket>> = {};
    const existing: readonly DataBucketRole[] = props.existing ?? [];
    for (const role of bucketRolesOf(props.names)) {
      if (existing.includes(role)) continue;
      const bucket = this.bucket(role, props);
      buckets[role] = bucket;
      if (props.accessLogBucket !== undefined) {
        new S3BucketLoggingA(this, `${role}-logging`, {
          bucket: bucket.id,
          targetBucket: props.accessLogBucket,
          targetPrefix: `${S3_ACCESS_LOG_PREFIX}${role}/`,
        });
      }
    }
    this.buckets = buckets;
  }

  get names(): BucketNames {
    return this.mapRoles((role) => this.buckets[role]?.bucket ?? this.props.names[role]!);
  }

  /** Partition-aware: an existing bucket's ARN is `arn:<partition>:s3:::<name>`. */
  get arns(): BucketNames {
    return this.mapRoles((role) => this.buckets[role]?.arn ?? this.props.account!.arn("s3", this.props.names[role]!, "", ""));
  }

  private mapRoles(f: (role: DataBucketRole) => string): BucketNames {
    return Object.fromEntries(bucketRolesOf(this.props.names).map((role) => [role, f(role)])) as Record<BucketRole, string>;
  }

  private bucket(role: DataBucketRole, props: BucketsProps): S3Bucket {
    const bucket = new S3Bucket(this, role, {
      bucket: props.names[role]!,
      forceDestroy: props.forceDestroy,
      objectLockEnabled: false,
      lifecycle: props.forceDestroy ? undefined : { preventDestroy: true },
    });
    protectBucket(bucket, { kmsKeyArn: props.kmsKeyArn, noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays });
    return bucket;
  }
}

export interface BucketProtectionProps {
  /** The key for SSE-KMS (the deployment key: `infraOutputs.kmsKeyArn`); required unless `sseS3ForLogDelivery`. */
  readonly kmsKeyArn?: string;
  /**
   * SSE-S3 (AES256) instead of SSE-KMS, for a bucket that receives S3 server access logs or Application/Classic Load
   * Balancer access logs: neither service can write to a bucket whose default encryption is SSE-KMS with a
   * customer-managed key (the S3 and ELB user guides list SSE-S3 as the only supported default encryption). The
   * security rule S3_KMS_ENCRYPTION accepts AES256 only on such a log-delivery bucket. @default false
   */
  readonly sseS3ForLogDelivery?: boolean;
  /** Statements the bucket policy holds besides the TLS-only deny (log-delivery grants). */
  readonly policyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /** Days a replaced or deleted object version is kept before it expires; null keeps old versions forever. @default 90 */
  readonly noncurrentVersionExpirationDays?: number | null;
  /**
   * The deployment's monitoring bucket (`DominoDeployment.infra.monitoringBucket`): the bucket's S3 server access
   * logs go there under `s3-access-logs/<bucket id>/` (an `aws_s3_bucket_logging`, id `<bucket id>-logging`), and the
   * monitoring bucket's policy admits them.
   */
  readonly accessLogs?: AccessLogTarget;
}

/** A log bucket that admits S3 server access logs of the buckets it is told about (the MonitoringBucket). */
export interface AccessLogTarget {
  readonly bucket: S3Bucket;
  allowAccessLogsFrom(bucketArn: string): void;
}

/**
 * What every bucket of the deployment has, for a bucket of your own: SSE-KMS with bucket keys, versioning, the four
 * public-access blocks, ACLs disabled, a TLS-only policy, server access logs with `accessLogs`, and a lifecycle that aborts incomplete multipart uploads after 7
 * days and expires noncurrent versions. The resources go beside the bucket, with ids `<bucket id>-encryption`,
 * `-versioning`, `-public-access`, `-ownership`, `-policy-document`, `-policy`, `-lifecycle`. Set
 * `lifecycle: { preventDestroy: true }` on the bucket yourself (it must be given when the bucket is created).
 */
export function protectBucket(bucket: S3Bucket, props: BucketProtectionProps): { readonly policy: S3BucketPolicy } {
  const scope = bucket.node.scope;
  if (!scope) throw new Error("protectBucket: the bucket has no scope");
  const id = bucket.node.id;
  if (!props.sseS3ForLogDelivery && props.kmsKeyArn === undefined) throw new Error("protectBucket: give kmsKeyArn (SSE-KMS), or sseS3ForLogDelivery for a log-delivery bucket");
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [
      props.sseS3ForLogDelivery
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
        : {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
            // Bucket keys cut the KMS requests (and cost) of SSE-KMS by orders of magnitude.
            bucketKeyEnabled: true,
          },
    ],
  });
  new S3BucketVersioningA(scope, `${id}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
  });
  new S3BucketLifecycleConfiguration(scope, `${id}-lifecycle`, {
    bucket: bucket.id,
    rule: lifecycleRules(props.noncurrentVersionExpirationDays === undefined ? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS : props.noncurrentVersionExpirationDays),
  });
  const publicAccess = new S3BucketPublicAccessBlock(scope, `${id}-public-access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `${id}-ownership`, {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  const policy = new DataAwsIamPolicyDocument(scope, `${id}-policy-document`, {
    statement: [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      ...(props.policyStatements ?? []),
    ],
  });
  const bucketPolicy = new S3BucketPolicy(scope, `${id}-policy`, {
    bucket: bucket.id,
    policy: policy.json,
    // S3 rejects a bucket policy while the public access block is being written.
    dependsOn: [publicAccess],
  });
  if (props.accessLogs) {
    props.accessLogs.allowAccessLogsFrom(bucket.arn);
    new S3BucketLoggingA(scope, `${id}-logging`, {
      bucket: bucket.id,
      targetBucket: props.accessLogs.bucket.id,
      targetPrefix: `${S3_ACCESS_LOG_PREFIX}${id}/`,
    });
  }
  return { policy: bucketPolicy };
}

/** Whole-bucket lifecycle rules (an empty filter): uploads never completed are billed until aborted; old versions until expired. */
export function lifecycleRules(noncurrentDays: number | null) {
  return [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: [{}],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS }],
    },
    ...(noncurrentDays === null
      ? []
      : [{ id: "expire-noncurrent-versions", status: "Enabled", filter: [{}], noncurrentVersionExpiration: [{ noncurrentDays }] }]),
  ];
}
