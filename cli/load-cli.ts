/**
 * Loads the command line (./domino-eks) for the process entries (main.ts, bin/domino-eks.js). In a checkout built by
 * `npm run build`, that is dist/bundle/domino-eks.js (scripts/bundle.js), compiled with a V8 code cache kept beside it:
 * loading the ~750 modules one by one and compiling them was about half of a default synth. Without a bundle, or with
 * one built from another tsc run or other installed dependencies, or with DOMINO_EKS_DEBUG set (its stack traces then
 * name the source modules), it is the compiled modules as they are. Nothing here may import the command line itself:
 * that would load what the bundle is there to spare.
 */
import { createHash, randomBytes } from "crypto";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import * as vm from "vm";
import type * as Cli from "./domino-eks";

const DIST = path.resolve(__dirname, "..");
const BUNDLE = path.join(DIST, "bundle", "domino-eks.js");
/** tsc rewrites it whenever it emits anything: a bundle built when it had another mtime was built from other sources. */
const TSC_STAMP = path.join(DIST, ".tsbuildinfo");
/** npm rewrites it on every install: a bundle built when it had another mtime holds other dependencies' code. */
const DEPS_STAMP = path.join(DIST, "..", "node_modules", ".package-lock.json");

/** The bundle's first line: its text's hash, then the mtimes of TSC_STAMP and DEPS_STAMP it was built from. */
const HEADER_LINE = /^\/\/ domino-eks bundle sha256:([0-9a-f]{64})(?: tsbuildinfo:(\S+) deps:(\S+))?$/;

/** The commands of cli/domino-eks.ts: each keeps a code cache of its own; any other first argument shares one. */
const COMMANDS = ["synth", "validate", "values", "describe", "upgrade-check", "schema", "adopt", "help"];

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
 * source: a rebuilt bundle of the same length would otherwise run the old one's bytecode. Only the known commands get a
 * name of their own (`other` for the rest), so that mistyped commands do not leave a cache each.
 */
export const codeCacheFile = (bundle: string, hash: string, command: string, runtime: string = runtimeKey()) =>
  `${bundle}.${COMMANDS.includes(command) ? command : "other"}.${hash.slice(0, 16)}.${runtime}.cache`;

/** What a bundle's first line names: its text's hash and the stamps it was built from (absent in an older bundle). */
export interface BundleHeader {
  hash: string;
  tscStamp?: string;
  depsStamp?: string;
}

/** The first line of a bundle of scripts/bundle.js, or undefined for a file that is none. */
export function parseBundleHeader(source: string): BundleHeader | undefined {
  const end = source.indexOf("\n");
  const match = HEADER_LINE.exec(end < 0 ? source : source.slice(0, end));
  return match ? { hash: match[1], tscStamp: match[2], depsStamp: match[3] } : undefined;
}

/** The hash a bundle's first line names, or undefined for a file that is no bundle of scripts/bundle.js. */
export const bundleHash = (source: string): string | undefined => parseBundleHeader(source)?.hash;

/** A file's mtime as the bundle's first line records it (scripts/bundle.js writes the same), `none` without the file. */
export function stampOf(file: string): string {
  try {
    return String(fs.statSync(file).mtimeMs);
  } catch {
    return "none";
  }
}

/** The first line of a file, read without the rest (the bundle is 3 MB); undefined when it cannot be read. */
function firstLine(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const buffer = Buffer.alloc(512);
    const text = buffer.toString("latin1", 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    return text.includes("\n") ? text.slice(0, text.indexOf("\n")) : text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The bundle when it was built from the current tsc output and installed dependencies, else undefined. Equal mtimes,
 * not a newer bundle: under `tsc -w`, or with timestamps of a second, a bundle can be as new as a later emit.
 */
export function freshBundle(bundle: string = BUNDLE, tscStamp: string = TSC_STAMP, depsStamp: string = DEPS_STAMP): string | undefined {
  const line = firstLine(bundle);
  const header = line === undefined ? undefined : parseBundleHeader(line);
  if (header?.tscStamp === undefined) return undefined;
  return header.tscStamp === stampOf(tscStamp) && header.depsStamp === stampOf(depsStamp) ? bundle : undefined;
}

/** What a code cache file starts with, then the sha256 of the V8 data after it. */
const CACHE_MAGIC = Buffer.from("domino-eks code cache 1\n", "latin1");
const CACHE_HEADER = CACHE_MAGIC.length + 32;

/**
 * The V8 data of a code cache file, or undefined when there is none or it fails its own check: Node 20's V8 checks
 * little more than a cache's length and flags, so a damaged cache would be run, and crash every later run.
 */
export function readCodeCache(file: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= CACHE_HEADER || !data.subarray(0, CACHE_MAGIC.length).equals(CACHE_MAGIC)) return undefined;
  const payload = data.subarray(CACHE_HEADER);
  const sum = createHash("sha256").update(payload).digest();
  return sum.equals(data.subarray(CACHE_MAGIC.length, CACHE_HEADER)) ? payload : undefined;
}

/**
 * Writes a code cache through a temporary file of its own (a name no other process picks, created exclusively),
 * synced before it is renamed into place, so no run reads half a cache; a read-only folder is no error.
 */
export function writeCodeCache(file: string, data: Buffer): void {
  const temp = `${file}.${randomBytes(8).toString("hex")}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, "wx");
    for (const part of [CACHE_MAGIC, createHash("sha256").update(data).digest(), data]) {
      for (let done = 0; done < part.length; ) done += fs.writeSync(fd, part, done);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch {
    if (fd !== undefined) ignoreErrors(() => fs.closeSync(fd!));
    // Windows can refuse with EBUSY (a virus scanner holding the file): a temporary file left for the next build to
    // remove is no failure.
    ignoreErrors(() => fs.rmSync(temp, { force: true }));
  }
}

function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // See the caller.
  }
}

/**
 * Runs a bundle (a CommonJS file) as one script with a V8 code cache; returns its exports. The cache is written when
 * the process exits, after the command ran, so it holds the functions the run compiled and not only the top level; a
 * cache that V8 rejects (another Node version or V8 flags), or that fails its own check, is written anew.
 */
export function requireWithCodeCache(bundle: string, command: string): unknown {
  const file = path.resolve(bundle);
  // Latin-1: the bundle is ASCII, and reading it so took 5 ms against 25 ms for decoding UTF-8.
  const source = fs.readFileSync(file, "latin1");
  const hash = bundleHash(source);
  if (hash === undefined) throw new Error(`${file} is not a bundle of scripts/bundle.js (its first line names no hash); run \`npm run build\``);
  const cacheFile = codeCacheFile(file, hash, command);
  const cachedData = readCodeCache(cacheFile);
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => writeCodeCache(cacheFile, script.createCachedData()));
  return module.exports;
}

/** The command line for `command` (its code cache is per command). */
export function loadCli(command: string): typeof Cli {
  const bundle = freshBundle();
  if (bundle && !process.env.DOMINO_EKS_DEBUG) return requireWithCodeCache(bundle, command) as typeof Cli;
  return require("./domino-eks") as typeof Cli;
}
