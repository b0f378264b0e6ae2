/**
 * What AWS and Terraform accept, as data and small pure checks: regions by partition, the Kubernetes versions EKS
 * offers, Terraform version constraints and S3 bucket names. Each list says where it comes from and when it was read,
 * so a reviewer can check it and a release can refresh it.
 */

/**
 * AWS regions by partition (AWS's "Regions and Zones" page and the partition data of the AWS SDKs, read December
 * 2026). A region AWS opened later is accepted with `allowUnlisted.region: true`.
 */
export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  aws: [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "af-south-1",
    "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2",
    "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
  ],
  "aws-us-gov": ["us-gov-west-1", "us-gov-east-1"],
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-iso": ["us-iso-east-1", "us-iso-west-1"],
  "aws-iso-b": ["us-isob-east-1"],
  "aws-iso-e": ["eu-isoe-west-1"],
  "aws-iso-f": ["us-isof-south-1", "us-isof-east-1"],
};

/** A KMS key id as AWS writes them (the provider checks the UUID's version and variant digits), or a multi-Region key. */
export const KMS_KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** A KMS key given as a key ARN or a bare key id, as the S3 state backend's kms_key_id takes it. */
export function isKmsKeyArnOrId(value: string): boolean {
  const m = /^arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:\d{12}:key\/(.+)$/.exec(value);
  return KMS_KEY_ID.test(m ? m[2] : value);
}

/** The partition a region belongs to, by its name. */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : "aws-iso";
  return "aws";
}

export function isListedRegion(region: string): boolean {
  return (AWS_REGIONS[partitionOf(region)] ?? []).includes(region);
}

const REGION_WORDS: Record<string, string> = {
  north: "n", south: "s", east: "e", west: "w", central: "c",
  northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw",
};

/**
 * The prefix of a region's availability-zone ids: us-west-2 -> usw2, us-gov-west-1 -> usgw1, ap-southeast-1 -> apse1,
 * cn-northwest-1 -> cnnw1. Undefined for the ISO partitions, whose zone ids AWS does not publish.
 */
export function zoneIdPrefix(region: string): string | undefined {
  const m = /^([a-z]{2})(-gov)?-([a-z]+)-(\d+)$/.exec(region);
  if (!m || !REGION_WORDS[m[3]]) return undefined;
  return `${m[1]}${m[2] ? "g" : ""}${REGION_WORDS[m[3]]}${m[4]}`;
}

/** The listed region whose zone ids start with `prefix-`, if any. */
export function regionOfZonePrefix(prefix: string): string | undefined {
  return Object.values(AWS_REGIONS).flat().find((region) => zoneIdPrefix(region) === prefix);
}

/**
 * Kubernetes minor versions EKS offers in standard or extended support on the day this list was read (December 2026,
 * from the EKS user guide's version calendar; 1.31 left extended support on 26 November 2026). A version EKS
 * released later is accepted with `allowUnlisted.kubernetesVersion: true`.
 */
export const EKS_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34", "1.35", "1.36"] as const;

/**
 * One Terraform version constraint: an operator (=, !=, >, >=, <, <=, ~>; none means =) and a version of one to
 * three numbers with an optional pre-release, such as `~> 6.25` or `>= 2.38.0, < 3.0.0`.
 */
const CONSTRAINT = /^\s*(=|!=|>=|<=|>|<|~>)?\s*\d+(\.\d+){0,2}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\s*$/;

export function isVersionConstraint(text: string): boolean {
  return text.split(",").every((part) => CONSTRAINT.test(part));
}

/** S3's reserved bucket-name prefixes and suffixes (S3 user guide, "General purpose bucket naming rules"). */
export const S3_RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
export const S3_RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

/** Why S3 refuses a general-purpose bucket name, or undefined when it accepts it. */
export function s3BucketNameProblem(name: string): string | undefined {
  const rule = "S3 bucket names are 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; ${rule}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return `must follow S3's naming rules: ${rule}`;
  if (name.includes("..")) return "must not hold two dots in a row (S3 refuses it)";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address (S3 refuses it)";
  const prefix = S3_RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `starts with ${prefix}, a prefix S3 reserves`;
  const suffix = S3_RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `ends with ${suffix}, a suffix S3 reserves`;
  return undefined;
}

/**
 * Regions where every service the stacks call has a FIPS 140 endpoint, so the AWS provider's use_fips_endpoint can
 * work: EKS (fips.eks.<region>), ECR, STS, EC2, S3, KMS, IAM and CloudWatch Logs. AWS's General Reference endpoint
 * tables (read December 2026) list EKS FIPS endpoints only for the four US commercial regions and AWS GovCloud (US);
 * Canada has FIPS endpoints for some services but not for EKS. Elsewhere the cluster stage's calls would go to host
 * names that do not exist.
 */
export const FIPS_ENDPOINT_REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "us-gov-east-1", "us-gov-west-1",
];

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra forms the field takes besides *, values, ranges, lists and steps. */
  readonly special?: RegExp;
}

/**
 * AWS Backup's schedule syntax, the cron expressions of EventBridge: six fields, minutes hours day-of-month month
 * day-of-week year (AWS Backup user guide, "Backup plan options and configuration"; EventBridge user guide, "Cron
 * expressions"). Day-of-month takes L and W (15W, LW); day-of-week takes L (5L) and # (2#1).
 */
const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, special: /^(L|[1-7]L|[1-7]#[1-5])$/ },
  { name: "year", min: 1970, max: 2199 },
];

function cronValue(text: string, field: CronField): number | undefined {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return field.min + index;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/** Why one cron field is wrong, or undefined. `?` is checked by the caller (only day-of-month and day-of-week take it). */
function cronFieldProblem(text: string, field: CronField): string | undefined {
  const allowed = `${field.name} takes ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}, *, ranges (a-b), lists (a,b) and steps (*/n, a/n)`;
  for (const item of text.split(",")) {
    if (field.special?.test(item.toUpperCase()) && !text.includes(",")) continue;
    const [base, step, extra] = item.split("/");
    if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return `${field.name} "${text}": a step is /<whole number of 1 or more>; ${allowed}`;
    if (base === "*") continue;
    const [from, to, more] = base.split("-");
    const a = cronValue(from, field);
    const b = to === undefined ? a : cronValue(to, field);
    if (more !== undefined || a === undefined || b === undefined) return `${field.name} "${text}" is not valid: ${allowed}`;
    if (a > b) return `${field.name} "${text}": the range ${base} runs backwards; write the lower value first`;
  }
  return undefined;
}

/**
 * Why AWS Backup would refuse a schedule expression, or undefined: `cron(...)` with six fields, exactly one of
 * day-of-month and day-of-week `?`, each field in range, and at most one run an hour (AWS Backup needs 60 minutes
 * between backups: one value in the minutes field).
 */
export function backupScheduleProblem(expression: string): string | undefined {
  const m = /^cron\((.*)\)$/.exec(expression.trim());
  const form = "must be an AWS cron expression: cron(minutes hours day-of-month month day-of-week year), such as cron(0 5 * * ? *) for daily at 05:00 UTC";
  if (!m) return form;
  const fields = m[1].trim().split(/\s+/);
  if (fields.length !== 6) return `has ${fields.length} fields; ${form}`;
  const [dom, dow] = [fields[2], fields[4]];
  if ((dom === "?") === (dow === "?")) return "must have ? in exactly one of day-of-month (third field) and day-of-week (fifth field), such as cron(0 5 * * ? *) or cron(0 5 ? * MON *)";
  for (let i = 0; i < 6; i++) {
    if (fields[i] === "?" && (i === 2 || i === 4)) continue;
    const why = cronFieldProblem(fields[i], CRON_FIELDS[i]);
    if (why) return why;
  }
  if (!/^\d{1,2}$/.test(fields[0])) return `minutes "${fields[0]}" runs more than once an hour; AWS Backup needs at least 60 minutes between backups: give one minute, such as 0`;
  return undefined;
}

/**
 * Regions whose load balancers write access logs as a regional Elastic Load Balancing account (the regions opened
 * before August 2022, and GovCloud and China): the provider's aws_elb_service_account data source knows their
 * accounts. Every other region (ap-south-2, eu-central-2, il-central-1, mx-central-1, ... and regions opened later)
 * delivers as the service principal logdelivery.elasticloadbalancing.amazonaws.com (ALB user guide, "Enable access
 * logs", step 2).
 */
export const ELB_LOG_DELIVERY_ACCOUNT_REGIONS: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ca-central-1",
  "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
  "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-south-1",
  "me-south-1", "sa-east-1", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
];

/**
 * The vCPUs of an EC2 instance size by its name, for the sizes whose count the name fixes across the current families:
 * medium 1 (2 on t-family), large 2, xlarge 4, Nxlarge 4N. Undefined for metal, nano/micro/small and unknown names.
 */
export function vcpusOfInstanceType(instanceType: string): number | undefined {
  const [family, size] = instanceType.split(".");
  if (size === undefined) return undefined;
  if (size === "medium") return /^t\d/.test(family) ? 2 : 1;
  if (size === "large") return 2;
  if (size === "xlarge") return 4;
  const m = /^(\d{1,2})xlarge$/.exec(size);
  return m ? 4 * Number(m[1]) : undefined;
}
