/**
 * The config-file front end: finds the file, parses YAML or JSON, splits a file of several deployments, and checks
 * each with the library's validation (constructs/config/validate). Every problem is collected and thrown once as a
 * ConfigError.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { builtInAddonRules } from "../constructs/addons";
import { ConfigError, type Problem } from "../constructs/config/problems";
import { checkAcrossDeployments } from "../constructs/config/rules";
import { deploymentSchema, multiDeploymentSchema, type ParsedDeployment } from "../constructs/config/schema";
import { checkDeploymentInput, describeIssue } from "../constructs/config/validate";

export type { DeploymentConfig };

export const CONFIG_ENV = "DOMINO_EKS_CONFIG";
export const DEFAULT_CONFIG_FILE = "domino-eks.yaml";
export const EMBEDDED_DEFAULT = "embedded default (the spec's reference deployment)";

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
  let items: unknown[] = [raw];
  if (multi) {
    const envelope = multiFileEnvelope.safeParse(raw, { reportInput: true });
    if (!envelope.success) throw new ConfigError(sourceName, envelope.error.issues.flatMap((issue) => describeIssue(issue, multiDeploymentSchema)));
    items = envelope.data.deployments;
  }

  // Each deployment is checked on its own, so one with a mistyped field does not hide another's problems. A deployment
  // with field problems is checked against the rules too, with those fields set aside.
  const extraRules = builtInAddonRules();
  const checks = items.map((item, i) =>
    checkDeploymentInput(item, multi ? { prefix: ["deployments", i], schemaForHints: multiDeploymentSchema, extraRules } : { schemaForHints: deploymentSchema, extraRules }),
  );
  const problems: Problem[] = checks.flatMap((c) => c.problems);
  if (checks.every((c) => c.deployment && c.complete)) {
    problems.push(...checkAcrossDeployments(checks.map((c) => c.deployment as ParsedDeployment), multi));
  }
  if (problems.length > 0) throw new ConfigError(sourceName, problems);
  return checks.flatMap((c) => (c.config ? [c.config] : []));
}

/** The outside of a multi-deployment file; each deployment is then parsed on its own. */
const multiFileEnvelope = z.strictObject({
  $schema: z.string().optional(),
  deployments: z.array(z.unknown(), { error: "must be a list of deployments" }).min(1, { error: "must list at least one deployment" }),
});

