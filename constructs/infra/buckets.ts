import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS, BUCKET_ROLES, DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS } from "../config/defaults";
import type { BucketRole } from "../config/naming";

export interface BucketsProps {
  readonly names: Readonly<Record<BucketRole, string>>;
  readonly kmsKeyArn: string;
  /** Test installs: allow destroying non-empty buckets and drop prevent_destroy. */
  readonly forceDestroy: boolean;
  /** Days a replaced or deleted object version is kept (`storage.s3.noncurrentVersionExpirationDays`); null keeps them. @default 90 */
  readonly noncurrentVersionExpirationDays?: number | null;
}

/**
 * The spec's four buckets (user data, internal Docker registry, logs, backups), each SSE-KMS with the deployment
 * key, versioned, never public, ACLs disabled, TLS only. The construct id of each bucket is its role: a contract.
 */
export class Buckets extends Construct {
  readonly buckets: Readonly<Record<BucketRole, S3Bucket>>;

  constructor(scope: Construct, id: string, props: BucketsProps) {
    super(scope, id);
    const buckets = {} as Record<BucketRole, S3Bucket>;
    for (const role of BUCKET_ROLES) {
      buckets[role] = this.bucket(role, props);
    }
    this.buckets = buckets;
  }

  get names(): Record<BucketRole, string> {
    return mapRoles((role) => this.buckets[role].bucket);
  }

  get arns(): Record<BucketRole, string> {
    return mapRoles((role) => this.buckets[role].arn);
  }

  private bucket(role: BucketRole, props: BucketsProps): S3Bucket {
    const bucket = new S3Bucket(this, role, {
      bucket: props.names[role],
      forceDestroy: props.forceDestroy,
      objectLockEnabled: false,
      lifecycle: props.forceDestroy ? undefined : { preventDestroy: true },
    });
    protectBucket(bucket, { kmsKeyArn: props.kmsKeyArn, noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays });
    return bucket;
  }
}

export interface BucketProtectionProps {
  /** The key for SSE-KMS (the deployment key: `infraOutputs.kmsKeyArn`). */
  readonly kmsKeyArn: string;
  /** Days a replaced or deleted object version is kept before it expires; null keeps old versions forever. @default 90 */
  readonly noncurrentVersionExpirationDays?: number | null;
}

/**
 * What every bucket of the deployment has, for a bucket of your own: SSE-KMS with bucket keys, versioning, the four
 * public-access blocks, ACLs disabled, a TLS-only policy, and a lifecycle that aborts incomplete multipart uploads after 7
 * days and expires noncurrent versions. The resources go beside the bucket, with ids `<bucket id>-encryption`,
 * `-versioning`, `-public-access`, `-ownership`, `-policy-document`, `-policy`, `-lifecycle`. Set
 * `lifecycle: { preventDestroy: true }` on the bucket yourself (it must be given when the bucket is created).
 */
export function protectBucket(bucket: S3Bucket, props: BucketProtectionProps): void {
  const scope = bucket.node.scope;
  if (!scope) throw new Error("protectBucket: the bucket has no scope");
  const id = bucket.node.id;
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: bucket.id,
    rule: [
      {
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
    ],
  });
  new S3BucketPolicy(scope, `${id}-policy`, {
    bucket: bucket.id,
    policy: policy.json,
    // S3 rejects a bucket policy while the public access block is being written.
    dependsOn: [publicAccess],
  });
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

function mapRoles<T>(f: (role: BucketRole) => T): Record<BucketRole, T> {
  return Object.fromEntries(BUCKET_ROLES.map((role) => [role, f(role)])) as Record<BucketRole, T>;
}
