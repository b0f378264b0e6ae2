/**
 * The config-file front end: finds the file, parses YAML or JSON, splits a file of several deployments, and checks
 * each with the library's validation (constructs/config/validate). Every problem is collected and thrown once as a
 * ConfigError.
 */
import * as fs from "fs";
import * as path from "path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import { z } from "zod";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { builtInAddonRules } from "../constructs/addons";
import { ConfigError, type Problem } from "../constructs/config/problems";
import { checkAcrossDeployments } from "../constructs/config/rules";
import { deploymentSchema, multiDeploymentSchema, type ParsedDeployment } from "../constructs/config/schema";
import { checkDeploymentInput, describeIssue, prototypeKeys } from "../constructs/config/validate";

export type { DeploymentConfig };

export const CONFIG_ENV = "DOMINO_EKS_CONFIG";
export const DEFAULT_CONFIG_FILE = "domino-eks.yaml";
export const EMBEDDED_DEFAULT = "embedded default (the spec's reference deployment)";

export interface ConfigSource {
  /** A file path, or EMBEDDED_DEFAULT. */
  readonly name: string;
  readonly text?: string;
}

/** A config file larger than this is refused before it is read: real configs are a few KB. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The names a config file is found by in the working folder; both at once is an error (which one was meant?). */
export const CONFIG_FILE_NAMES = [DEFAULT_CONFIG_FILE, "domino-eks.yml"] as const;

/** DOMINO_EKS_CONFIG, else ./domino-eks.yaml or ./domino-eks.yml, else the embedded default. */
export function findConfigSource(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ConfigSource {
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv) return { name: fromEnv, text: readConfigFile(path.resolve(cwd, fromEnv), fromEnv, CONFIG_ENV) };
  const present = CONFIG_FILE_NAMES.filter((name) => fs.existsSync(path.join(cwd, name)));
  if (present.length > 1) {
    throw new ConfigError(present.join(" and "), [{ path: "", message: `both files are in ${cwd}; keep one, or name the one to use with ${CONFIG_ENV}` }]);
  }
  const [local] = present;
  if (local) return { name: local, text: readConfigFile(path.join(cwd, local), local, local) };
  return { name: EMBEDDED_DEFAULT };
}

/**
 * Reads a config file: only a regular file, at most MAX_CONFIG_BYTES, checked with stat before anything is opened (a
 * FIFO or a device such as /dev/zero would block or never end). Every refusal is a ConfigError naming the file.
 */
export function readConfigFile(file: string, shown: string, field: string): string {
  const refuse = (message: string): never => {
    throw new ConfigError(shown, [{ path: field, message }]);
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === "ENOENT" ? `names ${file}, which does not exist` : `names ${file}, which cannot be read (${code ?? "error"})`);
  }
  if (stat.isDirectory()) refuse(`names ${file}, which is a folder; name the YAML or JSON file in it`);
  if (!stat.isFile()) refuse(`names ${file}, which is not a regular file (a pipe, socket or device); name a YAML or JSON file`);
  if (stat.size > MAX_CONFIG_BYTES) refuse(`names ${file}, which is ${stat.size} bytes; a config file is at most ${MAX_CONFIG_BYTES} bytes`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return refuse(`names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (isEmptyDocument(text)) {
    refuse(`names ${file}, which holds no deployment (empty, only comments, or null); write its fields, or remove the file to use the embedded default`);
  }
  return text;
}

/** True for a document with nothing in it: empty, whitespace or comments only, or `null` / `~`. */
function isEmptyDocument(text: string): boolean {
  const doc = parseDocument(text);
  // A document with errors, or one that cannot be turned into data, is not empty: parseConfig reports its problems.
  if (doc.errors.length > 0) return false;
  return doc.contents === null || (doc.contents as { value?: unknown } | null)?.value === null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): DeploymentConfig[] {
  return parseConfigSource(findConfigSource(env, cwd));
}

/** The text a source stands for: its file's text, or `{}` for the embedded default. */
export function configText(source: ConfigSource): string {
  return source.text ?? "{}";
}

/** The deployments of a source (a file's text, or the embedded default), or every problem at once. */
export function parseConfigSource(source: ConfigSource): DeploymentConfig[] {
  return parseConfig(configText(source), source.name);
}

/** Parses config text (YAML or JSON; JSON is YAML) and returns its deployments, or throws every problem at once. */
export function parseConfig(text: string, sourceName: string): DeploymentConfig[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { merge: true, uniqueKeys: true, prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    throw new ConfigError(sourceName, doc.errors.map((e) => ({
      path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "",
      message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
    })));
  }
  let raw: unknown;
  try {
    // maxAliasCount bounds how far aliases may expand (an alias bomb is refused, not expanded).
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    const at = yamlErrorAt(doc, lineCounter);
    throw new ConfigError(sourceName, [{ path: at ?? "", message: `the YAML cannot be read: ${(error as Error).message.split("\n")[0]}` }]);
  }
  if (depthOf(raw) > MAX_DEPTH) {
    throw new ConfigError(sourceName, [{ path: "", message: `nests more than ${MAX_DEPTH} levels deep; a deployment config needs a handful` }]);
  }
  if (typeof raw !== "object" || Array.isArray(raw) || raw === null) {
    throw new ConfigError(sourceName, [{ path: "", message: "the config must be a mapping of fields (one deployment) or hold a deployments list" }]);
  }
  const multi = "deployments" in raw;
  let items: unknown[] = [raw];
  if (multi) {
    const outer = prototypeKeys(Object.fromEntries(Object.entries(raw).filter(([key]) => key !== "deployments")), []);
    if (outer.length > 0) throw new ConfigError(sourceName, outer);
    const envelope = multiFileEnvelope.safeParse(raw, { reportInput: true });
    if (!envelope.success) throw new ConfigError(sourceName, envelope.error.issues.flatMap((issue) => describeIssue(issue, multiDeploymentSchema)));
    items = envelope.data.deployments;
  }

  // Each deployment is checked on its own, so one with a mistyped field does not hide another's problems. A deployment
  // with field problems is checked against the rules too, with those fields set aside.
  const extraRules = builtInAddonRules();
  const sourceText = (at: readonly PropertyKey[]): string | undefined => {
    const node = doc.getIn(at as unknown[], true);
    return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]).trim() : undefined;
  };
  const checks = items.map((item, i) =>
    checkDeploymentInput(item, multi ? { prefix: ["deployments", i], schemaForHints: multiDeploymentSchema, extraRules, sourceText } : { schemaForHints: deploymentSchema, extraRules, sourceText }),
  );
  const problems: Problem[] = checks.flatMap((c) => c.problems);
  if (checks.every((c) => c.deployment && c.complete)) {
    problems.push(...checkAcrossDeployments(checks.map((c) => c.deployment as ParsedDeployment), multi));
  }
  if (problems.length > 0) throw new ConfigError(sourceName, problems);
  return checks.flatMap((c) => (c.config ? [c.config] : []));
}

/**
 * Where toJS failed, as `line L, column C`: the first alias with no anchor before it, else the first `<<` merge key
 * whose value is not a mapping (or a list of them), else (an alias bomb) the first alias of a collection that itself
 * holds aliases.
 */
function yamlErrorAt(doc: Document, lines: LineCounter): string | undefined {
  const resolved = (node: unknown) => (isAlias(node) ? node.resolve(doc) : node);
  const isMapping = (node: unknown) => isMap(resolved(node));
  const found: Record<"alias" | "merge" | "bomb", number | undefined> = { alias: undefined, merge: undefined, bomb: undefined };
  visit(doc, {
    Alias(_, node) {
      const target = node.resolve(doc);
      const offset = node.range?.[0];
      if (!target) found.alias ??= offset;
      else {
        let nested = false;
        visit(target, { Alias() { nested = true; return visit.BREAK; } });
        if (nested) found.bomb ??= offset;
      }
    },
    Pair(_, pair) {
      if (!isScalar(pair.key) || typeof pair.key.value !== "symbol") return;
      const value = pair.value;
      if (isMapping(value) || (isSeq(value) && value.items.every(isMapping))) return;
      found.merge ??= ((value as { range?: number[] } | null)?.range ?? pair.key.range)?.[0];
    },
  });
  const offset = found.alias ?? found.merge ?? found.bomb;
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return `line ${pos.line}, column ${pos.col}`;
}

/** The outside of a multi-deployment file; each deployment is then parsed on its own. */
const multiFileEnvelope = z.strictObject({
  $schema: z.string().optional(),
  deployments: z.array(z.unknown(), { error: "must be a list of deployments" }).min(1, { error: "must list at least one deployment" }),
});


/** How deep a config may nest: the schema's deepest field is about 6 levels down. */
const MAX_DEPTH = 32;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || typeof value !== "object" || value === null) return depth;
  let deepest = depth;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child, depth + 1));
  return deepest;
}
