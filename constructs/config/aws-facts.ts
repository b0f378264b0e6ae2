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
