/**
 * Every security rule against the real synthesized default deployment (`parseConfig("{}")` + `synthesize`): the
 * unmodified stacks pass the rule (after the hardening noted where today's constructs fall short), and removing or
 * weakening the protection in the JSON makes the rule report exactly the expected lines. Each case runs its rule
 * alone, so a line from another rule can never stand in for it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { JsonObject } from "../../verify/json";
import { formatProblem } from "../../verify/problem";
import { checkSecurity, SecurityOptions } from "../../verify/security/check";
import { coversInternet } from "../../verify/security/cidr";
import { SECURITY_RULES } from "../../verify/security/rules";
import { secretsIn } from "../../verify/security/rules/instances";
import { serviceName, SOURCE_BINDING_EXEMPT } from "../../verify/security/rules/trust";
import { readSynthesizedStacks } from "../../verify/stacks";

// Synthesized JSON is walked freely in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Stacks = Record<string, Json>;

const INFRA = "domino-infra";
const CLUSTER = "domino-cluster";
const NODES = "domino-nodes";
const K8S = "domino-k8s";

let synthesized: Stacks;
let outDir: string;

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-rules-"));
  synthesize(parseConfig("{}", "x"), outDir);
  synthesized = Object.fromEntries(readSynthesizedStacks(outDir).map((stack) => [stack.name, stack.json]));
});

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** A deep copy of the four stacks, to break. */
const fresh = (): Stacks => JSON.parse(JSON.stringify(synthesized));

/** The one name of `type` in `section` starting with `prefix` (the construct id; the hash suffix is left out). */
function nameOf(json: Json, type: string, prefix: string, section = "resource"): string {
  const names = Object.keys(json[section]?.[type] ?? {}).filter((name) => name.startsWith(prefix));
  if (names.length !== 1) throw new Error(`${type} ${prefix}*: ${names.length} matches`);
  return names[0];
}

const res = (stacks: Stacks, stack: string, type: string, prefix: string): Json => stacks[stack].resource[type][nameOf(stacks[stack], type, prefix)];
const doc = (stacks: Stacks, stack: string, prefix: string): Json =>
  stacks[stack].data.aws_iam_policy_document[nameOf(stacks[stack], "aws_iam_policy_document", prefix, "data")];
const address = (stack: string, type: string, prefix: string): string => `${stack}: ${type}.${nameOf(synthesized[stack], type, prefix)}`;
const docAddress = (stack: string, prefix: string): string =>
  `${stack}: data.aws_iam_policy_document.${nameOf(synthesized[stack], "aws_iam_policy_document", prefix, "data")}`;
const add = (json: Json, type: string, name: string, body: JsonObject) => {
  json.resource[type] = { ...(json.resource[type] ?? {}), [name]: body };
};

/** The rule's problem lines on `stacks`, running that rule alone. */
function run(id: string, stacks: Stacks, options: SecurityOptions = {}): string[] {
  const rules = SECURITY_RULES.filter((rule) => rule.id === id);
  if (rules.length !== 1) throw new Error(`no rule ${id}`);
  const list = Object.entries(stacks).map(([name, json]) => ({ name, json }));
  return checkSecurity(list, { ...options, rules }).problems.map(formatProblem);
}

interface Case {
  /** Brings today's output up to what the rule demands, where the constructs do not yet (see `pending`). */
  readonly harden?: (stacks: Stacks) => void;
  /** What today's unmodified output reports, when the constructs lag behind the rule (fixed elsewhere). */
  readonly pending?: (stacks: Stacks) => string[];
  readonly options?: SecurityOptions;
  /** Each break applied to a fresh (hardened) copy, with exactly the lines it must produce. */
  readonly breaks: ReadonlyArray<readonly [what: string, breakIt: (stacks: Stacks) => void, expected: (stacks: Stacks) => string[]]>;
}

const PARTITION = "${data.aws_partition.partition_current_E0F94D77.partition}";
const INFRA_PARTITION = "${data.aws_partition.account_partition_32ACE770.partition}";
const INFRA_ACCOUNT = "${data.aws_caller_identity.account_caller_1C5BE04F.account_id}";


const BUCKETS = ["blobs", "registry", "logs", "backups"];
const bucketName = (stacks: Stacks, which: string) => nameOf(stacks[INFRA], "aws_s3_bucket", `buckets_${which}_`);
const bucket = (which: string) => address(INFRA, "aws_s3_bucket", `buckets_${which}_`);
/** The lifecycle configuration of one of the deployment's buckets. */
const lifecycleOf = (stacks: Stacks, which: string) =>
  Object.values(stacks[INFRA].resource.aws_s3_bucket_lifecycle_configuration as Record<string, Json>).find(
    (l) => l.bucket === `\${aws_s3_bucket.${bucketName(stacks, which)}.id}`,
  )!;

/** A user-data script, base64-encoded as a launch template takes it. */
const base64 = (script: string | Buffer) => Buffer.from(script).toString("base64");
const nodeTemplate = (stacks: Stacks) => res(stacks, NODES, "aws_launch_template", "group-platform_launch-template");
const NODE_TEMPLATE = () => address(NODES, "aws_launch_template", "group-platform_launch-template");

const CASES: Readonly<Record<string, Case>> = {
  S3_KMS_ENCRYPTION: {
    breaks: [
      [
        "no SSE configuration",
        (s) => delete s[INFRA].resource.aws_s3_bucket_server_side_encryption_configuration[nameOf(s[INFRA], "aws_s3_bucket_server_side_encryption_configuration", "buckets_blobs-")],
        () => [`${bucket("blobs")}: no aws_s3_bucket_server_side_encryption_configuration for this bucket; SSE-KMS (aws:kms) required [S3_KMS_ENCRYPTION]`],
      ],
      [
        "AES256",
        (s) => (res(s, INFRA, "aws_s3_bucket_server_side_encryption_configuration", "buckets_logs-").rule[0].apply_server_side_encryption_by_default.sse_algorithm = "AES256"),
        () => [`${bucket("logs")}: server-side encryption uses "AES256"; SSE-KMS (aws:kms or aws:kms:dsse) required [S3_KMS_ENCRYPTION]`],
      ],
      [
        "AES256 on a data bucket that logs to the monitoring bucket (only a log-delivery target is exempt)",
        (s) => (res(s, INFRA, "aws_s3_bucket_server_side_encryption_configuration", "buckets_blobs-").rule[0].apply_server_side_encryption_by_default.sse_algorithm = "AES256"),
        () => [`${bucket("blobs")}: server-side encryption uses "AES256"; SSE-KMS (aws:kms or aws:kms:dsse) required [S3_KMS_ENCRYPTION]`],
      ],
      [
        "the monitoring bucket's log-delivery grants removed: its SSE-S3 is no longer accepted",
        (s) => (doc(s, INFRA, "monitoring_bucket-policy-document").statement = doc(s, INFRA, "monitoring_bucket-policy-document").statement.slice(0, 1)),
        () => [`${address(INFRA, "aws_s3_bucket", "monitoring_bucket")}: server-side encryption uses "AES256"; SSE-KMS (aws:kms or aws:kms:dsse) required [S3_KMS_ENCRYPTION]`],
      ],
      [
        "a log-delivery grant to another service (delivery.logs only) does not exempt SSE-S3",
        (s) => (doc(s, INFRA, "monitoring_bucket-policy-document").statement = doc(s, INFRA, "monitoring_bucket-policy-document").statement.filter((st: Json) => st.sid !== "S3ServerAccessLogs" && st.sid !== "ElbAccessLogs")),
        () => [`${address(INFRA, "aws_s3_bucket", "monitoring_bucket")}: server-side encryption uses "AES256"; SSE-KMS (aws:kms or aws:kms:dsse) required [S3_KMS_ENCRYPTION]`],
      ],
      [
        "the ELB grant alone keeps the exception (ALB logs need SSE-S3)",
        (s) => (doc(s, INFRA, "monitoring_bucket-policy-document").statement = doc(s, INFRA, "monitoring_bucket-policy-document").statement.filter((st: Json) => st.sid !== "S3ServerAccessLogs")),
        () => [],
      ],
    ],
  },
  S3_VERSIONING: {
    breaks: [
      [
        "suspended",
        (s) => (res(s, INFRA, "aws_s3_bucket_versioning", "buckets_blobs-").versioning_configuration.status = "Suspended"),
        () => [`${bucket("blobs")}: versioning status is "Suspended"; must be "Enabled" [S3_VERSIONING]`],
      ],
    ],
  },
  S3_PUBLIC_ACCESS_BLOCK: {
    breaks: [
      [
        "a flag off",
        (s) => (res(s, INFRA, "aws_s3_bucket_public_access_block", "buckets_blobs-").restrict_public_buckets = false),
        () => [`${bucket("blobs")}: aws_s3_bucket_public_access_block.${nameOf(synthesized[INFRA], "aws_s3_bucket_public_access_block", "buckets_blobs-")}: restrict_public_buckets not true [S3_PUBLIC_ACCESS_BLOCK]`],
      ],
    ],
  },
  S3_TLS_ONLY: {
    breaks: [
      [
        "the deny turned into a no-op",
        (s) => (doc(s, INFRA, "buckets_blobs-policy-document").statement[0].condition[0].values = ["true"]),
        () => [`${bucket("blobs")}: bucket policy has no Deny statement with condition aws:SecureTransport = false [S3_TLS_ONLY]`],
      ],
    ],
  },
  S3_OWNERSHIP_ENFORCED: {
    breaks: [
      [
        "ACLs back on",
        (s) => (res(s, INFRA, "aws_s3_bucket_ownership_controls", "buckets_blobs-").rule.object_ownership = "ObjectWriter"),
        () => [`${bucket("blobs")}: object_ownership is "ObjectWriter"; must be "BucketOwnerEnforced" (ACLs disabled) [S3_OWNERSHIP_ENFORCED]`],
      ],
    ],
  },
  S3_ACCESS_LOGGING: {
    // Each of the four buckets logs to the monitoring bucket, which, as the logs' target, need not log itself.
    breaks: [
      [
        "one bucket's logging removed",
        (s) => delete s[INFRA].resource.aws_s3_bucket_logging[nameOf(s[INFRA], "aws_s3_bucket_logging", "buckets_logs-logging")],
        () => [`${bucket("logs")}: no aws_s3_bucket_logging for this bucket; server access logs must go to a log bucket: send them to the deployment's monitoring bucket (a bucket of your own: protectBucket(bucket, { accessLogs: deployment.infra.monitoringBucket })), add an aws_s3_bucket_logging, or waive S3_ACCESS_LOGGING with a reason [S3_ACCESS_LOGGING]`],
      ],
      [
        "no bucket logs to the monitoring bucket any more: the four fail; the monitoring bucket, whose policy admits S3 logging, stays a log target",
        (s) => delete s[INFRA].resource.aws_s3_bucket_logging,
        () => [...BUCKETS.map(bucket)].map((b) => `${b}: no aws_s3_bucket_logging for this bucket; server access logs must go to a log bucket: send them to the deployment's monitoring bucket (a bucket of your own: protectBucket(bucket, { accessLogs: deployment.infra.monitoringBucket })), add an aws_s3_bucket_logging, or waive S3_ACCESS_LOGGING with a reason [S3_ACCESS_LOGGING]`).sort(),
      ],
    ],
  },
  S3_LIFECYCLE_ABORT_MULTIPART: {
    breaks: [
      [
        "the rule disabled",
        (s) => (lifecycleOf(s, "blobs").rule[0].status = "Disabled"),
        () => [`${bucket("blobs")}: no Enabled lifecycle rule for the whole bucket with abort_incomplete_multipart_upload.days_after_initiation [S3_LIFECYCLE_ABORT_MULTIPART]`],
      ],
      [
        "only for a prefix",
        (s) => (lifecycleOf(s, "logs").rule[0].filter = { prefix: "tmp/" }),
        () => [`${bucket("logs")}: no Enabled lifecycle rule for the whole bucket with abort_incomplete_multipart_upload.days_after_initiation [S3_LIFECYCLE_ABORT_MULTIPART]`],
      ],
    ],
  },
  EBS_ENCRYPTED: {
    breaks: [
      [
        "root volume unencrypted",
        (s) => (nodeTemplate(s).block_device_mappings[0].ebs.encrypted = "false"),
        () => [`${NODE_TEMPLATE()}: block_device_mappings[0].ebs.encrypted: unencrypted EBS volume (is "false"); must be true [EBS_ENCRYPTED]`],
      ],
    ],
  },
  EFS_ENCRYPTED: {
    breaks: [
      [
        "unencrypted",
        (s) => (res(s, INFRA, "aws_efs_file_system", "datasets_").encrypted = false),
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: encrypted: unencrypted file system (is false); must be true [EFS_ENCRYPTED]`],
      ],
    ],
  },
  KMS_KEY_ROTATION: {
    breaks: [
      [
        "rotation off",
        (s) => (res(s, INFRA, "aws_kms_key", "kms_key").enable_key_rotation = false),
        () => [`${address(INFRA, "aws_kms_key", "kms_key")}: enable_key_rotation: key rotation disabled (is false); must be true [KMS_KEY_ROTATION]`],
      ],
    ],
  },
  EBS_KMS_CMK: {
    breaks: [
      [
        "no key",
        (s) => delete nodeTemplate(s).block_device_mappings[0].ebs.kms_key_id,
        () => [`${NODE_TEMPLATE()}: block_device_mappings[0].ebs.kms_key_id: EBS volume not encrypted with a customer-managed KMS key (no kms_key_id) [EBS_KMS_CMK]`],
      ],
      [
        "the AWS-managed key",
        (s) => (nodeTemplate(s).block_device_mappings[0].ebs.kms_key_id = "alias/aws/ebs"),
        () => [`${NODE_TEMPLATE()}: block_device_mappings[0].ebs.kms_key_id: EBS volume not encrypted with a customer-managed KMS key (kms key "alias/aws/ebs" is AWS-managed) [EBS_KMS_CMK]`],
      ],
    ],
  },
  EFS_KMS_CMK: {
    breaks: [
      [
        "no key",
        (s) => delete res(s, INFRA, "aws_efs_file_system", "datasets_").kms_key_id,
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: kms_key_id: file system not encrypted with a customer-managed KMS key (no kms_key_id) [EFS_KMS_CMK]`],
      ],
    ],
  },
  KMS_KEY_DELETION_WINDOW: {
    breaks: [
      [
        "below 7 days",
        (s) => (res(s, INFRA, "aws_kms_key", "kms_key").deletion_window_in_days = 5),
        () => [`${address(INFRA, "aws_kms_key", "kms_key")}: deletion_window_in_days: deletion window of 5 days; must be at least 7 [KMS_KEY_DELETION_WINDOW]`],
      ],
    ],
  },
  KMS_NO_LOCKOUT_BYPASS: {
    breaks: [
      [
        "bypassed",
        (s) => (res(s, INFRA, "aws_kms_key", "kms_key").bypass_policy_lockout_safety_check = true),
        () => [`${address(INFRA, "aws_kms_key", "kms_key")}: bypass_policy_lockout_safety_check: the key policy lockout safety check is bypassed; must be false [KMS_NO_LOCKOUT_BYPASS]`],
      ],
    ],
  },
  EFS_ACCESS_POINT: {
    breaks: [
      [
        "no access point",
        (s) => delete s[INFRA].resource.aws_efs_access_point,
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: no aws_efs_access_point for this file system; clients would mount its root with their own identity [EFS_ACCESS_POINT]`],
      ],
      [
        "an access point to / without an identity",
        (s) => {
          const point = res(s, INFRA, "aws_efs_access_point", "datasets_");
          point.root_directory.path = "/";
          delete point.posix_user;
        },
        () => [
          `${address(INFRA, "aws_efs_access_point", "datasets_")}: posix_user: no posix_user: clients keep their own uid and gid [EFS_ACCESS_POINT]`,
          `${address(INFRA, "aws_efs_access_point", "datasets_")}: root_directory.path: root_directory.path "/": the access point exposes the whole file system [EFS_ACCESS_POINT]`,
        ],
      ],
    ],
  },
  EFS_TLS_ONLY: {
    breaks: [
      [
        "no file-system policy",
        (s) => delete s[INFRA].resource.aws_efs_file_system_policy,
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: no aws_efs_file_system_policy for this file system; a Deny on aws:SecureTransport = false is required [EFS_TLS_ONLY]`],
      ],
      [
        "the deny conditioned on the wrong value",
        (s) => (doc(s, INFRA, "datasets_policy-document").statement[1].condition[0].values = ["true"]),
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: file-system policy has no Deny statement with condition aws:SecureTransport = false [EFS_TLS_ONLY]`],
      ],
    ],
  },
  BACKUP_VAULT_KMS: {
    breaks: [
      [
        "no key",
        (s) => delete res(s, INFRA, "aws_backup_vault", "datasets-backup").kms_key_arn,
        () => [`${address(INFRA, "aws_backup_vault", "datasets-backup")}: kms_key_arn: backup vault without kms_key_arn: recovery points use the AWS-managed key [BACKUP_VAULT_KMS]`],
      ],
    ],
  },
  ECR_IMMUTABLE_TAGS: {
    breaks: [
      [
        "mutable",
        (s) => (res(s, INFRA, "aws_ecr_repository", "registry_repository-model").image_tag_mutability = "MUTABLE"),
        () => [`${address(INFRA, "aws_ecr_repository", "registry_repository-model")}: image_tag_mutability: image_tag_mutability is "MUTABLE"; must be "IMMUTABLE" [ECR_IMMUTABLE_TAGS]`],
      ],
    ],
  },
  ECR_SCAN_ON_PUSH: {
    breaks: [
      [
        "no scan",
        (s) => (res(s, INFRA, "aws_ecr_repository", "registry_repository-model").image_scanning_configuration.scan_on_push = false),
        () => [`${address(INFRA, "aws_ecr_repository", "registry_repository-model")}: image_scanning_configuration.scan_on_push: scan on push is false; must be true [ECR_SCAN_ON_PUSH]`],
      ],
    ],
  },
  ECR_KMS_ENCRYPTION: {
    breaks: [
      [
        "AES256",
        (s) => delete res(s, INFRA, "aws_ecr_repository", "registry_repository-model").encryption_configuration,
        () => [`${address(INFRA, "aws_ecr_repository", "registry_repository-model")}: encryption_configuration.encryption_type: encryption type AES256 (the default); must be "KMS" with the deployment key [ECR_KMS_ENCRYPTION]`],
      ],
      [
        "the AWS-managed key",
        (s) => delete res(s, INFRA, "aws_ecr_repository", "registry_repository-model").encryption_configuration[0].kms_key,
        () => [`${address(INFRA, "aws_ecr_repository", "registry_repository-model")}: encryption_configuration.kms_key: KMS encryption without kms_key uses the AWS-managed aws/ecr key; name the deployment key [ECR_KMS_ENCRYPTION]`],
      ],
    ],
  },
  SQS_KMS_ENCRYPTION: {
    // No queue exists today: one is added, encrypted with the deployment key.
    harden: (s) => add(s[INFRA], "aws_sqs_queue", "events", { name: "domino-events", kms_master_key_id: `\${aws_kms_key.${nameOf(s[INFRA], "aws_kms_key", "kms_key")}.arn}` }),
    breaks: [
      [
        "SSE-SQS only",
        (s) => {
          delete s[INFRA].resource.aws_sqs_queue.events.kms_master_key_id;
          s[INFRA].resource.aws_sqs_queue.events.sqs_managed_sse_enabled = true;
        },
        () => [`${INFRA}: aws_sqs_queue.events: kms_master_key_id: queue not encrypted with a customer-managed KMS key (SSE-SQS only, no kms_master_key_id) [SQS_KMS_ENCRYPTION]`],
      ],
      [
        "the AWS-managed key",
        (s) => (s[INFRA].resource.aws_sqs_queue.events.kms_master_key_id = "alias/aws/sqs"),
        () => [`${INFRA}: aws_sqs_queue.events: kms_master_key_id: queue not encrypted with a customer-managed KMS key (kms_master_key_id "alias/aws/sqs" is AWS-managed) [SQS_KMS_ENCRYPTION]`],
      ],
    ],
  },
  SNS_KMS_ENCRYPTION: {
    harden: (s) => add(s[INFRA], "aws_sns_topic", "alerts", { name: "domino-alerts", kms_master_key_id: `\${aws_kms_key.${nameOf(s[INFRA], "aws_kms_key", "kms_key")}.arn}` }),
    breaks: [
      [
        "no key",
        (s) => delete s[INFRA].resource.aws_sns_topic.alerts.kms_master_key_id,
        () => [`${INFRA}: aws_sns_topic.alerts: kms_master_key_id: topic not encrypted with a customer-managed KMS key (no kms_master_key_id) [SNS_KMS_ENCRYPTION]`],
      ],
    ],
  },
  EKS_SECRETS_ENCRYPTION: {
    breaks: [
      [
        "no encryption_config",
        (s) => delete res(s, CLUSTER, "aws_eks_cluster", "control-plane").encryption_config,
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: encryption_config: no encryption_config; secrets must be encrypted with a KMS key [EKS_SECRETS_ENCRYPTION]`],
      ],
    ],
  },
  EKS_PRIVATE_ENDPOINT: {
    breaks: [
      [
        "private endpoint off",
        (s) => (res(s, CLUSTER, "aws_eks_cluster", "control-plane").vpc_config.endpoint_private_access = false),
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: vpc_config.endpoint_private_access: private endpoint access is false; must be true [EKS_PRIVATE_ENDPOINT]`],
      ],
    ],
  },
  EKS_CONTROL_PLANE_LOGS: {
    breaks: [
      [
        "no audit log",
        (s) => (res(s, CLUSTER, "aws_eks_cluster", "control-plane").enabled_cluster_log_types = ["api", "authenticator", "controllerManager", "scheduler"]),
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: enabled_cluster_log_types: control-plane log types not enabled: audit [EKS_CONTROL_PLANE_LOGS]`],
      ],
    ],
  },
  EKS_PUBLIC_ENDPOINT_RESTRICTED: {
    breaks: [
      [
        "public with no CIDRs",
        (s) => (res(s, CLUSTER, "aws_eks_cluster", "control-plane").vpc_config.endpoint_public_access = true),
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: vpc_config.public_access_cidrs: public endpoint on with no public_access_cidrs, which defaults to 0.0.0.0/0 [EKS_PUBLIC_ENDPOINT_RESTRICTED]`],
      ],
      [
        "left to the provider default",
        (s) => delete res(s, CLUSTER, "aws_eks_cluster", "control-plane").vpc_config.endpoint_public_access,
        () => [
          `${address(CLUSTER, "aws_eks_cluster", "control-plane")}: vpc_config.public_access_cidrs: public endpoint on (endpoint_public_access defaults to true) with no public_access_cidrs, which defaults to 0.0.0.0/0 [EKS_PUBLIC_ENDPOINT_RESTRICTED]`,
        ],
      ],
      [
        "open to ::/0",
        (s) => Object.assign(res(s, CLUSTER, "aws_eks_cluster", "control-plane").vpc_config, { endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24", "::/0"] }),
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: vpc_config.public_access_cidrs[1]: public endpoint on to ::/0, the whole internet [EKS_PUBLIC_ENDPOINT_RESTRICTED]`],
      ],
      [
        "open to the internet in two halves",
        (s) => Object.assign(res(s, CLUSTER, "aws_eks_cluster", "control-plane").vpc_config, { endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/1", "128.0.0.0/1"] }),
        () => [`${address(CLUSTER, "aws_eks_cluster", "control-plane")}: vpc_config.public_access_cidrs: public endpoint on to CIDRs that together cover the whole IPv4 internet [EKS_PUBLIC_ENDPOINT_RESTRICTED]`],
      ],
    ],
  },
  EKS_NODE_GROUP_LAUNCH_TEMPLATE: {
    breaks: [
      [
        "no launch template",
        (s) => delete res(s, NODES, "aws_eks_node_group", "group-platform_").launch_template,
        () => [`${address(NODES, "aws_eks_node_group", "group-platform_")}: launch_template: node group without a launch template (id or name); IMDSv2 and volume encryption are left to EKS defaults [EKS_NODE_GROUP_LAUNCH_TEMPLATE]`],
      ],
    ],
  },
  EKS_NODE_GROUP_NO_REMOTE_ACCESS: {
    breaks: [
      [
        "SSH key without source groups",
        (s) => (res(s, NODES, "aws_eks_node_group", "group-platform_").remote_access = { ec2_ssh_key: "ops" }),
        () => [`${address(NODES, "aws_eks_node_group", "group-platform_")}: remote_access: remote_access without source_security_group_ids: SSH to the nodes is open to 0.0.0.0/0 [EKS_NODE_GROUP_NO_REMOTE_ACCESS]`],
      ],
    ],
  },
  IMDSV2_REQUIRED: {
    breaks: [
      [
        "tokens optional",
        (s) => (nodeTemplate(s).metadata_options.http_tokens = "optional"),
        () => [`${NODE_TEMPLATE()}: metadata_options.http_tokens: IMDSv2 not enforced: http_tokens is "optional"; must be "required" [IMDSV2_REQUIRED]`],
      ],
    ],
  },
  IMDS_HOP_LIMIT: {
    breaks: [
      [
        "hop limit 3",
        (s) => (nodeTemplate(s).metadata_options.http_put_response_hop_limit = 3),
        () => [`${NODE_TEMPLATE()}: metadata_options.http_put_response_hop_limit: metadata hop limit 3; must be at most 2 [IMDS_HOP_LIMIT]`],
      ],
    ],
  },
  NO_PUBLIC_IP: {
    breaks: [
      [
        "a public address on the nodes",
        (s) => (nodeTemplate(s).network_interfaces = [{ associate_public_ip_address: "true", device_index: 0 }]),
        () => [`${NODE_TEMPLATE()}: network_interfaces[0].associate_public_ip_address: associate_public_ip_address is true: the instance gets an internet-routable address [NO_PUBLIC_IP]`],
      ],
    ],
  },
  NO_SECRETS_IN_USER_DATA: {
    breaks: [
      [
        "an access key in base64 user data",
        (s) => (nodeTemplate(s).user_data = base64("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n")),
        () => [`${NODE_TEMPLATE()}: user_data: user data contains what looks like an AWS access key id; use Secrets Manager or SSM parameters [NO_SECRETS_IN_USER_DATA]`],
      ],
      [
        "a private key and a password in gzipped user data",
        (s) => (nodeTemplate(s).user_data = base64(zlib.gzipSync("-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n\nDB_PASSWORD=hunter2hunter2\n"))),
        () => [`${NODE_TEMPLATE()}: user_data: user data contains what looks like a private key, a password; use Secrets Manager or SSM parameters [NO_SECRETS_IN_USER_DATA]`],
      ],
    ],
  },
  NO_PUBLIC_INGRESS: {
    breaks: [
      [
        "the API port from anywhere",
        (s) => {
          const rule = res(s, CLUSTER, "aws_vpc_security_group_ingress_rule", "security-groups_cluster-https-from-nodes");
          delete rule.referenced_security_group_id;
          rule.cidr_ipv4 = "0.0.0.0/0";
        },
        () => [`${address(CLUSTER, "aws_vpc_security_group_ingress_rule", "security-groups_cluster-https-from-nodes")}: cidr_ipv4: public ingress from 0.0.0.0/0 on tcp port 443, not an explicitly allowed public port [NO_PUBLIC_INGRESS]`],
      ],
    ],
  },
  SUBNET_NO_AUTO_PUBLIC_IP: {
    breaks: [
      [
        "a public subnet mapping public IPs",
        (s) => (res(s, INFRA, "aws_subnet", "network_public-usw2-az1").map_public_ip_on_launch = true),
        () => [`${address(INFRA, "aws_subnet", "network_public-usw2-az1")}: map_public_ip_on_launch: map_public_ip_on_launch is true: every instance launched here gets a public IP [SUBNET_NO_AUTO_PUBLIC_IP]`],
      ],
    ],
  },
  DEFAULT_SG_RESTRICTED: {
    breaks: [
      [
        "rules in the default group",
        (s) => (res(s, INFRA, "aws_default_security_group", "network_default-sg").ingress = [{ protocol: "-1", self: true, from_port: 0, to_port: 0 }]),
        () => [`${address(INFRA, "aws_default_security_group", "network_default-sg")}: ingress: the default security group has ingress rules; it must have none [DEFAULT_SG_RESTRICTED]`],
      ],
      [
        "the default group left alone",
        (s) => delete s[INFRA].resource.aws_default_security_group,
        () => [`${address(INFRA, "aws_vpc", "network_vpc")}: no aws_default_security_group for this VPC: its default group keeps AWS's allow-all rules [DEFAULT_SG_RESTRICTED]`],
      ],
    ],
  },
  SG_DESCRIPTION: {
    breaks: [
      [
        "a rule without description",
        (s) => delete res(s, CLUSTER, "aws_vpc_security_group_ingress_rule", "security-groups_nodes-10250-from-cluster").description,
        () => [`${address(CLUSTER, "aws_vpc_security_group_ingress_rule", "security-groups_nodes-10250-from-cluster")}: description: ingress rule with no description; say what it is for [SG_DESCRIPTION]`],
      ],
      [
        "a group with Terraform's placeholder",
        (s) => (res(s, CLUSTER, "aws_security_group", "security-groups_nodes").description = "Managed by Terraform"),
        () => [`${address(CLUSTER, "aws_security_group", "security-groups_nodes")}: description: security group with description "Managed by Terraform"; say what it is for [SG_DESCRIPTION]`],
      ],
    ],
  },
  NO_SSH_RDP_FROM_INTERNET: {
    // Allowing port 22 for NO_PUBLIC_INGRESS does not make SSH from the internet acceptable.
    options: { allowedIngressPorts: [22, 3389] },
    breaks: [
      [
        "SSH from anywhere",
        (s) =>
          add(s[CLUSTER], "aws_vpc_security_group_ingress_rule", "ssh", {
            security_group_id: "${aws_security_group.security-groups_nodes_551A6577.id}",
            description: "SSH",
            ip_protocol: "tcp",
            from_port: 22,
            to_port: 22,
            cidr_ipv4: "0.0.0.0/0",
          }),
        () => [`${CLUSTER}: aws_vpc_security_group_ingress_rule.ssh: cidr_ipv4: SSH (22) open to 0.0.0.0/0 [NO_SSH_RDP_FROM_INTERNET]`],
      ],
      [
        "RDP from the internet in pieces",
        (s) =>
          add(s[CLUSTER], "aws_security_group_rule", "rdp", {
            type: "ingress",
            security_group_id: "${aws_security_group.security-groups_nodes_551A6577.id}",
            description: "RDP",
            protocol: "tcp",
            from_port: 3389,
            to_port: 3389,
            cidr_blocks: ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
          }),
        () => [`${CLUSTER}: aws_security_group_rule.rdp: cidr_blocks: RDP (3389) open to CIDRs that together cover the whole internet [NO_SSH_RDP_FROM_INTERNET]`],
      ],
    ],
  },
  CLUSTER_SG_NO_ALL_EGRESS: {
    breaks: [
      [
        "the control plane's group open outwards",
        (s) => {
          const rule = res(s, CLUSTER, "aws_vpc_security_group_egress_rule", "security-groups_cluster-to-nodes");
          delete rule.referenced_security_group_id;
          rule.cidr_ipv4 = "0.0.0.0/0";
        },
        () => [`${address(CLUSTER, "aws_vpc_security_group_egress_rule", "security-groups_cluster-to-nodes")}: cidr_ipv4: the EKS cluster security group allows egress to 0.0.0.0/0 on all protocols and ports [CLUSTER_SG_NO_ALL_EGRESS]`],
      ],
    ],
  },
  ACM_DNS_VALIDATION: {
    breaks: [
      [
        "e-mail validation",
        (s) => (res(s, INFRA, "aws_acm_certificate", "domain_certificate").validation_method = "EMAIL"),
        () => [`${address(INFRA, "aws_acm_certificate", "domain_certificate")}: validation_method: validation_method is "EMAIL"; must be "DNS" [ACM_DNS_VALIDATION]`],
      ],
    ],
  },
  CLOUDWATCH_LOG_GROUP_KMS: {
    breaks: [
      [
        "control-plane logs unencrypted",
        (s) => delete res(s, CLUSTER, "aws_cloudwatch_log_group", "control-plane_logs").kms_key_id,
        () => [`${address(CLUSTER, "aws_cloudwatch_log_group", "control-plane_logs")}: kms_key_id: log group not encrypted with a KMS key (no kms_key_id) [CLOUDWATCH_LOG_GROUP_KMS]`],
      ],
    ],
  },
  CLOUDWATCH_LOG_RETENTION: {
    breaks: [
      [
        "90 days",
        (s) => (res(s, INFRA, "aws_cloudwatch_log_group", "flow-logs_log-group").retention_in_days = 90),
        () => [`${address(INFRA, "aws_cloudwatch_log_group", "flow-logs_log-group")}: retention_in_days: logs kept 90 days; must be at least 365 (or 0, never expire) [CLOUDWATCH_LOG_RETENTION]`],
      ],
    ],
  },
  VPC_FLOW_LOGS_ALL: {
    breaks: [
      [
        "rejected traffic only",
        (s) => (res(s, INFRA, "aws_flow_log", "flow-logs_flow-log").traffic_type = "REJECT"),
        () => [`${address(INFRA, "aws_vpc", "network_vpc")}: flow logs capture only "REJECT" traffic; traffic_type must be "ALL" [VPC_FLOW_LOGS_ALL]`],
      ],
      [
        "no flow log",
        (s) => delete s[INFRA].resource.aws_flow_log,
        () => [`${address(INFRA, "aws_vpc", "network_vpc")}: no aws_flow_log for this VPC; flow logs with traffic_type "ALL" are required [VPC_FLOW_LOGS_ALL]`],
      ],
    ],
  },
  IAM_NO_WILDCARD_ACTION: {
    breaks: [
      [
        "every action",
        (s) => (doc(s, INFRA, "node-s3-policy_document").statement[2].actions = ["*"]),
        () => [`${docAddress(INFRA, "node-s3-policy_document")}: statement[2].actions: Allow statement grants every action ("*") [IAM_NO_WILDCARD_ACTION]`],
      ],
    ],
  },
  IAM_NO_UNSCOPED_MUTATION: {
    breaks: [
      [
        "the autoscaler's tag conditions dropped",
        (s) => delete doc(s, CLUSTER, "irsa_autoscaler-policy_document").statement[1].condition,
        () => [
          `${docAddress(CLUSTER, "irsa_autoscaler-policy_document")}: statement[1].actions: mutating actions on Resource "*" without a condition: autoscaling:SetDesiredCapacity, autoscaling:TerminateInstanceInAutoScalingGroup [IAM_NO_UNSCOPED_MUTATION]`,
        ],
      ],
    ],
  },
  IAM_PRIVILEGE_ESCALATION: {
    breaks: [
      [
        "PassRole on every role",
        (s) => doc(s, INFRA, "registry_policy-document").statement.push({ actions: ["iam:PassRole", "ec2:RunInstances"], resources: ["*"] }),
        () => [`${docAddress(INFRA, "registry_policy-document")}: statement[2].actions: privilege escalation: grants iam:PassRole [IAM_PRIVILEGE_ESCALATION]`],
      ],
      [
        "policy versions on one policy, attach on all roles",
        (s) =>
          doc(s, INFRA, "registry_policy-document").statement.push(
            { actions: ["iam:CreatePolicyVersion"], resources: [`arn:${INFRA_PARTITION}:iam::${INFRA_ACCOUNT}:policy/domino-s3`] },
            { actions: ["iam:Attach*", "iam:PutRolePolicy"], resources: [`arn:${INFRA_PARTITION}:iam::${INFRA_ACCOUNT}:role/*`] },
          ),
        () => [
          `${docAddress(INFRA, "registry_policy-document")}: statement[2].actions: privilege escalation: grants iam:CreatePolicyVersion [IAM_PRIVILEGE_ESCALATION]`,
          `${docAddress(INFRA, "registry_policy-document")}: statement[3].actions: privilege escalation: grants iam:AttachRolePolicy, iam:AttachUserPolicy, iam:AttachGroupPolicy, iam:PutRolePolicy [IAM_PRIVILEGE_ESCALATION]`,
        ],
      ],
      [
        "iam:* on one role",
        (s) => doc(s, INFRA, "registry_policy-document").statement.push({ actions: ["iam:*"], resources: [`arn:${INFRA_PARTITION}:iam::${INFRA_ACCOUNT}:role/domino-x`] }),
        () => [`${docAddress(INFRA, "registry_policy-document")}: statement[2].actions: privilege escalation: grants iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion (through "iam:*") [IAM_PRIVILEGE_ESCALATION]`],
      ],
    ],
  },
  NO_ADMIN_MANAGED_POLICY: {
    breaks: [
      [
        "AdministratorAccess on the nodes",
        (s) => (res(s, CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonSSMManagedInstanceCore").policy_arn = `arn:${PARTITION}:iam::aws:policy/AdministratorAccess`),
        () => [`${address(CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonSSMManagedInstanceCore")}: policy_arn: AWS-managed policy AdministratorAccess grants administrator-level or full-service rights [NO_ADMIN_MANAGED_POLICY]`],
      ],
      [
        "a *FullAccess policy",
        (s) => (res(s, CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonEC2ContainerRegistryReadOnly").policy_arn = `arn:${PARTITION}:iam::aws:policy/AmazonS3FullAccess`),
        () => [`${address(CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonEC2ContainerRegistryReadOnly")}: policy_arn: AWS-managed policy AmazonS3FullAccess grants administrator-level or full-service rights [NO_ADMIN_MANAGED_POLICY]`],
      ],
    ],
  },
  NO_WILDCARD_PRINCIPAL: {
    breaks: [
      [
        "the key's Auto Scaling grant without its conditions",
        (s) => delete doc(s, INFRA, "kms_policy").statement[1].condition,
        () => [`${docAddress(INFRA, "kms_policy")}: statement[1].principals: Allow to every principal (*) without a condition on the caller (aws:PrincipalArn, aws:SourceAccount, kms:CallerAccount, ...) [NO_WILDCARD_PRINCIPAL]`],
      ],
      [
        "a trust anyone can assume, conditioned on something that is not the caller",
        (s) => {
          const statement = doc(s, CLUSTER, "node-role_trust").statement[0];
          statement.principals = [{ type: "AWS", identifiers: ["*"] }];
          statement.condition = [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }];
        },
        () => [`${docAddress(CLUSTER, "node-role_trust")}: statement[0].principals: Allow to every principal (*) without a condition on the caller (aws:PrincipalArn, aws:SourceAccount, kms:CallerAccount, ...) [NO_WILDCARD_PRINCIPAL]`],
      ],
    ],
  },
  SERVICE_TRUST_SOURCE_BOUND: {
    breaks: [
      [
        "the EKS cluster role's conditions dropped",
        (s) => delete doc(s, CLUSTER, "control-plane_trust").statement[0].condition,
        () => [`${docAddress(CLUSTER, "control-plane_trust")}: statement[0]: trust of eks.amazonaws.com has no aws:SourceAccount or aws:SourceArn condition: the service could assume the role on behalf of another account [SERVICE_TRUST_SOURCE_BOUND]`],
      ],
      [
        "the flow-log role's conditions dropped",
        (s) => delete doc(s, INFRA, "flow-logs_trust").statement[0].condition,
        () => [`${docAddress(INFRA, "flow-logs_trust")}: statement[0]: trust of vpc-flow-logs.amazonaws.com has no aws:SourceAccount or aws:SourceArn condition: the service could assume the role on behalf of another account [SERVICE_TRUST_SOURCE_BOUND]`],
      ],
      [
        "a condition that binds nothing (IfExists)",
        (s) => (doc(s, INFRA, "datasets-backup_trust").statement[0].condition[0].test = "StringEqualsIfExists"),
        () => [`${docAddress(INFRA, "datasets-backup_trust")}: statement[0]: trust of backup.amazonaws.com has no aws:SourceAccount or aws:SourceArn condition: the service could assume the role on behalf of another account [SERVICE_TRUST_SOURCE_BOUND]`],
      ],
    ],
  },
  IRSA_TRUST_SCOPED: {
    breaks: [
      [
        "every service account of kube-system",
        (s) => Object.assign(doc(s, CLUSTER, "irsa_ebs-csi_trust").statement[0].condition[0], { test: "StringLike", values: ["system:serviceaccount:kube-system:*"] }),
        () => [
          `${docAddress(CLUSTER, "irsa_ebs-csi_trust")}: statement[0]: web-identity (IRSA) trust not bound to one workload: :sub is tested with StringLike; use StringEquals; :sub has wildcards ("system:serviceaccount:kube-system:*") [IRSA_TRUST_SCOPED]`,
        ],
      ],
      [
        "no audience",
        (s) => doc(s, CLUSTER, "irsa_cluster-autoscaler_trust").statement[0].condition.pop(),
        () => [`${docAddress(CLUSTER, "irsa_cluster-autoscaler_trust")}: statement[0]: web-identity (IRSA) trust not bound to one workload: :aud is not bound to sts.amazonaws.com [IRSA_TRUST_SCOPED]`],
      ],
      [
        "no subject",
        (s) => doc(s, CLUSTER, "irsa_efs-csi_trust").statement[0].condition.shift(),
        () => [
          `${docAddress(CLUSTER, "irsa_efs-csi_trust")}: statement[0]: web-identity (IRSA) trust not bound to one workload: no :sub condition, so every service account of the cluster (or every token of the provider) may assume the role [IRSA_TRUST_SCOPED]`,
        ],
      ],
      [
        "service accounts of two namespaces",
        (s) => doc(s, CLUSTER, "irsa_efs-csi_trust").statement[0].condition[0].values.push("system:serviceaccount:domino-compute:default"),
        () => [`${docAddress(CLUSTER, "irsa_efs-csi_trust")}: statement[0]: web-identity (IRSA) trust not bound to one workload: :sub names service accounts of 2 namespaces; one role per workload [IRSA_TRUST_SCOPED]`],
      ],
    ],
  },
  POD_IDENTITY_TRUST_SCOPED: {
    // No add-on of the default deployment uses EKS Pod Identity: a role shaped like PodIdentityRole's is added.
    harden: (s) => {
      const cluster = nameOf(s[CLUSTER], "aws_eks_cluster", "control-plane");
      s[CLUSTER].data.aws_iam_policy_document.pod_trust = {
        statement: [
          {
            sid: "EksPodIdentity",
            effect: "Allow",
            actions: ["sts:AssumeRole", "sts:TagSession"],
            principals: [{ type: "Service", identifiers: ["pods.eks.${data.aws_partition.partition_current_E0F94D77.dns_suffix}"] }],
            condition: [
              { test: "ArnEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [`\${aws_eks_cluster.${cluster}.arn}`] },
              { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["kube-system"] },
              { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["external-dns"] },
            ],
          },
        ],
      };
      add(s[CLUSTER], "aws_iam_role", "pod_role", { name: "domino-external-dns", assume_role_policy: "${data.aws_iam_policy_document.pod_trust.json}" });
    },
    breaks: [
      [
        "any service account",
        (s) => s[CLUSTER].data.aws_iam_policy_document.pod_trust.statement[0].condition.pop(),
        () => [`${CLUSTER}: data.aws_iam_policy_document.pod_trust: statement[0]: EKS Pod Identity trust not bound to one service account: no exact condition on aws:RequestTag/kubernetes-service-account [POD_IDENTITY_TRUST_SCOPED]`],
      ],
      [
        "any cluster, namespaces by pattern",
        (s) => {
          const statement = s[CLUSTER].data.aws_iam_policy_document.pod_trust.statement[0];
          statement.condition.shift();
          statement.condition[0] = { test: "StringLike", variable: "aws:RequestTag/kubernetes-namespace", values: ["kube-*"] };
        },
        () => [
          `${CLUSTER}: data.aws_iam_policy_document.pod_trust: statement[0]: EKS Pod Identity trust not bound to one service account: no exact condition on aws:RequestTag/kubernetes-namespace, aws:RequestTag/eks-cluster-arn (or eks-cluster-name, aws:SourceArn) [POD_IDENTITY_TRUST_SCOPED]`,
        ],
      ],
    ],
  },
  HELM_HTTPS_REPOSITORY: {
    breaks: [
      [
        "a chart over plain HTTP",
        (s) => (res(s, K8S, "helm_release", "cluster-autoscaler_release").repository = "http://kubernetes.github.io/autoscaler"),
        () => [`${address(K8S, "helm_release", "cluster-autoscaler_release")}: repository: repository "http://kubernetes.github.io/autoscaler" is fetched without TLS; use https:// or oci:// [HELM_HTTPS_REPOSITORY]`],
      ],
    ],
  },
  HELM_CHART_VERSION_PINNED: {
    breaks: [
      [
        "latest at apply time",
        (s) => delete res(s, K8S, "helm_release", "calico_release").version,
        () => [`${address(K8S, "helm_release", "calico_release")}: version: remote chart without a version; pin the chart version [HELM_CHART_VERSION_PINNED]`],
      ],
    ],
  },
  K8S_STORAGE_CLASS_ENCRYPTED: {
    breaks: [
      [
        "unencrypted volumes",
        (s) => (res(s, K8S, "kubernetes_storage_class_v1", "storage-class").parameters.encrypted = "false"),
        () => [`${address(K8S, "kubernetes_storage_class_v1", "storage-class")}: parameters.encrypted: EBS storage class with parameters.encrypted is "false"; must be "true" [K8S_STORAGE_CLASS_ENCRYPTED]`],
      ],
    ],
  },
  NO_HARDCODED_PARTITION: {
    breaks: [
      [
        "a literal arn:aws:",
        (s) => (res(s, CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonSSMManagedInstanceCore").policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
        () => [
          `${address(CLUSTER, "aws_iam_role_policy_attachment", "node-role_AmazonSSMManagedInstanceCore")}: policy_arn: hard-coded partition in "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"; use arn:\${data.aws_partition.<name>.partition}:... [NO_HARDCODED_PARTITION]`,
        ],
      ],
    ],
  },
  PREVENT_DESTROY: {
    breaks: [
      [
        "EFS destroyable",
        (s) => delete res(s, INFRA, "aws_efs_file_system", "datasets_").lifecycle,
        () => [`${address(INFRA, "aws_efs_file_system", "datasets_")}: lifecycle.prevent_destroy: stateful resource without lifecycle.prevent_destroy = true [PREVENT_DESTROY]`],
      ],
    ],
  },
  NO_FORCE_DESTROY: {
    breaks: [
      [
        "a bucket emptied on destroy",
        (s) => (res(s, INFRA, "aws_s3_bucket", "buckets_blobs_").force_destroy = true),
        () => [`${bucket("blobs")}: force_destroy: force_destroy is true: destroying the resource would delete every object [NO_FORCE_DESTROY]`],
      ],
    ],
  },
};

test("every rule has a case here", () => {
  expect(Object.keys(CASES).sort()).toEqual(SECURITY_RULES.map((rule) => rule.id).sort());
});

describe.each(SECURITY_RULES.map((rule) => rule.id))("%s", (id) => {
  const rule = CASES[id];

  test("today's synthesized default deployment: passes, or reports exactly what the pending construct change fixes", () => {
    expect(run(id, fresh(), rule.options)).toEqual(rule.pending?.(synthesized) ?? []);
  });

  if (rule.harden !== undefined) {
    test("passes once the stack has the protection", () => {
      const stacks = fresh();
      rule.harden!(stacks);
      expect(run(id, stacks, rule.options)).toEqual([]);
    });
  }

  test.each(rule.breaks.map(([what, breakIt, expected]) => ({ what, breakIt, expected })))("fails when broken: $what", ({ breakIt, expected }) => {
    const stacks = fresh();
    rule.harden?.(stacks);
    breakIt(stacks);
    expect(run(id, stacks, rule.options)).toEqual(expected(stacks));
  });
});

describe("rule parameters and helpers", () => {
  test("CLOUDWATCH_LOG_RETENTION and KMS_KEY_DELETION_WINDOW take their thresholds as parameters", () => {
    const stacks = fresh();
    res(stacks, INFRA, "aws_cloudwatch_log_group", "flow-logs_log-group").retention_in_days = 90;
    res(stacks, INFRA, "aws_kms_key", "kms_key").deletion_window_in_days = 10;
    expect(run("CLOUDWATCH_LOG_RETENTION", stacks, { parameters: { minLogRetentionDays: 90 } })).toEqual([]);
    expect(run("CLOUDWATCH_LOG_RETENTION", stacks, { parameters: { minLogRetentionDays: 91 } })).toHaveLength(1);
    res(stacks, INFRA, "aws_cloudwatch_log_group", "flow-logs_log-group").retention_in_days = 0;
    expect(run("CLOUDWATCH_LOG_RETENTION", stacks)).toEqual([]);
    expect(run("KMS_KEY_DELETION_WINDOW", stacks)).toEqual([]);
    expect(run("KMS_KEY_DELETION_WINDOW", stacks, { parameters: { minKeyDeletionWindowDays: 30 } })).toEqual([
      `${address(INFRA, "aws_kms_key", "kms_key")}: deletion_window_in_days: deletion window of 10 days; must be at least 30 [KMS_KEY_DELETION_WINDOW]`,
    ]);
  });

  test("rules off by default run only when enabled; their waivers are not unused while they are off", () => {
    const stacks = fresh();
    for (const which of BUCKETS) delete stacks[INFRA].resource.aws_s3_bucket_logging[nameOf(stacks[INFRA], "aws_s3_bucket_logging", `buckets_${which}-logging`)];
    const list = Object.entries(stacks).map(([name, json]) => ({ name, json }));
    const waiver = { rule: "S3_ACCESS_LOGGING", reason: "the buckets' access logging turned off" };
    expect(checkSecurity(list, { waivers: [waiver] })).toMatchObject({ problems: expect.any(Array), unusedWaivers: [] });
    const enabled = checkSecurity(list, { waivers: [waiver], enableRules: ["S3_ACCESS_LOGGING"] });
    // The four buckets; the monitoring bucket, whose policy admits S3 logging, is a log target and needs none.
    expect(enabled.waived.map((w) => w.rule)).toEqual(Array(4).fill("S3_ACCESS_LOGGING"));
    expect(enabled.rules).toContain("S3_ACCESS_LOGGING");
    expect(() => checkSecurity(list, { enableRules: ["S3_ACCES_LOGGING"] })).toThrow(/unknown rule S3_ACCES_LOGGING/);
  });

  test("internet coverage: one block, halves, or all but the special-purpose blocks", () => {
    expect(coversInternet(["0.0.0.0/0"])).toBe(true);
    expect(coversInternet(["::/0"])).toBe(true);
    expect(coversInternet(["2000::/3"])).toBe(true);
    expect(coversInternet(["0.0.0.0/1", "128.0.0.0/1"])).toBe(true);
    expect(coversInternet(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/3"])).toBe(true);
    // Everything but 10/8 is still the whole internet; everything but 8/8 is not.
    expect(coversInternet(["0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"])).toBe(true);
    expect(coversInternet(["0.0.0.0/5", "9.0.0.0/8", "10.0.0.0/7", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1"])).toBe(false);
    expect(coversInternet(["203.0.113.0/24", "198.51.100.17/32", "${var.cidr}"])).toBe(false);
  });

  test("user data: plain, base64, gzip; expressions are scanned as written", () => {
    expect(secretsIn("#!/bin/bash\n/etc/eks/bootstrap.sh domino\n", false)).toEqual([]);
    expect(secretsIn(base64("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"), true)).toEqual(["an AWS secret access key"]);
    expect(secretsIn('${base64encode("export PASSWORD=s3cr3t-pass")}', true)).toEqual(["a password"]);
    expect(secretsIn("PASSWORD=${random_password.db.result}", false)).toEqual([]);
  });

  test("service names from principals; the exemptions of SERVICE_TRUST_SOURCE_BOUND are reasoned", () => {
    expect(serviceName("eks.${data.aws_partition.p.dns_suffix}")).toBe("eks");
    expect(serviceName("ec2.amazonaws.com.cn")).toBe("ec2");
    expect(serviceName("logs.us-west-2.amazonaws.com")).toBe("logs");
    expect(serviceName("pods.eks.amazonaws.com")).toBe("pods.eks");
    expect(Object.keys(SOURCE_BINDING_EXEMPT).sort()).toEqual(["ec2", "pods.eks"]);
    for (const reason of Object.values(SOURCE_BINDING_EXEMPT)) expect(reason.length).toBeGreaterThan(40);
  });

  test("the node security group's egress to 0.0.0.0/0 (through NAT) is not the cluster group's", () => {
    expect(res(synthesized, CLUSTER, "aws_vpc_security_group_egress_rule", "security-groups_nodes-egress").cidr_ipv4).toBe("0.0.0.0/0");
    expect(run("CLUSTER_SG_NO_ALL_EGRESS", fresh())).toEqual([]);
  });
});
