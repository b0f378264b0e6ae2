/**
 * Validation of one deployment: the zod schema, then the spec's rules, every problem collected with its field path.
 * The library validates its own props with it (DominoDeployment); the config-file front end calls it per deployment.
 * Pure: no files, no environment.
 */
import { z } from "zod";
import type { DeploymentConfig } from "./deployment-config";
import { FARGATE_REASON } from "./defaults";
import { resolveNodePools } from "./node-pools";
import { ConfigError, joinPath, type Problem } from "./problems";
import { checkAcrossDeployments, checkDeployment, type Rule } from "./rules";
import { configFileSchema, deploymentSchema, type ParsedDeployment } from "./schema";

export interface DeploymentCheck {
  /** The parsed deployment; with field problems, parsed with those fields set aside (undefined when that fails too). */
  readonly deployment?: ParsedDeployment;
  /** The resolved deployment, when it parsed (problems may still be listed). */
  readonly config?: DeploymentConfig;
  /** Field and rule problems, paths prefixed as asked. */
  readonly problems: readonly Problem[];
  /** True when no field had to be set aside, so rules across deployments can judge it. */
  readonly complete: boolean;
}

export interface CheckOptions {
  /** Path segments before the deployment's own fields (`["deployments", 1]` in a file with several). */
  readonly prefix?: readonly PropertyKey[];
  /** The schema whose fields are listed as "allowed here" for an unknown key (the whole file's schema in a file). */
  readonly schemaForHints?: z.ZodType;
  /** More rules (add-ons' rules), run after the spec's. */
  readonly extraRules?: readonly Rule[];
  /** The text written at a path of the input, when it came from a file (quotes `1.30` as written, not as `1.3`). */
  readonly sourceText?: SourceText;
}

/** The text a config file holds at a path (full path from the file's top), or undefined. */
export type SourceText = (path: readonly PropertyKey[]) => string | undefined;

/** Parses and checks one deployment's fields; never throws for bad input. */
export function checkDeploymentInput(item: unknown, options: CheckOptions = {}): DeploymentCheck {
  const prefix = options.prefix ?? [];
  const hints = options.schemaForHints ?? deploymentSchema;
  const outcome = parseLeniently(item);
  const problems: Problem[] = [
    ...prototypeKeys(item, [...prefix]),
    ...outcome.issues.flatMap((issue) => describeIssue({ ...issue, path: [...prefix, ...issue.path] }, hints, options.sourceText)),
  ];
  const d = outcome.deployment;
  if (!d) return { problems, complete: false };
  const pools = resolveNodePools(d.nodePools, d.availabilityZones, d.autoscaling.compute);
  const at = joinPath(prefix);
  for (const p of checkDeployment({ deployment: d, pools }, options.extraRules)) {
    // A rule about a field that was set aside would judge its default, not what the user wrote.
    if (outcome.setAside.some((field) => p.path === field || p.path.startsWith(`${field}.`) || p.path.startsWith(`${field}[`))) continue;
    problems.push({ path: at && p.path ? `${at}.${p.path}` : at || p.path, message: p.message });
  }
  const { nodePools: _pools, $schema: _schema, fargateProfiles: _fargate, ...rest } = d;
  return { deployment: d, config: { ...rest, nodePools: pools }, problems, complete: outcome.setAside.length === 0 };
}

/** The resolved deployment, or a ConfigError naming every problem (`source` heads the message). */
export function validateDeployment(input: unknown, source: string, extraRules?: readonly Rule[]): DeploymentConfig {
  const check = checkDeploymentInput(input, { extraRules });
  // otherDominoFqdns is checked with the rules across deployments; alone, a deployment is a file of one.
  const problems = [...check.problems, ...(check.deployment && check.complete ? checkAcrossDeployments([check.deployment], false) : [])];
  if (problems.length > 0 || !check.config) throw new ConfigError(source, problems);
  return check.config;
}

/**
 * `__proto__` as a key: YAML and JSON.parse keep it as an own key, but schema parsing and object spreads drop it or
 * treat it as the prototype, so the entry would vanish silently. Named instead, wherever it appears.
 */
export function prototypeKeys(value: unknown, path: PropertyKey[]): Problem[] {
  if (typeof value !== "object" || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((child, i) => prototypeKeys(child, [...path, i]));
  return Object.keys(value).flatMap((key) =>
    key === "__proto__"
      ? [{ path: joinPath([...path, key]), message: "__proto__ cannot be a key (JavaScript reads it as the object's prototype, so the entry would be lost); remove it" }]
      : prototypeKeys((value as Record<string, unknown>)[key], [...path, key]),
  );
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
  // prototypeKeys names a `__proto__` key; the schema's "not a known field" for it would say it twice.
  const issues = first.error.issues.flatMap((issue) => {
    if (issue.code !== "unrecognized_keys" || !issue.keys.includes("__proto__")) return [issue];
    const keys = issue.keys.filter((key) => key !== "__proto__");
    return keys.length > 0 ? [{ ...issue, keys }] : [];
  });
  const paths = issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path],
  ).map((path) => {
    const list = path.findIndex((segment) => typeof segment === "number");
    return list === -1 ? path : path.slice(0, list);
  });
  if (paths.some((path) => path.length === 0)) return { issues, setAside: [] };
  // Without the wrong fields; failing that (a required field of a union gone, such as backend.bucket), without the
  // top-level fields that hold them.
  for (const aside of [paths, paths.map((path) => path.slice(0, 1))]) {
    const repaired = structuredClone(item) as Record<string, unknown>;
    for (const path of aside) removePath(repaired, path);
    const again = deploymentSchema.safeParse(repaired);
    if (again.success) return { deployment: again.data, issues, setAside: [...new Set(aside.map((path) => joinPath(path)))] };
  }
  return { issues, setAside: [] };
}

function removePath(target: Record<string, unknown>, path: readonly PropertyKey[]): void {
  let node: unknown = target;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  if (typeof node === "object" && node !== null) delete (node as Record<PropertyKey, unknown>)[path[path.length - 1]];
}

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
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, sourceText?: SourceText): Problem[] {
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
      const written = expected === "string" && typeof issue.input === "number" && Number.isFinite(issue.input) ? (sourceText?.(issue.path) ?? String(issue.input)) : undefined;
      const hint = written === undefined ? "" : ` (quote it in YAML: "${written}")`;
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
  // YAML's .nan and .inf: JSON would print them as null.
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : `${value < 0 ? "-" : ""}infinity`;
  return `${typeof value} ${shorten(JSON.stringify(value) ?? String(value))}`;
}

/** Echoed values stay short: a 1 MB value is shown by its start and its length. */
export function shorten(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

/** The field names the schema allows at a path, read from the generated JSON Schema. */
function allowedKeysAt(root: Record<string, unknown>, segments: readonly PropertyKey[]): string[] {
  type Node = { properties?: Record<string, Node>; additionalProperties?: Node | boolean; propertyNames?: { enum?: string[] }; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
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
  // A record with a fixed set of keys (z.partialRecord over an enum) lists them as propertyNames.
  const keys = new Set(expand(nodes).flatMap((n) => [...Object.keys(n.properties ?? {}), ...(n.propertyNames?.enum ?? [])]));
  keys.delete("$schema");
  return [...keys];
}
