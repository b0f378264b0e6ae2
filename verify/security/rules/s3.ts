/**
 * S3 bucket rules. Since AWS provider v4 encryption, versioning, public-access blocks and policies are separate
 * resources pointing at the bucket (`bucket = "${aws_s3_bucket.x.id}"`), possibly from another stack.
 */
import { asList, firstObject, isExpression, isObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, StackIndex, Violation } from "../context";
import { deniesInsecureTransport, grantsAction, resolvePolicyStatements, type PolicyPrincipal } from "../iam-policy";
import { resolveReference } from "../references";

const BUCKET = "aws_s3_bucket";

interface Companion {
  readonly stack: StackIndex;
  readonly block: TerraformBlock;
}

function literalName(value: unknown): string | undefined {
  return typeof value === "string" && !isExpression(value) ? value : undefined;
}

/** Whether a companion's `bucket` argument designates `bucket` (by reference, or by equal literal name). */
function designates(companion: Companion, bucket: TerraformBlock, context: RuleContext): boolean {
  const value = companion.block.body.bucket;
  const target = resolveReference(value, companion.stack, context.stacks);
  if (target !== undefined) return target.stack.name === context.stack.name && target.address === bucket.address;
  const name = literalName(bucket.body.bucket);
  return name !== undefined && literalName(value) === name;
}

function companionsOf(context: RuleContext, bucket: TerraformBlock, type: string): Companion[] {
  return context.stacks
    .flatMap((stack) => resourcesOfType(stack, type).map((block) => ({ stack, block })))
    .filter((companion) => designates(companion, bucket, context));
}

/** Runs `check` for every bucket of the stack; `check` returns a violation when the bucket fails. */
function perBucket(check: (bucket: TerraformBlock, context: RuleContext) => Violation | undefined) {
  return (context: RuleContext): Violation[] =>
    resourcesOfType(context.stack, BUCKET).flatMap((bucket) => {
      const violation = check(bucket, context);
      return violation === undefined ? [] : [violation];
    });
}

const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);

function sseAlgorithms(body: Record<string, unknown>): unknown[] {
  return asList(body.rule).flatMap((rule) =>
    isObject(rule) ? asList(rule.apply_server_side_encryption_by_default).map((d) => (isObject(d) ? d.sse_algorithm : undefined)) : [],
  );
}

/**
 * The log-delivery principals that cannot write to an SSE-KMS (customer-managed key) bucket: S3 server access logging
 * (`logging.s3`) and Application/Classic Load Balancer access logs (the regional ELB account from
 * `data.aws_elb_service_account`, or `logdelivery.elasticloadbalancing` in newer regions). The S3 user guide
 * ("Enabling server access logging") and the ALB user guide ("Enable access logs", bucket requirements) name SSE-S3
 * as the only default encryption these deliveries support.
 */
function isSseS3OnlyLogPrincipal(principal: PolicyPrincipal): boolean {
  if (principal.type === "Service") return principal.identifiers.some((id) => /^(logging\.s3|logdelivery\.elasticloadbalancing)\./.test(id));
  if (principal.type === "AWS") return principal.identifiers.some((id) => /^\$\{data\.aws_elb_service_account\.[^.}]+\.arn\}$/.test(id));
  return false;
}

/**
 * The one exception to S3_KMS_ENCRYPTION: a log-delivery bucket (the deployment's monitoring bucket), whose policy
 * lets one of those principals put objects. Such a bucket must use SSE-S3 ("AES256") or the deliveries fail; it
 * holds access logs, not Domino data. Any other bucket, or AES256 without such a grant, still needs SSE-KMS.
 */
function isSseS3LogDeliveryBucket(bucket: TerraformBlock, context: RuleContext, algorithms: readonly unknown[]): boolean {
  if (algorithms.length === 0 || !algorithms.every((algorithm) => algorithm === "AES256")) return false;
  return companionsOf(context, bucket, "aws_s3_bucket_policy").some((policy) =>
    (resolvePolicyStatements(policy.block.body.policy, policy.stack, context.stacks) ?? []).some(
      (statement) => statement.effect === "Allow" && grantsAction(statement, "s3:PutObject") && statement.principals.some(isSseS3OnlyLogPrincipal),
    ),
  );
}

const kmsEncryption: SecurityRule = {
  id: "S3_KMS_ENCRYPTION",
  // The rationale is one catalogue line; the log-delivery exception is explained at isSseS3LogDeliveryBucket.
  rationale: "Buckets hold Domino data and backups; KMS encryption keeps them under a key policy the deployment controls.",
  checkov: ["CKV_AWS_145", "CKV_AWS_19"],
  trivy: ["AVD-AWS-0088", "AVD-AWS-0132"],
  check: perBucket((bucket, context) => {
    const configurations = companionsOf(context, bucket, "aws_s3_bucket_server_side_encryption_configuration");
    const inline = firstObject(bucket.body.server_side_encryption_configuration);
    const algorithms = [...configurations.flatMap((c) => sseAlgorithms(c.block.body)), ...(inline ? sseAlgorithms(inline) : [])];
    if (algorithms.some((algorithm) => typeof algorithm === "string" && KMS_ALGORITHMS.has(algorithm))) return undefined;
    if (isSseS3LogDeliveryBucket(bucket, context, algorithms)) return undefined;
    const message =
      algorithms.length === 0
        ? "no aws_s3_bucket_server_side_encryption_configuration for this bucket; SSE-KMS (aws:kms) required"
        : `server-side encryption uses ${algorithms.map((a) => JSON.stringify(a)).join(", ")}; SSE-KMS (aws:kms or aws:kms:dsse) required`;
    return { address: bucket.address, path: "", message };
  }),
};

const versioning: SecurityRule = {
  id: "S3_VERSIONING",
  rationale: "Versioning lets deleted or overwritten Domino objects be recovered.",
  checkov: ["CKV_AWS_21"],
  trivy: ["AVD-AWS-0090"],
  check: perBucket((bucket, context) => {
    const statuses = companionsOf(context, bucket, "aws_s3_bucket_versioning").map(
      (c) => firstObject(c.block.body.versioning_configuration)?.status,
    );
    const inline = literalBool(firstObject(bucket.body.versioning)?.enabled) === true;
    if (inline || statuses.includes("Enabled")) return undefined;
    const message =
      statuses.length === 0
        ? "no aws_s3_bucket_versioning for this bucket; versioning must be Enabled"
        : `versioning status is ${statuses.map((s) => JSON.stringify(s ?? null)).join(", ")}; must be "Enabled"`;
    return { address: bucket.address, path: "", message };
  }),
};

const PUBLIC_ACCESS_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

const unsetFlags = (body: Record<string, unknown>): string[] => PUBLIC_ACCESS_FLAGS.filter((flag) => literalBool(body[flag]) !== true);

const publicAccessBlock: SecurityRule = {
  id: "S3_PUBLIC_ACCESS_BLOCK",
  rationale: "All four public-access-block flags stop a bucket from ever being exposed by an ACL or policy.",
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
  trivy: ["AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
  check: perBucket((bucket, context) => {
    const accountWide = context.stacks.some((stack) =>
      resourcesOfType(stack, "aws_s3_account_public_access_block").some((block) => unsetFlags(block.body).length === 0),
    );
    const blocks = companionsOf(context, bucket, "aws_s3_bucket_public_access_block");
    if (accountWide || blocks.some((c) => unsetFlags(c.block.body).length === 0)) return undefined;
    const message =
      blocks.length === 0
        ? "no aws_s3_bucket_public_access_block for this bucket; all four public access flags must be true"
        : `${blocks[0].block.address}: ${unsetFlags(blocks[0].block.body).join(", ")} not true`;
    return { address: bucket.address, path: "", message };
  }),
};

const tlsOnly: SecurityRule = {
  id: "S3_TLS_ONLY",
  rationale: "A bucket policy denying aws:SecureTransport=false rejects every unencrypted (plain HTTP) request.",
  checkov: [],
  trivy: [],
  check: perBucket((bucket, context) => {
    const policies = companionsOf(context, bucket, "aws_s3_bucket_policy");
    const inline = bucket.body.policy === undefined ? [] : [{ stack: context.stack, value: bucket.body.policy }];
    const sources = [...policies.map((c) => ({ stack: c.stack, value: c.block.body.policy })), ...inline];
    const enforced = sources.some((source) =>
      (resolvePolicyStatements(source.value, source.stack, context.stacks) ?? []).some(deniesInsecureTransport),
    );
    if (enforced) return undefined;
    const message =
      sources.length === 0
        ? "no aws_s3_bucket_policy for this bucket; a Deny on aws:SecureTransport = false is required"
        : "bucket policy has no Deny statement with condition aws:SecureTransport = false";
    return { address: bucket.address, path: "", message };
  }),
};

const ownershipEnforced: SecurityRule = {
  id: "S3_OWNERSHIP_ENFORCED",
  rationale: "BucketOwnerEnforced disables ACLs, so only the bucket policy and IAM decide access and every object belongs to the account.",
  checkov: ["CKV2_AWS_65"],
  trivy: [],
  check: perBucket((bucket, context) => {
    const controls = companionsOf(context, bucket, "aws_s3_bucket_ownership_controls").map(
      (c) => firstObject(c.block.body.rule)?.object_ownership,
    );
    if (controls.includes("BucketOwnerEnforced")) return undefined;
    const message =
      controls.length === 0
        ? 'no aws_s3_bucket_ownership_controls for this bucket; object_ownership must be "BucketOwnerEnforced" (ACLs disabled)'
        : `object_ownership is ${controls.map((c) => JSON.stringify(c ?? null)).join(", ")}; must be "BucketOwnerEnforced" (ACLs disabled)`;
    return { address: bucket.address, path: "", message };
  }),
};

/** Buckets that receive another bucket's access logs: they need not log themselves (that would loop). */
/** A bucket whose policy lets S3 server access logging put objects: it is where logs go, not a bucket to log. */
function receivesServerAccessLogs(bucket: TerraformBlock, context: RuleContext): boolean {
  return companionsOf(context, bucket, "aws_s3_bucket_policy").some((policy) =>
    (resolvePolicyStatements(policy.block.body.policy, policy.stack, context.stacks) ?? []).some(
      (statement) =>
        statement.effect === "Allow" &&
        grantsAction(statement, "s3:PutObject") &&
        statement.principals.some((p) => p.type === "Service" && p.identifiers.some((id) => /^logging\.s3\./.test(id))),
    ),
  );
}

function isLogTarget(bucket: TerraformBlock, context: RuleContext): boolean {
  if (receivesServerAccessLogs(bucket, context)) return true;
  const name = literalName(bucket.body.bucket);
  return context.stacks.some((stack) =>
    resourcesOfType(stack, "aws_s3_bucket_logging").some((block) => {
      const value = block.body.target_bucket;
      const target = resolveReference(value, stack, context.stacks);
      if (target !== undefined) return target.stack.name === context.stack.name && target.address === bucket.address;
      return name !== undefined && literalName(value) === name;
    }),
  );
}

const accessLogging: SecurityRule = {
  id: "S3_ACCESS_LOGGING",
  rationale: "Server access logs record every request to a bucket, for audits and incident response; the deployment's buckets log to its monitoring bucket.",
  checkov: ["CKV_AWS_18"],
  trivy: ["AVD-AWS-0089"],
  check: perBucket((bucket, context) => {
    const logging = companionsOf(context, bucket, "aws_s3_bucket_logging");
    const inline = firstObject(bucket.body.logging)?.target_bucket !== undefined;
    if (inline || logging.some((c) => c.block.body.target_bucket !== undefined) || isLogTarget(bucket, context)) return undefined;
    return {
      address: bucket.address,
      path: "",
      message:
        "no aws_s3_bucket_logging for this bucket; server access logs must go to a log bucket: send them to the deployment's monitoring bucket " +
        "(a bucket of your own: protectBucket(bucket, { accessLogs: deployment.infra.monitoringBucket })), add an aws_s3_bucket_logging, or waive S3_ACCESS_LOGGING with a reason",
    };
  }),
};

/** A rule that applies to the whole bucket: no filter, or an empty prefix. */
function coversWholeBucket(rule: Record<string, unknown>): boolean {
  const filter = firstObject(rule.filter);
  if (filter === undefined) return rule.prefix === undefined || rule.prefix === "";
  return Object.entries(filter).every(([key, value]) => (key === "prefix" ? value === "" : value === undefined || value === null));
}

function abortsMultipart(rule: unknown): boolean {
  if (!isObject(rule) || rule.status !== "Enabled" || !coversWholeBucket(rule)) return false;
  const days = firstObject(rule.abort_incomplete_multipart_upload)?.days_after_initiation;
  return typeof days === "number" || (typeof days === "string" && /^\d+$/.test(days));
}

const lifecycleAbortMultipart: SecurityRule = {
  id: "S3_LIFECYCLE_ABORT_MULTIPART",
  rationale: "A lifecycle rule aborting incomplete multipart uploads stops invisible, billed upload parts piling up.",
  checkov: ["CKV_AWS_300", "CKV2_AWS_61"],
  trivy: [],
  check: perBucket((bucket, context) => {
    const configurations = companionsOf(context, bucket, "aws_s3_bucket_lifecycle_configuration");
    const inline = asList(bucket.body.lifecycle_rule).some(
      (rule) => isObject(rule) && literalBool(rule.enabled) === true && rule.abort_incomplete_multipart_upload_days !== undefined && (rule.prefix ?? "") === "",
    );
    if (inline || configurations.some((c) => asList(c.block.body.rule).some(abortsMultipart))) return undefined;
    const message =
      configurations.length === 0
        ? "no aws_s3_bucket_lifecycle_configuration for this bucket; an Enabled rule with abort_incomplete_multipart_upload is required"
        : "no Enabled lifecycle rule for the whole bucket with abort_incomplete_multipart_upload.days_after_initiation";
    return { address: bucket.address, path: "", message };
  }),
};

export const S3_RULES: readonly SecurityRule[] = [
  kmsEncryption,
  versioning,
  publicAccessBlock,
  tlsOnly,
  ownershipEnforced,
  accessLogging,
  lifecycleAbortMultipart,
];
