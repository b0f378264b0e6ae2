/**
 * Plausible AWS values for mock plans: what the provider would return for a computed attribute, shaped so that the
 * provider's own plan-time checks (ARN syntax, policy JSON, KMS key ids, partitions) accept it. Every value is
 * derived deterministically from the address it stands for, so two runs write the same test file.
 */
import { createHash } from "crypto";
import { isObject, type JsonObject, type JsonValue } from "../../verify/json";

export const MOCK_ACCOUNT_ID = "123456789012";
/** An empty policy document: valid JSON that every `*policy*` argument's validation accepts. */
export const EMPTY_POLICY_JSON = '{"Version":"2012-10-17","Statement":[]}';

export interface AwsContext {
  readonly region: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  /** `com.amazonaws`, the prefix of VPC endpoint service names. */
  readonly reverseDnsPrefix: string;
  readonly accountId: string;
}

/** Partition and DNS suffix of a region, by its prefix (the commercial partition for the rest). */
const PARTITIONS: readonly { prefix: string; partition: string; dnsSuffix: string }[] = [
  { prefix: "us-gov-", partition: "aws-us-gov", dnsSuffix: "amazonaws.com" },
  { prefix: "cn-", partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" },
  { prefix: "us-isob-", partition: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov" },
  { prefix: "us-isof-", partition: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov" },
  { prefix: "us-iso-", partition: "aws-iso", dnsSuffix: "c2s.ic.gov" },
  { prefix: "eu-isoe-", partition: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk" },
  { prefix: "eusc-", partition: "aws-eusc", dnsSuffix: "amazonaws.eu" },
];

export const DEFAULT_REGION = "us-east-1";

export function awsContextFor(region: string, accountId: string = MOCK_ACCOUNT_ID): AwsContext {
  const match = PARTITIONS.find((p) => region.startsWith(p.prefix));
  const partition = match?.partition ?? "aws";
  const dnsSuffix = match?.dnsSuffix ?? "amazonaws.com";
  return { region, partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join("."), accountId };
}

/** The literal `region` of a stack's (first, default) AWS provider configuration, if any. */
export function providerRegion(json: JsonObject): string | undefined {
  const providers = isObject(json.provider) ? json.provider.aws : undefined;
  const configs = Array.isArray(providers) ? providers : providers === undefined ? [] : [providers];
  for (const config of configs) {
    if (isObject(config) && config.alias === undefined && typeof config.region === "string" && !config.region.includes("${")) {
      return config.region;
    }
  }
  return undefined;
}

function digest(seed: string): string {
  return createHash("sha256").update(seed).digest("hex");
}

/** `n` lower-case hex digits derived from `seed`. */
export function mockHex(seed: string, n: number): string {
  let hex = "";
  for (let i = 0; hex.length < n; i++) hex += digest(`${i}:${seed}`);
  return hex.slice(0, n);
}

/** A UUID in version 4 form (version digit 4, variant 8..b), which is what KMS key ids and ACM ids look like. */
export function mockUuid(seed: string): string {
  const h = mockHex(seed, 32);
  const variant = "89ab"[parseInt(h[16], 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Zone name of a zone id: `usw2-az2` in us-west-2 becomes `us-west-2b` (the mapping is per account; any is plausible). */
export function zoneNameFor(zoneId: string, region: string): string {
  const match = /-az(\d+)$/.exec(zoneId);
  const index = match ? Math.max(0, parseInt(match[1], 10) - 1) : 0;
  return `${region}${String.fromCharCode("a".charCodeAt(0) + (index % 26))}`;
}

/** Id prefixes of EC2-style resources; the rest get a readable `mock-` id. */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_vpc: "vpc-",
  aws_subnet: "subnet-",
  aws_security_group: "sg-",
  aws_default_security_group: "sg-",
  aws_internet_gateway: "igw-",
  aws_nat_gateway: "nat-",
  aws_route_table: "rtb-",
  aws_eip: "eipalloc-",
  aws_vpc_endpoint: "vpce-",
  aws_launch_template: "lt-",
  aws_instance: "i-",
  aws_efs_file_system: "fs-",
  aws_efs_access_point: "fsap-",
  aws_efs_mount_target: "fsmt-",
  aws_network_interface: "eni-",
  aws_flow_log: "fl-",
  aws_ami: "ami-",
  aws_vpc_security_group_ingress_rule: "sgr-",
  aws_vpc_security_group_egress_rule: "sgr-",
};

function kebab(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "mock";
}

/** What the producer's body says literally for `attribute`, if it is a plain value (no expression). */
function literal(body: JsonObject | undefined, attribute: string): JsonValue | undefined {
  const value = body?.[attribute];
  if (value === undefined || value === null) return undefined;
  const plain = (v: JsonValue): boolean =>
    typeof v === "string" ? !/(^|[^$])[$%]\{/.test(v) : Array.isArray(v) ? v.every(plain) : isObject(v) ? Object.values(v).every(plain) : true;
  return plain(value) ? value : undefined;
}

/** A readable name for a resource: its literal `name`, `bucket` or `*_name`, else its logical name. */
function nameOf(type: string, name: string, body: JsonObject | undefined): string {
  for (const key of ["name", "bucket", "node_group_name", "cluster_name", "repository_name", "role_name", "policy_name"]) {
    const value = literal(body, key);
    if (typeof value === "string" && value !== "") return value;
  }
  const prefix = literal(body, "name_prefix") ?? literal(body, "bucket_prefix");
  if (typeof prefix === "string") return `${prefix}${mockHex(`${type}.${name}`, 8)}`;
  return kebab(name.replace(/_[0-9A-F]{8}$/, ""));
}

export function mockId(type: string, name: string): string {
  const prefix = ID_PREFIXES[type];
  return prefix === undefined ? `mock-${kebab(name.replace(/_[0-9A-F]{8}$/, ""))}` : `${prefix}${mockHex(`${type}.${name}`, 17)}`;
}

/** An ARN for a resource of `type`, in the shape its service uses. */
export function mockArn(type: string, name: string, body: JsonObject | undefined, ctx: AwsContext): string {
  const p = ctx.partition;
  const r = ctx.region;
  const a = ctx.accountId;
  const readable = nameOf(type, name, body);
  const seed = `${type}.${name}`;
  switch (type) {
    case "aws_iam_role":
      return `arn:${p}:iam::${a}:role/${readable}`;
    case "aws_iam_policy":
      return `arn:${p}:iam::${a}:policy/${readable}`;
    case "aws_iam_instance_profile":
      return `arn:${p}:iam::${a}:instance-profile/${readable}`;
    case "aws_iam_user":
      return `arn:${p}:iam::${a}:user/${readable}`;
    case "aws_iam_openid_connect_provider":
      return `arn:${p}:iam::${a}:oidc-provider/oidc.eks.${r}.${ctx.dnsSuffix}/id/${mockHex(seed, 32).toUpperCase()}`;
    case "aws_kms_key": {
      const keyId = literal(body, "key_id");
      if (typeof keyId === "string" && keyId.startsWith("arn:")) return keyId;
      return `arn:${p}:kms:${r}:${a}:key/${typeof keyId === "string" && /^[0-9a-f-]{36}$/.test(keyId) ? keyId : mockUuid(seed)}`;
    }
    case "aws_kms_alias":
      return `arn:${p}:kms:${r}:${a}:${readable.startsWith("alias/") ? readable : `alias/${readable}`}`;
    case "aws_acm_certificate":
    case "aws_acm_certificate_validation":
      return `arn:${p}:acm:${r}:${a}:certificate/${mockUuid(seed)}`;
    case "aws_s3_bucket":
      return `arn:${p}:s3:::${readable}`;
    case "aws_eks_cluster":
      return `arn:${p}:eks:${r}:${a}:cluster/${readable}`;
    case "aws_eks_node_group":
      return `arn:${p}:eks:${r}:${a}:nodegroup/mock-cluster/${readable}/${mockUuid(seed)}`;
    case "aws_ecr_repository":
      return `arn:${p}:ecr:${r}:${a}:repository/${readable}`;
    case "aws_cloudwatch_log_group":
      return `arn:${p}:logs:${r}:${a}:log-group:${readable}`;
    case "aws_efs_file_system":
      return `arn:${p}:elasticfilesystem:${r}:${a}:file-system/${mockId(type, name)}`;
    case "aws_efs_access_point":
      return `arn:${p}:elasticfilesystem:${r}:${a}:access-point/${mockId(type, name)}`;
    case "aws_backup_vault":
      return `arn:${p}:backup:${r}:${a}:backup-vault:${readable}`;
    case "aws_sns_topic":
      return `arn:${p}:sns:${r}:${a}:${readable}`;
    case "aws_sqs_queue":
      return `arn:${p}:sqs:${r}:${a}:${readable}`;
    case "aws_lambda_function":
      return `arn:${p}:lambda:${r}:${a}:function:${readable}`;
    case "aws_secretsmanager_secret":
      return `arn:${p}:secretsmanager:${r}:${a}:secret:${readable}-${mockHex(seed, 6)}`;
  }
  const ec2 = ID_PREFIXES[type];
  if (ec2 !== undefined) return `arn:${p}:ec2:${r}:${a}:${type.replace(/^aws_/, "").replace(/_/g, "-")}/${mockId(type, name)}`;
  const service = type.split("_")[1] ?? "mock";
  return `arn:${p}:${service}:${r}:${a}:${type.replace(/^aws_[a-z0-9]+_?/, "") || "resource"}/${readable}`;
}

/** base64 of a PEM-shaped certificate authority: `base64decode()` of it succeeds. */
export function mockCertificateAuthority(seed: string): string {
  const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(mockHex(seed, 48), "hex").toString("base64")}\n-----END CERTIFICATE-----\n`;
  return Buffer.from(pem).toString("base64");
}

/** A plausible value of attribute path `attribute` (e.g. `arn`, `certificate_authority[0].data`) of a block. */
export function mockAttribute(type: string, name: string, attribute: string, body: JsonObject | undefined, ctx: AwsContext): JsonValue {
  // A splat (`block[*].attr`) is a list: one element, as a computed block of one.
  if (attribute.includes("[*]")) return [mockAttribute(type, name, attribute.replace(/\[\*\]/g, "[0]"), body, ctx)];
  const fromConfig = /^[a-z0-9_]+$/.test(attribute) ? literal(body, attribute) : undefined;
  if (fromConfig !== undefined) return fromConfig;
  const last = attribute.replace(/\[\d+\]/g, "").split(".").pop() ?? attribute;
  const seed = `${type}.${name}.${attribute}`;
  if (last === "arn" || last.endsWith("_arn")) return mockArn(type, name, body, ctx);
  if (last === "id") {
    if (type === "aws_kms_key") return literal(body, "key_id") === undefined ? mockUuid(`${type}.${name}`) : String(mockArn(type, name, body, ctx).split("/").pop());
    return mockId(type, name);
  }
  switch (last) {
    case "account_id":
    case "owner_id":
      return ctx.accountId;
    case "partition":
      return ctx.partition;
    case "dns_suffix":
      return ctx.dnsSuffix;
    case "reverse_dns_prefix":
      return ctx.reverseDnsPrefix;
    case "region":
      return ctx.region;
    case "key_id":
      return mockUuid(`${type}.${name}`);
    case "endpoint":
      return `https://${mockHex(seed, 32).toUpperCase()}.gr7.${ctx.region}.eks.${ctx.dnsSuffix}`;
    case "data":
      return mockCertificateAuthority(seed);
    case "issuer":
    case "url":
      return `https://oidc.eks.${ctx.region}.${ctx.dnsSuffix}/id/${mockHex(seed, 32).toUpperCase()}`;
    case "version":
      return "1";
    case "latest_version":
      return 1;
    case "cidr_block":
      return "10.0.0.0/16";
    case "service_ipv4_cidr":
      return "172.20.0.0/16";
    case "dns_name":
      return `${mockHex(seed, 8)}.${ctx.region}.${ctx.dnsSuffix}`;
    case "availability_zone":
      return `${ctx.region}a`;
    case "zone_id":
      return `Z${mockHex(seed, 13).toUpperCase()}`;
  }
  if (last.endsWith("_name") || last === "name" || last === "bucket") return nameOf(type, name, body);
  if (last.endsWith("_ids")) return [mockId(type, `${name}.${last}`)];
  return `mock-${kebab(last)}`;
}
