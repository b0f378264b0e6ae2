/**
 * Finds the config, parses YAML or JSON, applies the schema and the spec's rules, and returns resolved deployments.
 * Every problem is collected and thrown once as a ConfigError.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { FARGATE_REASON } from "./defaults";
import { resolveNodePools, type NodePoolConfig } from "./node-pools";
import { ConfigError, joinPath, type Problem } from "./problems";
import { checkAcrossDeployments, checkDeployment } from "./rules";
import { configFileSchema, deploymentSchema, multiDeploymentSchema, type ParsedDeployment } from "./schema";

export const CONFIG_ENV = "DOMINO_EKS_CONFIG";
export const DEFAULT_CONFIG_FILE = "domino-eks.yaml";
export const EMBEDDED_DEFAULT = "embedded default (the spec's reference deployment)";

/** A deployment with every default applied and its node pools resolved. */
export type DeploymentConfig = Omit<ParsedDeployment, "nodePools" | "$schema" | "fargateProfiles"> & {
  readonly nodePools: readonly NodePoolConfig[];
};

export interface ConfigSource {
  /** A file path, or EMBEDDED_DEFAULT. */
  readonly name: string;
  readonly text?: string;
}

/** DOMINO_EKS_CONFIG, else ./domino-eks.yaml, else the embedded default. */
export function findConfigSource(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ConfigSource {
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv) {
    const file = path.resolve(cwd, fromEnv);
    if (!fs.existsSync(file)) throw new ConfigError(fromEnv, [{ path: CONFIG_ENV, message: `names ${file}, which does not exist` }]);
    return { name: fromEnv, text: fs.readFileSync(file, "utf8") };
  }
  const local = path.join(cwd, DEFAULT_CONFIG_FILE);
  if (fs.existsSync(local)) return { name: DEFAULT_CONFIG_FILE, text: fs.readFileSync(local, "utf8") };
  return { name: EMBEDDED_DEFAULT };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): DeploymentConfig[] {
  const source = findConfigSource(env, cwd);
  return parseConfig(source.text ?? "{}", source.name);
}

/** Parses config text (YAML or JSON; JSON is YAML) and returns its deployments, or throws every problem at once. */
export function parseConfig(text: string, sourceName: string): DeploymentConfig[] {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(sourceName, doc.errors.map((e) => ({
      path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "",
      message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
    })));
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== "object" || Array.isArray(raw) || raw === null) {
    throw new ConfigError(sourceName, [{ path: "", message: "the config must be a mapping of fields (one deployment) or hold a deployments list" }]);
  }
  const multi = "deployments" in raw;
  const problems: Problem[] = [];
  let items: unknown[] = [raw];
  if (multi) {
    const envelope = multiFileEnvelope.safeParse(raw, { reportInput: true });
    if (!envelope.success) throw new ConfigError(sourceName, envelope.error.issues.flatMap((issue) => describeIssue(issue, multiDeploymentSchema)));
    items = envelope.data.deployments;
  }

  // Each deployment is checked on its own, so one with a mistyped field does not hide another's problems. A deployment
  // with field problems is checked against the rules too, with those fields set aside (see parseLeniently).
  const parsed = items.map((item, i) => {
    const prefix = multi ? ["deployments", i] : [];
    const outcome = parseLeniently(item);
    problems.push(...outcome.issues.flatMap((issue) => describeIssue({ ...issue, path: [...prefix, ...issue.path] }, multi ? multiDeploymentSchema : deploymentSchema)));
    return outcome;
  });

  const deployments = parsed.map(({ deployment: d, setAside }, i): DeploymentConfig | undefined => {
    if (!d) return undefined;
    const pools = resolveNodePools(d.nodePools, d.availabilityZones);
    const prefix = multi ? `deployments[${i}]` : "";
    for (const p of checkDeployment({ deployment: d, pools })) {
      // A rule about a field that was set aside would judge its default, not what the user wrote.
      if (setAside.some((field) => p.path === field || p.path.startsWith(`${field}.`) || p.path.startsWith(`${field}[`))) continue;
      problems.push({ path: prefix && p.path ? `${prefix}.${p.path}` : prefix || p.path, message: p.message });
    }
    const { nodePools: _pools, $schema: _schema, fargateProfiles: _fargate, ...rest } = d;
    return { ...rest, nodePools: pools };
  });
  if (parsed.every((p) => p.deployment && p.setAside.length === 0)) {
    problems.push(...checkAcrossDeployments(parsed.map((p) => p.deployment as ParsedDeployment), multi));
  }
  if (problems.length > 0) throw new ConfigError(sourceName, problems);
  return deployments.filter((d): d is DeploymentConfig => d !== undefined);
}

interface LenientParse {
  /** The parsed deployment; with field problems, parsed with those fields set aside (their defaults in their place). */
  readonly deployment?: ParsedDeployment;
  readonly issues: readonly z.core.$ZodIssue[];
  /** Paths (as printed) of the fields set aside. */
  readonly setAside: readonly string[];
}

/**
 * Parses a deployment; when fields are wrong, parses it again without them so the spec's rules can still check the
 * rest in the same run. A wrong list item sets the whole list aside, so indexes never shift.
 */
function parseLeniently(item: unknown): LenientParse {
  const first = deploymentSchema.safeParse(item, { reportInput: true });
  if (first.success) return { deployment: first.data, issues: [], setAside: [] };
  const issues = first.error.issues;
  const paths = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path],
  ).map((path) => {
    const list = path.findIndex((segment) => typeof segment === "number");
    return list === -1 ? path : path.slice(0, list);
  });
  if (paths.some((path) => path.length === 0)) return { issues, setAside: [] };
  const repaired = structuredClone(item) as Record<string, unknown>;
  for (const path of paths) removePath(repaired, path);
  const second = deploymentSchema.safeParse(repaired);
  return second.success
    ? { deployment: second.data, issues, setAside: paths.map((path) => joinPath(path)) }
    : { issues, setAside: [] };
}

function removePath(target: Record<string, unknown>, path: readonly PropertyKey[]): void {
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  if (typeof node === "object" && node !== null) delete (node as Record<PropertyKey, unknown>)[path[path.length - 1]];
}

/** The outside of a multi-deployment file; each deployment is then parsed on its own. */
const multiFileEnvelope = z.strictObject({
  $schema: z.string().optional(),
  deployments: z.array(z.unknown(), { error: "must be a list of deployments" }).min(1, { error: "must list at least one deployment" }),
});

const jsonSchemas = new Map<z.ZodType, Record<string, unknown>>();

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let out = jsonSchemas.get(schema);
  if (!out) {
    out = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    jsonSchemas.set(schema, out);
  }
  return out;
}

/** The JSON Schema of the config file, generated from the zod definitions. */
export function configJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(configFileSchema);
}

/** Turns one zod issue into problems that name the field and say what is allowed. */
function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): Problem[] {
  const at = joinPath(issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const allowed = allowedKeysAt(jsonSchemaOf(schema), issue.path);
        return {
          path: joinPath([...issue.path, key]),
          message: /fargate/i.test(key)
            ? `${FARGATE_REASON}; remove this field`
            : `is not a known field${allowed.length ? `; allowed here: ${allowed.join(", ")}` : ""}`,
        };
      });
    case "invalid_type": {
      const expected = issue.expected === "int" ? "whole number" : issue.expected;
      if (issue.input === undefined) return [{ path: at, message: `is required (${expected})` }];
      // YAML reads 1.35 or 3.31 as numbers (and 1.30 as 1.3): versions must be quoted.
      const hint = expected === "string" && typeof issue.input === "number" ? ` (quote it in YAML: "${issue.input}")` : "";
      return [{ path: at, message: `must be ${article(expected)}, not ${describeValue(issue.input)}${hint}` }];
    }
    case "invalid_key":
      // A record key (a pool name, a tag key) broke its own rule: report that rule's words.
      return [{ path: at, message: issue.issues[0]?.message ?? issue.message }];
    default:
      return [{ path: at, message: issue.message }];
  }
}

function article(type: string): string {
  return type === "array" || type === "object" ? `an ${type === "object" ? "mapping" : "list"}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The field names the schema allows at a path, read from the generated JSON Schema. */
function allowedKeysAt(root: Record<string, unknown>, segments: readonly PropertyKey[]): string[] {
  type Node = { properties?: Record<string, Node>; additionalProperties?: Node | boolean; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
  let nodes: Node[] = [root as Node];
  const expand = (list: Node[]): Node[] => list.flatMap((n) => [n, ...expand([...(n.anyOf ?? []), ...(n.oneOf ?? [])])]);
  for (const seg of segments) {
    nodes = expand(nodes).flatMap((n): Node[] => {
      if (typeof seg === "number") return n.items ? [n.items] : [];
      const prop = n.properties?.[String(seg)];
      if (prop) return [prop];
      return typeof n.additionalProperties === "object" ? [n.additionalProperties] : [];
    });
  }
  const keys = new Set(expand(nodes).flatMap((n) => Object.keys(n.properties ?? {})));
  keys.delete("$schema");
  return [...keys];
}
