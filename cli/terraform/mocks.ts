/**
 * The generated `terraform test` file of a mock plan: a `mock_provider` per provider of the stack (no credentials,
 * no API calls), defaults for the data sources whose computed values the AWS provider parses at plan time, and an
 * `override_data` for every `terraform_remote_state` read with plausible values of the outputs the stack reads.
 * Pure: stack JSON in, HCL text out.
 */
import { isObject, type JsonObject, type JsonValue } from "../../verify/json";
import { listBlocks, type SynthesizedStack, type TerraformBlock } from "../../verify/stacks";
import { hclAttribute, hclString } from "./hcl";
import {
  awsContextFor,
  DEFAULT_REGION,
  EMPTY_POLICY_JSON,
  mockArn,
  mockAttribute,
  mockHex,
  mockUuid,
  providerRegion,
  zoneNameFor,
  type AwsContext,
} from "./plausible";

export const TEST_FILE_NAME = "domino-mock-plan.tftest.hcl";
export const RUN_NAME = "plan";

const REMOTE_STATE = "terraform_remote_state";

/** Output names a stack reads from each of its `terraform_remote_state` data sources, sorted. */
export function remoteStateReads(json: JsonObject): Map<string, string[]> {
  const text = JSON.stringify(json);
  const reads = new Map<string, Set<string>>();
  const add = (data: string, output: string) => {
    const set = reads.get(data) ?? new Set<string>();
    set.add(output);
    reads.set(data, set);
  };
  // `outputs.<name>` and `outputs["<name>"]` (escaped quotes inside the JSON text).
  const pattern = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs(?:\.([A-Za-z0-9_-]+)|\[\\"([^"\\]+)\\"\])/g;
  for (const match of text.matchAll(pattern)) add(match[1], match[2] ?? match[3]);
  // A remote state nobody reads an output of still gets an override (empty outputs), so it is never read for real.
  const declared = isObject(json.data) && isObject(json.data[REMOTE_STATE]) ? Object.keys(json.data[REMOTE_STATE]) : [];
  for (const name of declared) if (!reads.has(name)) reads.set(name, new Set());
  return new Map([...reads].sort(([a], [b]) => a.localeCompare(b)).map(([data, outputs]) => [data, [...outputs].sort()]));
}

/** cdktf names a cross-stack read `cross-stack-reference-input-<producer stack>`. */
const CDKTF_REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

function backendOf(json: JsonObject): { type: string; config: JsonObject } | undefined {
  const terraform = isObject(json.terraform) ? json.terraform : undefined;
  const backend = terraform && isObject(terraform.backend) ? terraform.backend : undefined;
  const [type, config] = backend ? (Object.entries(backend)[0] ?? []) : [];
  return type !== undefined && isObject(config) ? { type, config } : undefined;
}

/** The stack whose state a `terraform_remote_state` reads: by cdktf's naming, else by the same backend settings. */
export function producerOf(dataName: string, body: JsonObject | undefined, stacks: readonly SynthesizedStack[]): SynthesizedStack | undefined {
  if (dataName.startsWith(CDKTF_REMOTE_STATE_PREFIX)) {
    const byName = stacks.find((s) => s.name === dataName.slice(CDKTF_REMOTE_STATE_PREFIX.length));
    if (byName) return byName;
  }
  if (body === undefined || typeof body.backend !== "string" || !isObject(body.config)) return undefined;
  const wanted = JSON.stringify(body.config);
  return stacks.find((s) => {
    const backend = backendOf(s.json);
    if (backend === undefined || backend.type !== body.backend) return false;
    const keys = Object.keys(body.config as JsonObject);
    return JSON.stringify(Object.fromEntries(keys.map((k) => [k, backend.config[k]]))) === wanted;
  });
}

const REFERENCE = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+|\[(?:\d+|\*)\])+)$/;

function blockBody(json: JsonObject, mode: "resource" | "data", type: string, name: string): JsonObject | undefined {
  const section = json[mode];
  const byType = isObject(section) ? section[type] : undefined;
  const body = isObject(byType) ? byType[name] : undefined;
  if (Array.isArray(body)) return isObject(body[0]) ? body[0] : undefined;
  return isObject(body) ? body : undefined;
}

/** A plausible value of one interpolation (`aws_subnet.x.id`, `tolist(...)`, ...) of a producer's expression. */
function mockExpression(inner: string, producer: JsonObject | undefined, ctx: AwsContext): JsonValue {
  const expression = inner.trim();
  const ref = REFERENCE.exec(expression);
  if (ref) {
    const [, data, type, name, rest] = ref;
    const attribute = rest.replace(/^\./, "");
    if (type === REMOTE_STATE) return `mock-${mockHex(expression, 8)}`;
    const body = producer ? blockBody(producer, data ? "data" : "resource", type, name) : undefined;
    return mockAttribute(type, name, attribute, body, ctx);
  }
  const call = /^([a-z0-9_]+)\(/.exec(expression);
  if (call) {
    if (["tolist", "toset", "concat", "flatten", "compact", "distinct", "sort", "keys", "values", "slice", "split"].includes(call[1])) return [];
    if (["tomap", "merge", "zipmap", "jsondecode"].includes(call[1])) return {};
    if (["length", "max", "min", "tonumber"].includes(call[1])) return 1;
  }
  return `mock-${mockHex(expression, 8)}`;
}

/** Splits a Terraform template into literal text and the insides of its `${...}` interpolations (braces balanced). */
function templateParts(text: string): { literal: string; expression?: string }[] {
  const parts: { literal: string; expression?: string }[] = [];
  let literal = "";
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("$${", i)) {
      literal += "${";
      i += 2;
      continue;
    }
    if (!text.startsWith("${", i)) {
      literal += text[i];
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quoted = false;
    for (; j < text.length && depth > 0; j++) {
      const c = text[j];
      if (quoted) {
        if (c === "\\") j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
    }
    parts.push({ literal, expression: text.slice(i + 2, j - 1) });
    literal = "";
    i = j - 1;
  }
  parts.push({ literal });
  return parts;
}

/** A plausible value of a producer's output `value`, of the same shape (list, map, string, number). */
export function mockOutputValue(value: JsonValue, producer: JsonObject | undefined, ctx: AwsContext): JsonValue {
  if (Array.isArray(value)) return value.map((item) => mockOutputValue(item, producer, ctx));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mockOutputValue(v, producer, ctx)]));
  if (typeof value !== "string") return value;
  const parts = templateParts(value);
  const single = parts.length === 2 && parts[0].literal === "" && parts[1].literal === "" && parts[0].expression !== undefined;
  if (single) return mockExpression(parts[0].expression as string, producer, ctx);
  return parts
    .map((part) => {
      if (part.expression === undefined) return part.literal;
      const mocked = mockExpression(part.expression, producer, ctx);
      return part.literal + (typeof mocked === "string" || typeof mocked === "number" ? String(mocked) : "mock");
    })
    .join("");
}

/** An output the producer does not declare (or no producer): guessed from its name. */
function guessOutput(key: string, ctx: AwsContext): JsonValue {
  const lower = key.toLowerCase();
  if (/(_ids|_arns|_names|s)$/.test(lower) && !/(address|status|class|access)$/.test(lower)) return [];
  if (lower.endsWith("arn")) return `arn:${ctx.partition}:iam::${ctx.accountId}:role/mock-${mockHex(key, 8)}`;
  if (lower.endsWith("id")) return `mock-${mockHex(key, 8)}`;
  return `mock-${mockHex(key, 8)}`;
}

/** The `outputs` object of a remote state's override: every output the stack reads, shaped like the producer's. */
export function mockRemoteOutputs(outputs: readonly string[], producer: SynthesizedStack | undefined, ctx: AwsContext): JsonObject {
  const declared = producer && isObject(producer.json.output) ? producer.json.output : {};
  const result: JsonObject = {};
  for (const key of outputs) {
    const output = declared[key];
    result[key] = isObject(output) && output.value !== undefined ? mockOutputValue(output.value, producer?.json, ctx) : guessOutput(key, ctx);
  }
  return result;
}

/** The AWS context of a stack: its provider's region, else the region of a stack it reads. */
export function stackContext(stack: SynthesizedStack, stacks: readonly SynthesizedStack[]): AwsContext {
  let region = providerRegion(stack.json);
  if (region === undefined) {
    for (const data of remoteStateReads(stack.json).keys()) {
      const producer = producerOf(data, blockBody(stack.json, "data", REMOTE_STATE, data), stacks);
      region = producer ? providerRegion(producer.json) : undefined;
      if (region !== undefined) break;
    }
  }
  return awsContextFor(region ?? DEFAULT_REGION);
}

/** Defaults for data sources of the stack's types whose computed values the provider parses at plan. */
function awsDataDefaults(ctx: AwsContext): Record<string, JsonObject> {
  const callerArn = `arn:${ctx.partition}:iam::${ctx.accountId}:user/terraform`;
  return {
    aws_iam_policy_document: { json: EMPTY_POLICY_JSON, minified_json: EMPTY_POLICY_JSON },
    aws_partition: { partition: ctx.partition, dns_suffix: ctx.dnsSuffix, reverse_dns_prefix: ctx.reverseDnsPrefix, id: ctx.partition },
    aws_caller_identity: { account_id: ctx.accountId, arn: callerArn, user_id: "AIDAMOCKUSERID000000", id: ctx.accountId },
    aws_region: { name: ctx.region, region: ctx.region, id: ctx.region, endpoint: `ec2.${ctx.region}.${ctx.dnsSuffix}`, description: ctx.region },
    aws_availability_zones: { names: ["a", "b", "c"].map((z) => `${ctx.region}${z}`), id: ctx.region },
    aws_availability_zone: { name: `${ctx.region}a`, region: ctx.region },
    aws_ssm_parameter: { value: "ami-0123456789abcdef0", insecure_value: "ami-0123456789abcdef0", type: "String" },
    aws_ami: { id: "ami-0123456789abcdef0", image_id: "ami-0123456789abcdef0", architecture: "x86_64" },
    aws_kms_key: { arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:key/${mockUuid("kms")}`, id: mockUuid("kms") },
    aws_vpc: { cidr_block: "10.0.0.0/16", arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc/vpc-0123456789abcdef0` },
    aws_vpc_endpoint_service: { service_name: `${ctx.reverseDnsPrefix}.${ctx.region}.s3` },
    aws_iam_role: { arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role/mock`, assume_role_policy: EMPTY_POLICY_JSON },
    aws_iam_policy: { arn: `arn:${ctx.partition}:iam::${ctx.accountId}:policy/mock`, policy: EMPTY_POLICY_JSON },
    // The provider checks an add-on version's format at plan ("must follow semantic version format").
    aws_eks_addon_version: { version: "v1.0.0-eksbuild.1" },
    aws_eks_cluster: {
      arn: `arn:${ctx.partition}:eks:${ctx.region}:${ctx.accountId}:cluster/mock`,
      endpoint: `https://${mockHex("eks", 32).toUpperCase()}.gr7.${ctx.region}.eks.${ctx.dnsSuffix}`,
    },
  };
}

function literalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}

/** Per-instance values where a data source's own literal arguments decide what AWS would answer. */
function awsDataOverride(block: TerraformBlock, ctx: AwsContext): JsonObject | undefined {
  const body = block.body;
  switch (block.type) {
    case "aws_availability_zone": {
      const zoneId = literalString(body, "zone_id");
      const name = literalString(body, "name") ?? (zoneId ? zoneNameFor(zoneId, ctx.region) : undefined);
      return name === undefined ? undefined : { name, ...(zoneId ? { zone_id: zoneId } : {}), region: ctx.region };
    }
    case "aws_kms_key": {
      const keyId = literalString(body, "key_id");
      if (keyId === undefined) return undefined;
      const arn = mockArn("aws_kms_key", block.name, body, ctx);
      return { arn, id: arn.split("/").pop() as string };
    }
    case "aws_vpc": {
      const id = literalString(body, "id");
      return id === undefined ? undefined : { id, arn: `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc/${id}`, cidr_block: "10.0.0.0/16" };
    }
    case "aws_vpc_endpoint_service": {
      const service = literalString(body, "service");
      return service === undefined ? undefined : { service_name: `${ctx.reverseDnsPrefix}.${ctx.region}.${service}` };
    }
    case "aws_ssm_parameter": {
      const name = literalString(body, "name");
      if (name === undefined) return undefined;
      const value = /ami/i.test(name) ? `ami-${mockHex(name, 17)}` : `mock-${mockHex(name, 8)}`;
      return { value, insecure_value: value, type: "String", arn: `arn:${ctx.partition}:ssm:${ctx.region}:${ctx.accountId}:parameter${name.startsWith("/") ? "" : "/"}${name}` };
    }
  }
  return undefined;
}

/**
 * Resources whose computed values the real provider already knows at plan and the configuration depends on then:
 * an ACM certificate's `domain_validation_options` carry their domain names at plan (the provider fills them in from
 * `domain_name` and `subject_alternative_names`), so `for_each` over them works on a first plan. A mock knows
 * nothing at plan, so these get the same values (with `override_during = plan`, Terraform 1.11 or later).
 */
function awsResourceOverride(block: TerraformBlock, ctx: AwsContext): JsonObject | undefined {
  if (block.type !== "aws_acm_certificate") return undefined;
  const domain = literalString(block.body, "domain_name");
  if (domain === undefined) return undefined;
  const sans = Array.isArray(block.body.subject_alternative_names) ? block.body.subject_alternative_names : [];
  const domains = [...new Set([domain, ...sans.filter((d): d is string => typeof d === "string" && !d.includes("${"))])];
  const arn = mockArn(block.type, block.name, block.body, ctx);
  return {
    arn,
    id: arn,
    domain_validation_options: domains.map((name) => {
      const base = name.replace(/^\*\./, "");
      return {
        domain_name: name,
        resource_record_name: `_${mockHex(`${base}.name`, 32)}.${base}.`,
        resource_record_type: "CNAME",
        resource_record_value: `_${mockHex(`${base}.value`, 32)}.${mockHex(`${base}.zone`, 10)}.acm-validations.aws.`,
      };
    }),
  };
}

/** Provider configurations to mock: every provider the stack requires, and every alias it configures. */
export function mockedProviders(json: JsonObject): { name: string; alias?: string }[] {
  const terraform = isObject(json.terraform) ? json.terraform : {};
  const required = isObject(terraform.required_providers) ? Object.keys(terraform.required_providers) : [];
  const configs = isObject(json.provider) ? json.provider : {};
  const names = [...new Set([...required, ...Object.keys(configs)])].sort();
  return names.flatMap((name) => {
    const entries = configs[name];
    const aliases = (Array.isArray(entries) ? entries : entries === undefined ? [] : [entries])
      .map((entry) => (isObject(entry) && typeof entry.alias === "string" ? entry.alias : undefined))
      .filter((alias): alias is string => alias !== undefined);
    return [{ name }, ...[...new Set(aliases)].sort().map((alias) => ({ name, alias }))];
  });
}

/** The computed attributes other resources read of an imported resource, given plausible values (`id`, `arn` by default). */
const IMPORTED_COMPUTED: Readonly<Record<string, readonly string[]>> = {
  aws_kms_key: ["id", "arn", "key_id"],
  aws_launch_template: ["id", "arn", "latest_version"],
  aws_eks_cluster: ["id", "arn", "endpoint"],
};

/** The addresses the stack's top-level import blocks import to. */
export function importTargets(json: JsonObject): string[] {
  const blocks = Array.isArray(json.import) ? json.import : [];
  return blocks.flatMap((b) => (isObject(b) && typeof b.to === "string" ? [b.to] : []));
}

/** The whole `.tftest.hcl` of a stack's mock plan; `stacks` are the other stacks of the app (for producers' outputs). */
export function mockTestFile(stack: SynthesizedStack, stacks: readonly SynthesizedStack[]): string {
  const ctx = stackContext(stack, stacks);
  const dataBlocks = listBlocks(stack.json, "data");
  const dataTypes = new Set(dataBlocks.map((b) => b.type));
  const defaults = awsDataDefaults(ctx);
  const lines: string[] = [
    `# Generated by the domino-eks terraform check: a plan of ${stack.name} against mocked providers (no credentials, no API calls).`,
    `# AWS values: region ${ctx.region}, partition ${ctx.partition}, account ${ctx.accountId}.`,
    "",
  ];
  for (const provider of mockedProviders(stack.json)) {
    lines.push(`mock_provider ${hclString(provider.name)} {`);
    if (provider.alias !== undefined) lines.push(`  alias = ${hclString(provider.alias)}`);
    if (provider.name === "aws") {
      for (const [type, values] of Object.entries(defaults)) {
        if (!dataTypes.has(type)) continue;
        lines.push(`  mock_data ${hclString(type)} {`, hclAttribute("defaults", values, 2), "  }");
      }
    }
    lines.push("}", "");
  }
  for (const block of dataBlocks) {
    let values: JsonObject | undefined;
    if (block.type === REMOTE_STATE) {
      const outputs = remoteStateReads(stack.json).get(block.name) ?? [];
      values = { outputs: mockRemoteOutputs(outputs, producerOf(block.name, block.body, stacks), ctx) };
    } else if (block.type.startsWith("aws_")) {
      values = awsDataOverride(block, ctx);
    }
    if (values === undefined) continue;
    lines.push("override_data {", `  target = ${block.address}`, hclAttribute("values", values, 1), "}", "");
  }
  const overridden = new Set<string>();
  for (const block of listBlocks(stack.json, "resource")) {
    const values = block.type.startsWith("aws_") ? awsResourceOverride(block, ctx) : undefined;
    if (values === undefined) continue;
    overridden.add(block.address);
    lines.push("override_resource {", `  target = ${block.address}`, "  override_during = plan", hclAttribute("values", values, 1), "}", "");
  }
  // A mock provider cannot import: each import block's resource (an adopted deployment's) is given a mocked object.
  // Its state is built from the configuration as well, so what the configuration takes from a resource created in the
  // same plan must be known at plan: those resources' read attributes are mocked at plan too.
  const resources = new Map(listBlocks(stack.json, "resource").map((b) => [b.address, b]));
  const imported = new Set(importTargets(stack.json));
  const needed = new Map<string, Set<string>>();
  for (const to of imported) {
    const block = resources.get(to);
    if (overridden.has(to) || !block) continue;
    const values: JsonObject = {};
    for (const attribute of IMPORTED_COMPUTED[block.type] ?? ["id", "arn"]) values[attribute] = mockAttribute(block.type, block.name, attribute, block.body, ctx);
    if (block.type === "aws_eks_node_group") {
      values.resources = [{ autoscaling_groups: [{ name: `eks-${mockHex(`${block.name}.asg`, 8)}` }], remote_access_security_group_id: "" }];
    }
    if (block.type === "aws_eks_cluster") {
      const at = (attribute: string) => mockAttribute(block.type, block.name, attribute, block.body, ctx);
      values.certificate_authority = [{ data: at("certificate_authority[0].data") }];
      values.identity = [{ oidc: [{ issuer: at("identity[0].oidc[0].issuer") }] }];
      values.kubernetes_network_config = [{ service_ipv4_cidr: at("kubernetes_network_config[0].service_ipv4_cidr"), ip_family: "ipv4" }];
    }
    lines.push("override_resource {", `  target = ${to}`, "  override_during = plan", hclAttribute("values", values, 1), "}", "");
    for (const [, address, attribute] of JSON.stringify(block.body).matchAll(/\$\{((?:aws|random|time)_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)/g)) {
      if (imported.has(address) || overridden.has(address) || !resources.has(address)) continue;
      needed.set(address, new Set([...(needed.get(address) ?? []), attribute]));
    }
  }
  for (const [address, attributes] of needed) {
    const block = resources.get(address) as TerraformBlock;
    const values: JsonObject = {};
    for (const attribute of attributes) values[attribute] = mockAttribute(block.type, block.name, attribute, block.body, ctx);
    lines.push("override_resource {", `  target = ${address}`, "  override_during = plan", hclAttribute("values", values, 1), "}", "");
  }
  lines.push(`run ${hclString(RUN_NAME)} {`, "  command = plan", "}", "");
  return lines.join("\n");
}
