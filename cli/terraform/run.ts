/**
 * Runs the real terraform on synthesized stacks: `terraform validate -json` and a mock plan (`terraform test` with
 * the generated file of ./mocks.ts) per stack, in a small pool of processes, each stack in a copy of its folder.
 * Providers are installed once per distinct set of required providers (usually once per run) and linked into every
 * copy. With a mirror, the CLI configuration installs from it only, and a provider version the mirror lacks is
 * rewritten in the copies to the one it has (the diagnostics that difference explains are version skew).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { isObject, type JsonObject } from "../../verify/json";
import { parseSchemaDocument } from "../../verify/schema/load";
import type { ProviderSchema, SchemaSet } from "../../verify/schema/types";
import type { SynthesizedStack } from "../../verify/stacks";
import {
  classifyDiagnostic,
  describeDiagnostic,
  diagnosticAddress,
  mayBeSkew,
  parseTestOutput,
  parseValidateOutput,
  type SchemaPair,
  type TerraformDiagnostic,
  type Verdict,
} from "./diagnostics";
import { mockTestFile, TEST_FILE_NAME } from "./mocks";
import { chooseVersion, cliConfigText, lockedVersions, mirrorProviders, requiredProviders, type RequiredProvider, type TerraformBinary } from "./setup";

/** The stacks of one synthesized app (one example, or an output folder): the producers of its remote-state reads. */
export interface AppStacks {
  /** Shown before the stack name: the example's name, or the output folder. */
  readonly label: string;
  /** `<outDir>/stacks/<stack>/` holds each stack's folder. */
  readonly outDir: string;
  readonly stacks: readonly SynthesizedStack[];
}

export interface TerraformRunOptions {
  readonly terraform: TerraformBinary;
  /** A filesystem mirror: install from it only, rewrite versions it lacks, leave out stacks whose providers it lacks. */
  readonly mirror?: string;
  readonly jobs: number;
  /** An empty folder for the copies; the caller removes it. */
  readonly workDir: string;
  /** Bundled provider schemas (the versions the bindings are shaped by), for the version-skew rule. */
  readonly bundled: SchemaSet;
  readonly env?: NodeJS.ProcessEnv;
  /** Called as each stack finishes, and for notes (version rewrites, stacks left out). */
  readonly progress?: (line: string) => void;
  /** Per terraform command (default 10 minutes). */
  readonly timeoutMs?: number;
}

export type StackStatus = "ok" | "failed" | "skipped";

export interface StackResult {
  readonly label: string;
  readonly stack: string;
  readonly status: StackStatus;
  /** `<label> <stack>: <address>: <summary>: <detail>` */
  readonly errors: readonly string[];
  readonly skew: readonly string[];
  readonly warnings: readonly string[];
  /** Why it was skipped, or why the mock plan did not run. */
  readonly note?: string;
  readonly seconds: { readonly validate?: number; readonly plan?: number };
}

export interface TerraformRunReport {
  readonly results: readonly StackResult[];
  readonly notes: readonly string[];
  /** Provider installations (`terraform init`) and the time they took. */
  readonly inits: number;
  readonly initSeconds: number;
  readonly seconds: number;
}

interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly error?: string;
}

function runProcess(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `timed out after ${Math.round(timeoutMs / 1000)} s`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (e) => {
      error = e.message;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), seconds: (Date.now() - started) / 1000, error });
    });
  });
}

/** Runs `work` on every item with at most `jobs` at a time; results in item order. */
export async function inPool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

/** The environment of every terraform process: no checkpoint call, no prompts, none of the user's per-run overrides. */
export function terraformEnv(base: NodeJS.ProcessEnv, cliConfigFile: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (/^TF_CLI_ARGS/.test(key) || ["TF_DATA_DIR", "TF_WORKSPACE", "TF_LOG", "TF_LOG_PATH", "TF_LOG_CORE", "TF_LOG_PROVIDER"].includes(key)) continue;
    if (cliConfigFile !== undefined && key === "TF_PLUGIN_CACHE_DIR") continue;
    env[key] = value;
  }
  env.CHECKPOINT_DISABLE = "1";
  env.TF_IN_AUTOMATION = "1";
  env.TF_INPUT = "0";
  if (cliConfigFile !== undefined) env.TF_CLI_CONFIG_FILE = cliConfigFile;
  return env;
}

/** A command's error output on one line: from its first `Error:` on (else its last lines), at most 600 characters. */
export function errorText(text: string): string {
  const lines = text
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    // Terraform's box-drawing margin (│ ╷ ╵), escaped: the bundle must be ASCII (scripts/bundle.js).
    .map((line) => line.replace(/^[\u2502\u2577\u2575\s]+/, "").trim())
    .filter((line) => line !== "");
  const first = lines.findIndex((line) => line.startsWith("Error:"));
  const picked = first >= 0 ? lines.slice(first) : lines.slice(-6);
  const joined = picked.join(" ");
  return joined.length > 600 ? `${joined.slice(0, 597)}...` : joined;
}

/** A stack prepared for its run: where its providers come from, and the rewritten constraints. */
interface PlannedStack {
  readonly app: AppStacks;
  readonly stack: SynthesizedStack;
  readonly providers: readonly RequiredProvider[];
  readonly groupKey: string;
}

interface ProviderGroup {
  readonly key: string;
  readonly dir: string;
  readonly providers: readonly RequiredProvider[];
  init?: Promise<{ ok: boolean; message?: string; installed: Map<string, string> }>;
  schemas?: Promise<Map<string, ProviderSchema> | undefined>;
}

function withVersions(json: JsonObject, providers: readonly RequiredProvider[]): JsonObject {
  const terraform = isObject(json.terraform) ? json.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  const rewritten: JsonObject = {};
  for (const [name, spec] of Object.entries(required)) {
    const version = providers.find((p) => p.name === name)?.version;
    rewritten[name] = isObject(spec) ? { ...spec, ...(version === undefined ? {} : { version }) } : version ?? spec;
  }
  return { ...json, terraform: { ...terraform, required_providers: rewritten } };
}

function copyStackDir(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return name !== ".terraform" && name !== ".terraform.lock.hcl" && !name.endsWith(".tfstate") && !name.endsWith(".tfstate.backup") && !name.endsWith(".tftest.hcl");
    },
  });
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_");
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function summarizeSeconds(results: readonly StackResult[]): { validate?: number; plan?: number; maxStack?: number } {
  const validate = results.flatMap((r) => (r.seconds.validate === undefined ? [] : [r.seconds.validate]));
  const plan = results.flatMap((r) => (r.seconds.plan === undefined ? [] : [r.seconds.plan]));
  const totals = results.map((r) => (r.seconds.validate ?? 0) + (r.seconds.plan ?? 0)).filter((s) => s > 0);
  return { validate: median(validate), plan: median(plan), maxStack: totals.length > 0 ? Math.max(...totals) : undefined };
}

export async function runTerraformChecks(apps: readonly AppStacks[], options: TerraformRunOptions): Promise<TerraformRunReport> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 600_000;
  const progress = options.progress ?? (() => undefined);
  const notes: string[] = [];
  const note = (line: string) => {
    if (notes.includes(line)) return;
    notes.push(line);
    progress(line);
  };
  let cliConfigFile: string | undefined;
  let mirrored: Map<string, string[]> | undefined;
  if (options.mirror !== undefined) {
    cliConfigFile = path.join(options.workDir, "terraformrc");
    fs.writeFileSync(cliConfigFile, cliConfigText(options.mirror));
    mirrored = mirrorProviders(options.mirror);
  }
  const env = terraformEnv(options.env ?? process.env, cliConfigFile);

  // 1. Which providers each stack gets, and the stacks the mirror cannot serve.
  const results: StackResult[] = [];
  const planned: PlannedStack[] = [];
  const skippedFor = new Map<string, string[]>();
  for (const app of apps) {
    for (const stack of app.stacks) {
      let providers = requiredProviders(stack.json);
      if (mirrored !== undefined) {
        const missing = providers.filter((p) => !mirrored?.has(p.source));
        if (missing.length > 0) {
          const what = missing.map((p) => p.name).join(" and ");
          skippedFor.set(what, [...(skippedFor.get(what) ?? []), `${app.label} ${stack.name}`]);
          results.push({
            label: app.label,
            stack: stack.name,
            status: "skipped",
            errors: [],
            skew: [],
            warnings: [],
            note: `the ${what} provider${missing.length > 1 ? "s are" : " is"} not in the mirror: checked by the provider-schema check only (npm run validate)`,
            seconds: {},
          });
          continue;
        }
        providers = providers.map((p) => {
          const choice = chooseVersion(mirrored?.get(p.source) ?? [], p.version);
          if (choice === undefined || !choice.rewrite) return p;
          note(`${p.name}: the mirror holds ${choice.version}, the stacks require ${p.version ?? "any version"}; the copies require ${choice.version} instead (errors that difference explains are reported as version skew)`);
          return { ...p, version: choice.version };
        });
      }
      planned.push({ app, stack, providers, groupKey: JSON.stringify(providers.map((p) => [p.name, p.source, p.version ?? ""])) });
    }
  }
  for (const [what, stacks] of skippedFor) {
    note(`${stacks.length} stack(s) use ${what}, which the mirror ${options.mirror} does not hold: not run, checked by the provider-schema check only (npm run validate): ${stacks.join(", ")}`);
  }

  // 2. One provider installation per distinct set of required providers, linked into every copy.
  const groups = new Map<string, ProviderGroup>();
  for (const p of planned) {
    if (!groups.has(p.groupKey)) {
      groups.set(p.groupKey, { key: p.groupKey, dir: path.join(options.workDir, "providers", String(groups.size + 1)), providers: p.providers });
    }
  }
  let inits = 0;
  let initSeconds = 0;
  const initGroup = (group: ProviderGroup) => {
    group.init ??= (async () => {
      fs.mkdirSync(group.dir, { recursive: true });
      const required = Object.fromEntries(group.providers.map((p) => [p.name, { source: p.source, ...(p.version === undefined ? {} : { version: p.version }) }]));
      fs.writeFileSync(path.join(group.dir, "main.tf.json"), JSON.stringify({ terraform: { required_providers: required } }, null, 2));
      const run = await runProcess(options.terraform.path, ["init", "-backend=false", "-input=false", "-no-color"], group.dir, env, timeoutMs);
      inits++;
      initSeconds += run.seconds;
      if (run.code !== 0) return { ok: false, message: `terraform init failed: ${run.error ?? errorText(run.stderr || run.stdout)}`, installed: new Map() };
      const lock = path.join(group.dir, ".terraform.lock.hcl");
      const installed = fs.existsSync(lock) ? lockedVersions(fs.readFileSync(lock, "utf8")) : new Map<string, string>();
      return { ok: true, installed };
    })();
    return group.init;
  };
  const installedSchemas = (group: ProviderGroup) => {
    group.schemas ??= (async () => {
      const run = await runProcess(options.terraform.path, ["providers", "schema", "-json"], group.dir, env, timeoutMs);
      if (run.code !== 0) return undefined;
      try {
        return parseSchemaDocument(`${group.dir} providers schema`, run.stdout);
      } catch {
        return undefined;
      }
    })();
    return group.schemas;
  };

  // 3. Per stack: copy, validate, mock plan.
  const checkStack = async (p: PlannedStack): Promise<StackResult> => {
    const group = groups.get(p.groupKey) as ProviderGroup;
    const prefix = `${p.app.label} ${p.stack.name}`;
    const base = { label: p.app.label, stack: p.stack.name };
    const init = await initGroup(group);
    if (!init.ok) return { ...base, status: "failed", errors: [`${prefix}: ${init.message}`], skew: [], warnings: [], seconds: {} };

    const copy = path.join(options.workDir, "stacks", safeName(p.app.label), p.stack.name);
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    copyStackDir(path.join(p.app.outDir, "stacks", p.stack.name), copy);
    const json = withVersions(p.stack.json, p.providers);
    fs.writeFileSync(path.join(copy, "cdk.tf.json"), JSON.stringify(json, null, 2));
    fs.mkdirSync(path.join(copy, ".terraform"), { recursive: true });
    fs.symlinkSync(path.join(group.dir, ".terraform", "providers"), path.join(copy, ".terraform", "providers"), "junction");
    fs.copyFileSync(path.join(group.dir, ".terraform.lock.hcl"), path.join(copy, ".terraform.lock.hcl"));
    if (json.module !== undefined) {
      // Modules need an init of their own; the providers are already linked in.
      const run = await runProcess(options.terraform.path, ["init", "-backend=false", "-input=false", "-no-color"], copy, env, timeoutMs);
      if (run.code !== 0) return { ...base, status: "failed", errors: [`${prefix}: terraform init failed: ${run.error ?? errorText(run.stderr)}`], skew: [], warnings: [], seconds: {} };
    }

    const sourceOf = new Map(p.providers.map((provider) => [provider.name, provider.source]));
    const versionNote = (name: string) => {
      const source = sourceOf.get(name) ?? "";
      const installed = init.installed.get(source);
      const wanted = requiredProviders(p.stack.json).find((r) => r.name === name)?.version;
      return `version skew: ${name} ${installed ?? "?"} installed, the stacks are written for ${wanted ?? "another version"}`;
    };
    const errors: string[] = [];
    const skew: string[] = [];
    const warnings: string[] = [];
    const classify = async (diagnostics: readonly TerraformDiagnostic[]) => {
      let schemas: Map<string, ProviderSchema> | undefined;
      if (diagnostics.some(mayBeSkew)) schemas = await installedSchemas(group);
      const pair = (name: string): SchemaPair | undefined => {
        const source = sourceOf.get(name);
        if (source === undefined) return undefined;
        return { bundled: options.bundled.providers.get(source), installed: schemas?.get(source) };
      };
      const seen = new Set<string>();
      let failed = false;
      for (const diagnostic of diagnostics) {
        const verdict: Verdict = classifyDiagnostic({ diagnostic, stack: json, schemas: pair });
        const address = diagnosticAddress(diagnostic) ?? "(stack)";
        const provider = address.replace(/^data\./, "").split("_")[0];
        const line = verdict === "skew"
          ? `${prefix}: ${address}: ${versionNote(provider)}: ${describeDiagnostic(diagnostic)}`
          : `${prefix}: ${address}: ${describeDiagnostic(diagnostic)}`;
        if (seen.has(line)) continue;
        seen.add(line);
        if (verdict === "error") errors.push(line);
        else if (verdict === "skew") skew.push(line);
        else warnings.push(line);
        failed ||= verdict !== "warning";
      }
      return failed;
    };

    const validate = await runProcess(options.terraform.path, ["validate", "-json", "-no-color"], copy, env, timeoutMs);
    const validated = parseValidateOutput(validate.stdout);
    const seconds: { validate?: number; plan?: number } = { validate: validate.seconds };
    if (validated === undefined) {
      errors.push(`${prefix}: terraform validate failed: ${validate.error ?? errorText(validate.stderr || validate.stdout)}`);
      return { ...base, status: "failed", errors, skew, warnings, seconds };
    }
    const validateFailed = await classify(validated.diagnostics);
    if (!validated.valid && errors.length === 0 && skew.length === 0) {
      errors.push(`${prefix}: terraform validate found the configuration invalid: ${errorText(validate.stderr || validate.stdout)}`);
    }
    if (validateFailed || !validated.valid) {
      const note = errors.length > 0 ? "mock plan not run: validate reported errors" : "mock plan not run: the configuration does not load with the installed provider version";
      return { ...base, status: errors.length > 0 ? "failed" : "ok", errors, skew, warnings, note, seconds };
    }

    fs.writeFileSync(path.join(copy, TEST_FILE_NAME), mockTestFile(p.stack, p.app.stacks));
    const test = await runProcess(options.terraform.path, ["test", "-json", "-no-color"], copy, env, timeoutMs);
    seconds.plan = test.seconds;
    const tested = parseTestOutput(test.stdout);
    await classify(tested.diagnostics);
    if (tested.status !== "pass" && errors.length === 0 && skew.length === 0) {
      errors.push(`${prefix}: mock plan failed (${tested.status ?? `exit ${test.code}`}): ${test.error ?? errorText(test.stderr || test.stdout)}`);
    }
    return { ...base, status: errors.length > 0 ? "failed" : "ok", errors, skew, warnings, seconds };
  };

  const checked = await inPool(planned, options.jobs, async (p) => {
    let result: StackResult;
    try {
      result = await checkStack(p);
    } catch (error) {
      result = { label: p.app.label, stack: p.stack.name, status: "failed", errors: [`${p.app.label} ${p.stack.name}: ${(error as Error).message}`], skew: [], warnings: [], seconds: {} };
    }
    progress(formatProgress(result));
    return result;
  });
  return { results: [...checked, ...results], notes, inits, initSeconds, seconds: (Date.now() - started) / 1000 };
}

function formatSeconds(value: number | undefined): string {
  return value === undefined ? "-" : `${value.toFixed(1)} s`;
}

export function formatProgress(result: StackResult): string {
  const status = result.status === "ok" ? (result.skew.length > 0 ? "skew" : "ok") : result.status === "failed" ? "FAILED" : "skipped";
  const times = result.status === "skipped" ? "" : `  validate ${formatSeconds(result.seconds.validate)}, mock plan ${formatSeconds(result.seconds.plan)}`;
  const counts = [
    result.errors.length > 0 ? `${result.errors.length} error(s)` : "",
    result.skew.length > 0 ? `${result.skew.length} skew warning(s)` : "",
  ].filter((s) => s !== "").join(", ");
  return `${status.padEnd(7)} ${result.label} ${result.stack}${times}${counts ? `  (${counts})` : ""}${result.note && result.status !== "skipped" ? `; ${result.note}` : ""}`;
}

/** The report's closing lines: errors, skew and other warnings, timings, and the verdict. */
export function formatReport(report: TerraformRunReport): string[] {
  const ran = report.results.filter((r) => r.status !== "skipped");
  const errors = report.results.flatMap((r) => r.errors);
  const skew = report.results.flatMap((r) => r.skew);
  const warnings = report.results.flatMap((r) => r.warnings);
  const times = summarizeSeconds(ran);
  const lines: string[] = [];
  if (warnings.length > 0) lines.push("", `terraform warnings (${warnings.length}):`, ...warnings.map((w) => `  warning: ${w}`));
  if (skew.length > 0) lines.push("", `version skew (${skew.length}, does not fail):`, ...skew.map((w) => `  warning: ${w}`));
  if (errors.length > 0) lines.push("", `errors (${errors.length}):`, ...errors.map((e) => `  ${e}`));
  const validated = ran.filter((r) => r.seconds.validate !== undefined).length;
  const planned = ran.filter((r) => r.seconds.plan !== undefined).length;
  lines.push(
    "",
    `${report.results.length} stack(s): ${validated} validated, ${planned} planned against mocks, ${report.results.length - ran.length} left out; ` +
      `${report.inits} provider install(s) (${report.initSeconds.toFixed(1)} s); per stack median validate ${formatSeconds(times.validate)}, ` +
      `mock plan ${formatSeconds(times.plan)}; ${report.seconds.toFixed(1)} s in all`,
    errors.length > 0 ? `FAILED: ${errors.length} error(s) in ${report.results.filter((r) => r.status === "failed").length} stack(s)` : `OK${skew.length > 0 ? ` (${skew.length} version-skew warning(s))` : ""}`,
  );
  return lines;
}
