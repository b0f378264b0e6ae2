/**
 * Synthesizes into a fresh folder beside the output folder and swaps it in only when the whole app synthesized,
 * so a failed synth (config problems or construct validation errors) leaves the earlier output exactly as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { readImports } from "./adopt/adoption-file";
import { buildApp } from "./app";
import { parseConfig, type ConfigSource } from "./config-file";
import { buildConfigRecord, writeConfigRecord } from "./config-record";
import { describeClash, findNameClashes } from "./name-clashes";
import { STAGES } from "../constructs/config/naming";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import type { ImportBlock } from "../constructs/core/imports";

export interface SynthesizeOptions {
  /**
   * Keep the folders of stacks the new output no longer has (a removed deployment, a renamed deployId) instead of
   * dropping them. The cdktf CLI lists the stack folders before it runs the app and deletes the ones the app did
   * not write afterwards; a folder already gone makes it fail. @default false
   */
  readonly keepOrphanedStacks?: boolean;
  /** The config the deployments came from: recorded in `<outdir>/domino-eks-config.json` (cli/config-record.ts). */
  readonly source?: ConfigSource;
  /**
   * A folder of committed Terraform lock files, `<stack>.terraform.lock.hcl`: each is copied into its stack's folder
   * as `.terraform.lock.hcl`, in place of the one the last `terraform init` left there. @default none
   */
  readonly locksDir?: string;
  /** Import blocks per deployId, from the adoption files the configs name (cli/adopt/adoption-file.ts). @default none */
  readonly imports?: ReadonlyMap<string, readonly ImportBlock[]>;
}

/** The lock file of a stack in a locks folder. */
export const lockFileName = (stack: string) => `${stack}.terraform.lock.hcl`;
const LOCK_FILE = ".terraform.lock.hcl";

/** The cdktf CLI (`cdktf synth`, `cdktf deploy`) sets this for the app it runs. */
export function runByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined && env.CDKTF_OUTDIR !== undefined;
}

/** Synthesizes the deployments into `outdir`; returns warnings (names two deployments would both create). */
export function synthesize(configs: readonly DeploymentConfig[], outdir: string, options: SynthesizeOptions = {}): string[] {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    withoutStackTraces(() => buildApp(configs, staging, (c) => ({ imports: options.imports?.get(c.deployId) ?? [] })).app.synth());
    const warnings = configs.length > 1 ? findNameClashes(staging, deploymentOfStack).map(describeClash) : [];
    if (options.locksDir) warnings.push(...copyLockFiles(options.locksDir, staging));
    if (options.source) writeConfigRecord(staging, buildConfigRecord(options.source, configs, staging));
    carryOverWorkingFiles(target, staging, options.keepOrphanedStacks ?? false);
    replaceDir(staging, target);
    return warnings;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Synthesizes a config file into `outdir`, with the import blocks of the adoption files it names (relative to the
 * file); what the example checks (addresses, terraform-check, tests) synthesize, as `domino-eks synth` would.
 */
export function synthesizeFile(file: string, outdir: string, options: Omit<SynthesizeOptions, "imports"> = {}): { configs: DeploymentConfig[]; warnings: string[] } {
  const configs = parseConfig(fs.readFileSync(file, "utf8"), path.basename(file));
  const imports = readImports(configs, file, process.cwd());
  return { configs, warnings: synthesize(configs, outdir, { ...options, imports }) };
}

/**
 * Runs `build` with no stack traces captured. cdktf captures the full stack of every token it creates (for messages
 * about tokens it cannot resolve), with Error.stackTraceLimit raised to the largest number: walking and formatting
 * those stacks was about a tenth of a synth, and the front end prints an error's message, not its stack. While
 * stackTraceLimit is an accessor V8 captures no frames at all (it reads the limit only from a plain value), and cdktf's
 * raising it changes nothing; cdktf then records an empty stack, as it does for an empty trace. DOMINO_EKS_DEBUG
 * keeps them, for a bug report.
 */
export function withoutStackTraces<T>(build: () => T): T {
  if (process.env.DOMINO_EKS_DEBUG) return build();
  const limit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  Object.defineProperty(Error, "stackTraceLimit", { configurable: true, enumerable: true, get: () => 0, set: () => undefined });
  try {
    return build();
  } finally {
    if (limit) Object.defineProperty(Error, "stackTraceLimit", limit);
    else delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
    Error.prepareStackTrace = previous;
  }
}

const STACKS = "stacks";
const ASSETS = "assets";

/** Copies each committed lock file into its stack's folder; returns a warning for each that names no stack. */
function copyLockFiles(locksDir: string, out: string): string[] {
  if (!fs.existsSync(locksDir)) return [];
  const stacks = new Set(fs.readdirSync(path.join(out, STACKS)));
  const warnings: string[] = [];
  for (const file of fs.readdirSync(locksDir).sort()) {
    const stack = [...stacks].find((name) => lockFileName(name) === file) ?? (file.endsWith(lockFileName("")) ? file.slice(0, -lockFileName("").length) : undefined);
    if (stack === undefined) continue;
    if (stacks.has(stack)) fs.copyFileSync(path.join(locksDir, file), path.join(out, STACKS, stack, LOCK_FILE));
    else warnings.push(`warning: ${path.join(locksDir, file)} is the lock file of no stack this config writes (stacks: ${[...stacks].sort().join(", ")})`);
  }
  return warnings;
}
const STAGE_SUFFIX = new RegExp(`-(${STAGES.join("|")})$`);
const deploymentOfStack = (stack: string) => stack.replace(STAGE_SUFFIX, "");

/**
 * What Terraform keeps in a stack's folder (`.terraform.lock.hcl`, `.terraform/`, saved plans) is not synthesized,
 * so it moves from the old output into the new one, as an in-place synth would leave it. Synthesized files win.
 */
function carryOverWorkingFiles(oldOut: string, newOut: string, keepOrphaned: boolean): void {
  const oldStacks = path.join(oldOut, STACKS);
  if (!fs.existsSync(oldStacks)) return;
  const newStacks = path.join(newOut, STACKS);
  for (const stack of fs.readdirSync(oldStacks, { withFileTypes: true })) {
    if (!stack.isDirectory()) continue;
    const from = path.join(oldStacks, stack.name);
    const to = path.join(newStacks, stack.name);
    if (!fs.existsSync(to)) {
      if (keepOrphaned) {
        fs.mkdirSync(newStacks, { recursive: true });
        fs.renameSync(from, to);
      }
      continue;
    }
    for (const entry of fs.readdirSync(from)) {
      // assets/ is synthesized (cdktf's copies of local files, such as the Karpenter node-pools chart): never carried.
      if (entry === ASSETS) continue;
      if (!fs.existsSync(path.join(to, entry))) fs.renameSync(path.join(from, entry), path.join(to, entry));
    }
  }
}

function replaceDir(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
