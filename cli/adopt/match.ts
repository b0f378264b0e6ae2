/**
 * Matches the resources of Domino's states to the resources this project synthesizes for the adopted config, by what
 * identifies each in AWS (a bucket's name, a security group's name, a rule's group, protocol, ports and source), and
 * says for each match the import id its type needs and which of its settings the first apply changes.
 *
 * References are followed on both sides: ours are `${type.name.attr}` expressions (also across stacks, through the
 * cross-stack outputs cdktf writes), Domino's are AWS ids and ARNs, looked up in its states.
 */
import type { Stage } from "../../constructs/config/naming";
import { block, type DominoState, str, strings } from "./domino-state";
import type { StateResource } from "./state";

/** One synthesized stack: its stage and its cdk.tf.json. */
export interface OurStack {
  readonly stage: Stage;
  readonly name: string;
  readonly json: Record<string, unknown>;
}

export interface OurResource {
  readonly stage: Stage;
  readonly stack: string;
  /** `<type>.<logical id>`, the address an import block names. */
  readonly address: string;
  readonly type: string;
  readonly attrs: Record<string, unknown>;
}

export interface Change {
  readonly attribute: string;
  readonly from: string;
  readonly to: string;
  /** True when the provider replaces the resource for this change. */
  readonly replaces: boolean;
  /** The new value is known only at plan or after apply (a data source, a resource created new): the plan has it. */
  readonly unknown: boolean;
}

export interface Match {
  readonly domino: StateResource;
  readonly ours: OurResource;
  readonly importId: string;
  readonly changes: readonly Change[];
}

export interface MatchResult {
  readonly matches: readonly Match[];
  /** Domino's managed resources nothing here matches. */
  readonly unmatched: readonly StateResource[];
  /** Our resources that match nothing of Domino's: created by the first apply. */
  readonly created: readonly OurResource[];
}

/** What identifies a resource in AWS, per type: attribute paths; `ref` names the type a reference there points to. */
interface KeyPart {
  readonly path: string;
  readonly ref?: string;
  readonly lower?: boolean;
  /** Compare only the last `/` segment (policy ARNs: the partition is an expression here, a literal in state). */
  readonly lastSegment?: boolean;
}

const S3_CHILD: readonly KeyPart[] = [{ path: "bucket", ref: "aws_s3_bucket" }];

const KEYS: Readonly<Record<string, readonly KeyPart[]>> = {
  aws_s3_bucket: [{ path: "bucket" }],
  aws_s3_bucket_policy: S3_CHILD,
  aws_s3_bucket_server_side_encryption_configuration: S3_CHILD,
  aws_s3_bucket_versioning: S3_CHILD,
  aws_s3_bucket_public_access_block: S3_CHILD,
  aws_s3_bucket_logging: S3_CHILD,
  aws_s3_bucket_ownership_controls: S3_CHILD,
  aws_s3_bucket_lifecycle_configuration: S3_CHILD,
  aws_s3_bucket_request_payment_configuration: S3_CHILD,
  aws_kms_key: [],
  aws_kms_alias: [{ path: "name" }],
  aws_ecr_repository: [{ path: "name" }],
  aws_ecr_pull_through_cache_rule: [{ path: "ecr_repository_prefix" }],
  aws_efs_file_system: [{ path: "creation_token" }],
  aws_efs_mount_target: [{ path: "subnet_id", ref: "aws_subnet" }],
  aws_efs_access_point: [{ path: "file_system_id", ref: "aws_efs_file_system" }, { path: "root_directory.path" }],
  aws_efs_file_system_policy: [{ path: "file_system_id", ref: "aws_efs_file_system" }],
  aws_efs_backup_policy: [{ path: "file_system_id", ref: "aws_efs_file_system" }],
  aws_backup_vault: [{ path: "name" }],
  aws_backup_plan: [{ path: "name" }],
  aws_backup_selection: [{ path: "name" }],
  aws_iam_role: [{ path: "name" }],
  aws_iam_instance_profile: [{ path: "name" }],
  // IAM names are case-insensitive: `x-S3` and `x-s3` are the same policy to IAM.
  aws_iam_policy: [{ path: "name", lower: true }],
  aws_iam_role_policy_attachment: [{ path: "role", ref: "aws_iam_role" }, { path: "policy_arn", ref: "aws_iam_policy", lower: true, lastSegment: true }],
  aws_iam_openid_connect_provider: [],
  aws_security_group: [{ path: "name" }],
  aws_subnet: [{ path: "id" }],
  aws_eks_cluster: [{ path: "name" }],
  aws_cloudwatch_log_group: [{ path: "name" }],
  aws_eks_addon: [{ path: "addon_name" }],
  aws_eks_node_group: [{ path: "node_group_name" }],
  aws_launch_template: [{ path: "name" }],
  aws_instance: [],
  aws_key_pair: [{ path: "key_name" }],
  aws_eks_access_entry: [{ path: "principal_arn" }],
};

/**
 * Types of which this project has one per deployment, matched without a name: only Domino's resource of that role
 * may match (its cluster's OIDC provider, not external-dns's of a zone in another account; its deployment key).
 */
const SINGLETONS: Readonly<Record<string, string>> = { aws_iam_openid_connect_provider: "oidc_provider", aws_kms_key: "domino", aws_instance: "bastion" };

/** A resource Domino made in another account (external-dns with a hosted zone elsewhere): never this stack's. */
export function inOtherAccount(r: StateResource, account: string): boolean {
  const arn = typeof r.values.arn === "string" ? r.values.arn.split(":") : [];
  return account !== "" && arn.length > 4 && arn[4] !== "" && arn[4] !== "aws" && arn[4] !== account;
}

/** Security group rules: Domino's `aws_security_group_rule` against this project's per-direction rule resources. */
const RULE_TYPES = new Set(["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]);

/**
 * Settings the AWS provider (6.x) cannot change in place: a change replaces the resource. From the provider's
 * documentation ("Forces new resource") for the types adopt imports.
 */
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
  aws_s3_bucket_policy: ["bucket"],
  aws_s3_bucket_server_side_encryption_configuration: ["bucket", "expected_bucket_owner"],
  aws_s3_bucket_versioning: ["bucket", "expected_bucket_owner"],
  aws_s3_bucket_public_access_block: ["bucket"],
  aws_s3_bucket_logging: ["bucket", "expected_bucket_owner"],
  aws_s3_bucket_ownership_controls: ["bucket"],
  aws_s3_bucket_lifecycle_configuration: ["bucket", "expected_bucket_owner"],
  aws_kms_key: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  aws_kms_alias: ["name"],
  aws_ecr_repository: ["name", "encryption_configuration"],
  aws_efs_file_system: ["creation_token", "encrypted", "kms_key_id", "performance_mode", "availability_zone_name"],
  aws_efs_mount_target: ["file_system_id", "subnet_id", "ip_address", "ip_address_type"],
  aws_efs_access_point: ["file_system_id", "posix_user", "root_directory"],
  aws_backup_vault: ["name", "kms_key_arn"],
  aws_backup_selection: ["name", "iam_role_arn", "plan_id", "resources", "selection_tag", "not_resources", "condition"],
  aws_iam_role: ["name", "path"],
  aws_iam_instance_profile: ["name", "path"],
  aws_iam_policy: ["name", "path", "description"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_iam_openid_connect_provider: ["url"],
  aws_security_group: ["name", "description", "vpc_id"],
  aws_vpc_security_group_ingress_rule: ["security_group_id"],
  aws_vpc_security_group_egress_rule: ["security_group_id"],
  aws_eks_cluster: ["name", "role_arn", "kubernetes_network_config", "outpost_config", "bootstrap_self_managed_addons", "access_config.bootstrap_cluster_creator_admin_permissions"],
  aws_cloudwatch_log_group: ["name"],
  aws_eks_addon: ["cluster_name", "addon_name"],
  aws_launch_template: ["name"],
  aws_instance: ["ami", "subnet_id", "availability_zone", "key_name", "associate_public_ip_address", "private_ip"],
  aws_eks_node_group: ["node_group_name", "cluster_name", "node_role_arn", "subnet_ids", "instance_types", "capacity_type", "ami_type", "disk_size", "launch_template.id", "launch_template.name", "remote_access"],
};

/** Attributes never compared: Terraform-side settings and tags (the report covers tags as a whole). */
const NOT_COMPARED = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "tags", "tags_all", "timeouts", "force_destroy", "force_delete", "skip_destroy"]);

type Resolver = (value: unknown, refType: string | undefined) => string | undefined;

export function ourResources(stacks: readonly OurStack[]): OurResource[] {
  return stacks.flatMap((s) => {
    const resources = (s.json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
    return Object.entries(resources).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, attrs]) => ({ stage: s.stage, stack: s.name, address: `${type}.${name}`, type, attrs })),
    );
  });
}

/** Builds the matcher of one deployment's stacks against Domino's states. */
export function matchResources(domino: DominoState, stacks: readonly OurStack[], facts: Facts, clearedIfUnset: AttributeRule = () => false): MatchResult {
  const ours = ourResources(stacks);
  const byAddress = new Map(ours.map((r) => [`${r.stack}/${r.address}`, r]));
  const stackJson = new Map(stacks.map((s) => [s.name, s.json]));

  const ourKeyCache = new Map<OurResource, string | undefined>();
  const ourKey = (r: OurResource): string | undefined => {
    if (!ourKeyCache.has(r)) {
      ourKeyCache.set(r, undefined);
      ourKeyCache.set(r, keyOf(r.type, r.attrs, (value, refType) => resolveOurs(value, refType, r.stack)));
    }
    return ourKeyCache.get(r);
  };
  /** Follows `${type.name.attr}` in `stack`, and cross-stack outputs to the stack that owns the value. */
  const referenced = (value: unknown, stack: string): OurResource | undefined => {
    const expr = typeof value === "string" ? /^\$\{([^}]+)\}$/.exec(value)?.[1] : undefined;
    if (!expr) return undefined;
    const remote = crossStackOutput(expr, stackJson);
    if (remote) return referenced(remote.value, remote.stack);
    const [type, name] = expr.split(".");
    return byAddress.get(`${stack}/${type}.${name}`);
  };
  const resolveOurs = (value: unknown, refType: string | undefined, stack: string): string | undefined => {
    const target = referenced(value, stack);
    if (target) return refType === undefined || target.type === refType ? ourKey(target)?.split("|").slice(1).join("|") : undefined;
    return typeof value === "string" && !value.includes("${") ? value : typeof value === "string" ? value.replace(/\$\{[^}]+\}/g, "*") : scalar(value);
  };

  const dominoKeyCache = new Map<StateResource, string | undefined>();
  const dominoKey = (r: StateResource): string | undefined => {
    if (!dominoKeyCache.has(r)) {
      dominoKeyCache.set(r, undefined);
      dominoKeyCache.set(r, keyOf(r.type, r.values, resolveDomino));
    }
    return dominoKeyCache.get(r);
  };
  const dominoByIdOrArn = new Map<string, StateResource>();
  for (const r of domino.resources) {
    if (r.mode !== "managed") continue;
    for (const v of [r.values.id, r.values.arn]) if (typeof v === "string" && !dominoByIdOrArn.has(`${r.type}:${v}`)) dominoByIdOrArn.set(`${r.type}:${v}`, r);
  }
  const resolveDomino: Resolver = (value, refType) => {
    if (refType && typeof value === "string") {
      const target = dominoByIdOrArn.get(`${refType}:${value}`);
      if (target) return dominoKey(target)?.split("|").slice(1).join("|");
    }
    return scalar(value);
  };

  // Index ours by key; a key two of ours share cannot be matched (nothing is guessed).
  const ourByKey = new Map<string, OurResource[]>();
  for (const r of ours) {
    const key = RULE_TYPES.has(r.type) ? ruleKeyOurs(r, (v) => resolveOurs(v, "aws_security_group", r.stack)) : ourKey(r);
    if (key) ourByKey.set(key, [...(ourByKey.get(key) ?? []), r]);
  }
  const paired: [StateResource, OurResource][] = [];
  const unmatched: StateResource[] = [];
  const taken = new Set<OurResource>();
  for (const r of domino.resources) {
    if (r.mode !== "managed") continue;
    if (inOtherAccount(r, facts.account) || (SINGLETONS[r.type] !== undefined && SINGLETONS[r.type] !== r.name)) {
      unmatched.push(r);
      continue;
    }
    const keys = RULE_TYPES.has(r.type) ? ruleKeysDomino(r, (v) => resolveDomino(v, "aws_security_group")) : [dominoKey(r)];
    const candidates = keys.length === 1 && keys[0] ? ourByKey.get(keys[0]) ?? [] : [];
    const target = candidates.length === 1 && !taken.has(candidates[0]) ? candidates[0] : undefined;
    if (!target) {
      unmatched.push(r);
      continue;
    }
    taken.add(target);
    paired.push([r, target]);
  }
  const matchOf = new Map(paired.map(([d, o]) => [o, d] as const));
  const evaluate = evaluator(byAddress, stackJson, matchOf, facts);
  const matches: Match[] = paired.map(([d, o]) => ({ domino: d, ours: o, importId: importIdOf(d), changes: changesOf(o, d, evaluate, clearedIfUnset) }));
  return { matches, unmatched, created: ours.filter((r) => !taken.has(r)) };
}

/** A cross-stack reference cdktf writes (`data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.<name>`): the stack and the output's value there. */
function crossStackOutput(expr: string, stackJson: ReadonlyMap<string, Record<string, unknown>>): { stack: string; value: unknown } | undefined {
  const remote = /^data\.terraform_remote_state\.cross-stack-reference-input-([^.]+)\.outputs\.([^.[]+)$/.exec(expr);
  if (!remote) return undefined;
  const outputs = (stackJson.get(remote[1])?.output ?? {}) as Record<string, { value?: unknown }>;
  return { stack: remote[1], value: outputs[remote[2]]?.value };
}

function keyOf(type: string, attrs: Record<string, unknown>, resolve: Resolver): string | undefined {
  const parts = KEYS[type];
  if (!parts) return undefined;
  const values: string[] = [];
  for (const part of parts) {
    let value = resolve(at(attrs, part.path), part.ref);
    if (value === undefined || value === "") return undefined;
    if (part.lastSegment) value = value.slice(value.lastIndexOf("/") + 1);
    values.push(part.lower ? value.toLowerCase() : value);
  }
  return [type, ...values].join("|");
}

/** Reads `a.b.c` through Terraform's block lists (`[{...}]`) and cdktf's single blocks (`{...}`). */
function at(attrs: Record<string, unknown>, path: string): unknown {
  let value: unknown = attrs;
  for (const segment of path.split(".")) value = block(value)[segment];
  return value;
}

function scalar(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** `ingress|<group>|<protocol>|<from>|<to>|<source>`; protocol -1 (all) has no ports. */
function ruleKey(direction: string, group: string | undefined, protocol: string, from: unknown, to: unknown, source: string | undefined): string | undefined {
  if (!group || !source) return undefined;
  const proto = protocol === "-1" || protocol === "all" ? "all" : protocol === "6" ? "tcp" : protocol === "17" ? "udp" : protocol;
  const ports = proto === "all" ? "*" : `${String(from)}-${String(to)}`;
  return ["rule", direction, group, proto, ports, source].join("|");
}

function ruleKeyOurs(r: OurResource, resolveGroup: (v: unknown) => string | undefined): string | undefined {
  const a = r.attrs;
  const direction = r.type === "aws_vpc_security_group_egress_rule" ? "egress" : "ingress";
  const group = resolveGroup(a.security_group_id);
  const source = a.cidr_ipv4 !== undefined ? scalar(a.cidr_ipv4) : a.referenced_security_group_id !== undefined ? resolveGroup(a.referenced_security_group_id) : undefined;
  return ruleKey(direction, group, String(a.ip_protocol ?? ""), a.from_port, a.to_port, source);
}

/** One key per source of Domino's rule: a rule of one source is one AWS rule (one `sgr-` id) and can be imported. */
function ruleKeysDomino(r: StateResource, resolveGroup: (v: unknown) => string | undefined): (string | undefined)[] {
  const v = r.values;
  const direction = String(v.type ?? "");
  const group = resolveGroup(v.security_group_id);
  const sources = [
    ...strings(v.cidr_blocks),
    ...(str(v.source_security_group_id) ? [resolveGroup(v.source_security_group_id)] : []),
    ...(v.self === true ? [group] : []),
  ];
  return sources.map((source) => ruleKey(direction, group, String(v.protocol ?? ""), v.from_port, v.to_port, source));
}

/** The import id each type takes (the provider's import documentation); most take the `id` attribute. */
export function importIdOf(r: StateResource): string {
  const v = r.values;
  switch (r.type) {
    case "aws_iam_policy":
    case "aws_iam_openid_connect_provider":
      return String(v.arn);
    case "aws_iam_role_policy_attachment":
      return `${String(v.role)}/${String(v.policy_arn)}`;
    case "aws_security_group_rule":
      return String(v.security_group_rule_id);
    case "aws_backup_selection":
      return `${String(v.plan_id)}|${String(v.id)}`;
    case "aws_eip":
      return String(v.allocation_id);
    case "aws_kms_key":
      return String(v.key_id ?? v.id);
    case "aws_ecr_pull_through_cache_rule":
      return String(v.ecr_repository_prefix);
    default:
      return r.type.startsWith("aws_s3_bucket_") ? String(v.bucket) : String(v.id);
  }
}

/** What one of our values is in terms of the state: known (a literal, or a reference to an adopted resource), or not. */
type Evaluated = { readonly known: true; readonly value: unknown } | { readonly known: false };

/** Facts every reference to a data source of ours that adopt can answer: partition, account, region. */
export interface Facts {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

/**
 * Evaluates our value against Domino's state: a reference `${type.name.path}` to one of our resources that adopts one
 * of Domino's reads `path` in that resource's state; cross-stack outputs are followed to their stack; the partition,
 * account and region data sources are known. Anything else is known only after apply.
 */
function evaluator(byAddress: ReadonlyMap<string, OurResource>, stackJson: ReadonlyMap<string, Record<string, unknown>>, matchOf: ReadonlyMap<OurResource, StateResource>, facts: Facts) {
  const evalRef = (expr: string, stack: string): Evaluated => {
    const remote = crossStackOutput(expr, stackJson);
    if (remote) return remote.value === undefined ? { known: false } : evaluate(remote.value, remote.stack);
    const data = /^data\.(aws_partition|aws_caller_identity|aws_region)\.[^.]+\.([a-z_]+)$/.exec(expr);
    if (data) {
      const value = data[2] === "partition" ? facts.partition : data[2] === "account_id" ? facts.account : data[2] === "name" || data[2] === "region" ? facts.region : undefined;
      return value === undefined ? { known: false } : { known: true, value };
    }
    // A brought KMS key is read by a data source given the key's ARN: its arn is that ARN.
    const key = /^data\.aws_kms_key\.([^.]+)\.arn$/.exec(expr);
    if (key) {
      const given = ((stackJson.get(stack)?.data as Record<string, Record<string, { key_id?: unknown }>> | undefined)?.aws_kms_key?.[key[1]])?.key_id;
      return typeof given === "string" && given.startsWith("arn:") ? { known: true, value: given } : { known: false };
    }
    const m = /^([a-z][a-z0-9_]*)\.([^.[]+)\.(.+)$/.exec(expr);
    if (!m) return { known: false };
    const target = byAddress.get(`${stack}/${m[1]}.${m[2]}`);
    const state = target ? matchOf.get(target) : undefined;
    if (!state) return { known: false };
    let value: unknown = state.values;
    for (const segment of m[3].split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== "")) {
      value = Array.isArray(value) && /^\d+$/.test(segment) ? value[Number(segment)] : block(value)[segment];
    }
    return value === undefined || value === null ? { known: false } : { known: true, value };
  };
  const evaluate = (value: unknown, stack: string): Evaluated => {
    if (typeof value !== "string" || !value.includes("${")) return { known: true, value };
    const pure = /^\$\{([^{}]+)\}$/.exec(value);
    if (pure) return evalRef(pure[1], stack);
    let known = true;
    const text = value.replace(/\$\{([^{}]+)\}/g, (_, expr: string) => {
      const e = evalRef(expr, stack);
      if (e.known && typeof e.value === "string") return e.value;
      known = false;
      return "\u0000";
    });
    return known ? { known: true, value: text } : { known: true, value: new Wildcard(text) };
  };
  return evaluate;
}

/** A string with parts known only after apply (each \u0000): matches any state value it could become. */
class Wildcard {
  constructor(readonly text: string) {}
  matches(value: unknown): boolean {
    if (typeof value !== "string") return false;
    const pattern = this.text.split("\u0000").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${pattern}$`).test(value);
  }
}

/** Lists compared in order: EKS takes a node group's instance types in the order given, and the order forces a new group. */
const ORDERED_LISTS = new Set(["instance_types"]);

/** One setting that differs, at a path inside the attribute (`rule[0].completion_window`). */
interface Leaf {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
  /** Known only after apply: a reference to something created new, or a data source. */
  readonly unknown: boolean;
}

/** Compares our value (blocks as objects, evaluated through `evaluate`) with the state's (blocks in lists). */
function compare(ours: unknown, state: unknown, evaluate: (v: unknown) => Evaluated, path = ""): Leaf[] {
  const e = evaluate(ours);
  if (!e.known) return [{ path, from: state, to: ours, unknown: true }];
  const value = e.value;
  if (value instanceof Wildcard) return value.matches(state) ? [] : [{ path, from: state, to: ours, unknown: true }];
  if (Array.isArray(state) && !Array.isArray(value) && typeof value === "object" && value !== null) return compare([value], state, evaluate, path);
  if (Array.isArray(value)) {
    const list = Array.isArray(state) ? state : state === null || state === undefined ? [] : [state];
    // Lists of scalars are sets to most attributes (subnets, security groups); blocks, and the lists whose order
    // matters (a node group's instance types), keep their order.
    if (value.every((v) => typeof v !== "object" || v === null) && !ORDERED_LISTS.has(path)) {
      const left = [...list];
      const leaves: Leaf[] = [];
      for (const v of value) {
        const j = left.findIndex((x) => compare(v, x, evaluate).length === 0);
        if (j >= 0) left.splice(j, 1);
        else leaves.push({ path, from: state, to: ours, unknown: !evaluate(v).known || evaluate(v).known && (evaluate(v) as { value: unknown }).value instanceof Wildcard });
      }
      if (left.length > 0 && leaves.length === 0) leaves.push({ path, from: state, to: ours, unknown: false });
      return leaves.slice(0, 1);
    }
    if (value.length !== list.length) return [{ path, from: state, to: ours, unknown: false }];
    return value.flatMap((v, i) => compare(v, list[i], evaluate, `${path}[${i}]`));
  }
  if (typeof value === "object" && value !== null) {
    const stateBlock = block(state);
    return Object.entries(value).flatMap(([k, v]) => compare(v, stateBlock[k], evaluate, path ? `${path}.${k}` : k));
  }
  if (typeof value === "string" && typeof state === "string") {
    if (value === state || stripScheme(value) === stripScheme(state)) return [];
    if (looksLikeJson(value) && looksLikeJson(state)) {
      try {
        if (JSON.stringify(sortKeys(JSON.parse(value))) === JSON.stringify(sortKeys(JSON.parse(state)))) return [];
      } catch {
        // not JSON after all: compared as text
      }
    }
    return [{ path, from: state, to: value, unknown: false }];
  }
  return String(value) === String(state ?? "") ? [] : [{ path, from: state, to: value, unknown: false }];
}

function stripScheme(s: string): string {
  return s.replace(/^https:\/\//, "");
}

/** The settings ours gives that differ from the state's, and whether the provider replaces the resource for each. */
function changesOf(ours: OurResource, domino: StateResource, evaluate: (v: unknown, stack: string) => Evaluated, clearedIfUnset: AttributeRule): Change[] {
  const forceNew = new Set(FORCE_NEW[ours.type] ?? []);
  const replacing = (path: string) => {
    const plain = path.replace(/\[\d+\]/g, "");
    return forceNew.has(plain.split(".")[0]) || forceNew.has(plain);
  };
  const lifecycle = block(ours.attrs.lifecycle);
  const ignored = (Array.isArray(lifecycle.ignore_changes) ? lifecycle.ignore_changes : []).map((p) => String(p).replace(/\[\d+\]/g, ""));
  const isIgnored = (path: string) => {
    const plain = path.replace(/\[\d+\]/g, "");
    return ignored.some((i) => plain === i || plain.startsWith(`${i}.`));
  };
  const changes: Change[] = [];
  for (const [attribute, value] of Object.entries(ours.attrs)) {
    if (NOT_COMPARED.has(attribute) || !(attribute in domino.values)) continue;
    for (const leaf of compare(value, domino.values[attribute], (v) => evaluate(v, ours.stack), attribute)) {
      if (isIgnored(leaf.path)) continue;
      const shown = evaluate(leaf.to, ours.stack);
      const to = leaf.unknown ? `${render(leaf.to)} (known at plan or after apply)` : render(shown.known && !(shown.value instanceof Wildcard) ? shown.value : leaf.to);
      changes.push({ attribute: leaf.path, from: render(leaf.from), to, replaces: replacing(leaf.path), unknown: leaf.unknown });
    }
  }
  // An attribute the state has and this configuration leaves out is cleared (a replacement if it forces one) when it
  // is optional, not computed and the state's value is not the provider's default. Only between resources of one type.
  for (const [attribute, before] of Object.entries(domino.values)) {
    if (ours.type !== domino.type || attribute in ours.attrs || NOT_COMPARED.has(attribute) || isEmpty(before) || isIgnored(attribute)) continue;
    if (!clearedIfUnset(ours.type, attribute) || PROVIDER_DEFAULTS[attribute] === before) continue;
    changes.push({ attribute, from: render(before), to: "null (not set here)", replaces: replacing(attribute), unknown: false });
  }
  return changes;
}

/** True when leaving `attribute` out of a `type` resource's configuration clears it (optional and not computed). */
export type AttributeRule = (type: string, attribute: string) => boolean;

/** Defaults the provider fills in for an attribute left out (the schema does not carry them). */
const PROVIDER_DEFAULTS: Readonly<Record<string, unknown>> = { path: "/", bootstrap_self_managed_addons: true, is_enabled: true, max_session_duration: 3600 };

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || value === false || value === 0 || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0);
}

function looksLikeJson(s: string): boolean {
  return /^\s*[{[]/.test(s);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

function render(value: unknown): string {
  const text = typeof value === "string" ? (value === "" ? '""' : value) : JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
