/**
 * Loads the command line (./domino-eks) for the process entries (main.ts, bin/domino-eks.js). In a checkout built by
 * `npm run build`, that is dist/bundle/domino-eks.js (scripts/bundle.js), compiled with a V8 code cache kept beside it:
 * loading the ~750 modules one by one and compiling them was about half of a default synth. Without a bundle, or with
 * one older than the last tsc run, or with DOMINO_EKS_DEBUG set (its stack traces then name the source modules), it is
 * the compiled modules as they are. Nothing here may import the command line itself: that would load what the bundle is
 * there to spare.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import * as vm from "vm";
import type * as Cli from "./domino-eks";

const DIST = path.resolve(__dirname, "..");
const BUNDLE = path.join(DIST, "bundle", "domino-eks.js");
/** tsc rewrites it whenever it emits anything: a bundle older than it was built from older sources. */
const TSC_STAMP = path.join(DIST, ".tsbuildinfo");

/** The bundle's first line up to its hash (scripts/bundle.js writes it). */
const BUNDLE_HEADER = "// domino-eks bundle sha256:";

/**
 * What V8 checks a code cache against besides the source: its version and its flags, which come from the command line
 * and NODE_OPTIONS (the cdktf CLI runs the app with --max-old-space-size). Part of the cache's name, so that runs with
 * other flags keep a cache of their own instead of rejecting and rewriting one another's.
 */
export function runtimeKey(execArgv: readonly string[] = process.execArgv, nodeOptions: string = process.env.NODE_OPTIONS ?? ""): string {
  return createHash("sha256").update(JSON.stringify([process.version, withoutEval(execArgv), nodeOptions])).digest("hex").slice(0, 8);
}

/** execArgv less the code of `node -e CODE` / `-p CODE`, which is no flag and differs from run to run. */
function withoutEval(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    if (["-e", "--eval", "-p", "--print"].includes(execArgv[i])) i++;
    else if (!/^--(eval|print)=/.test(execArgv[i])) flags.push(execArgv[i]);
  }
  return flags;
}

/**
 * The code cache of a bundle (named by its text's hash) for one command and runtime (runtimeKey): each holds the
 * functions that command compiled. The hash is in the name because V8 checks only a cache's length against the
 * source: a rebuilt bundle of the same length would otherwise run the old one's bytecode.
 */
export const codeCacheFile = (bundle: string, hash: string, command: string, runtime: string = runtimeKey()) =>
  `${bundle}.${command.replace(/[^a-z-]/g, "") || "none"}.${hash.slice(0, 16)}.${runtime}.cache`;

/** The hash a bundle's first line names, or undefined for a file that is no bundle of scripts/bundle.js. */
export function bundleHash(source: string): string | undefined {
  if (!source.startsWith(BUNDLE_HEADER)) return undefined;
  const hash = source.slice(BUNDLE_HEADER.length, source.indexOf("\n"));
  return /^[0-9a-f]{64}$/.test(hash) ? hash : undefined;
}

function mtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The bundle when it is at least as new as the compiled modules, else undefined. */
export function freshBundle(bundle: string = BUNDLE, tscStamp: string = TSC_STAMP): string | undefined {
  const built = mtime(bundle);
  const compiled = mtime(tscStamp);
  return built !== undefined && (compiled === undefined || built >= compiled) ? bundle : undefined;
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file, so a concurrent run never reads half a cache; a read-only folder is no error. */
function writeCache(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Runs a bundle (a CommonJS file) as one script with a V8 code cache; returns its exports. The cache is written when
 * the process exits, after the command ran, so it holds the functions the run compiled and not only the top level; a
 * cache that V8 rejects (another Node version or V8 flags) is written anew.
 */
export function requireWithCodeCache(bundle: string, command: string): unknown {
  const file = path.resolve(bundle);
  // Latin-1: the bundle is ASCII, and reading it so took 5 ms against 25 ms for decoding UTF-8.
  const source = fs.readFileSync(file, "latin1");
  const hash = bundleHash(source);
  if (hash === undefined) throw new Error(`${file} is not a bundle of scripts/bundle.js (its first line names no hash); run \`npm run build\``);
  const cacheFile = codeCacheFile(file, hash, command);
  const cachedData = readCache(cacheFile);
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => writeCache(cacheFile, script.createCachedData()));
  return module.exports;
}

/** The command line for `command` (its code cache is per command). */
export function loadCli(command: string): typeof Cli {
  const bundle = freshBundle();
  if (bundle && !process.env.DOMINO_EKS_DEBUG) return requireWithCodeCache(bundle, command) as typeof Cli;
  return require("./domino-eks") as typeof Cli;
}
