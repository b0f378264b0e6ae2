/**
 * The bundled command line (scripts/bundle.js) and its loader (cli/load-cli.ts): the bundle synthesizes byte for byte
 * what the compiled modules do, its code cache is written once and then accepted, a bundle older than the last tsc run
 * is not used, and cdktf's asset module (with archiver) loads only when used.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleHash, codeCacheFile, freshBundle, parseBundleHeader, readCodeCache, runtimeKey, stampOf, writeCodeCache } from "../../cli/load-cli";

const ROOT = path.resolve(__dirname, "../..");
const { bundle, lazyRequire } = require("../../scripts/bundle.js") as {
  bundle: (target: string) => Promise<string>;
  lazyRequire: (request: string, from: string) => string;
};

let work: string;
let bundled: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, "dist/cli/domino-eks.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does) first");
  work = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-bundle-"));
  // Beside dist/cli, as the real bundle is: its lazy modules resolve cdktf from there.
  bundled = await bundle(path.join(ROOT, "dist", `bundle-test-${process.pid}`, "domino-eks.js"));
}, 60_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(path.dirname(bundled), { recursive: true, force: true });
});

const CONFIGS: Record<string, string | null> = {
  default: null,
  "two-deployments": path.join(ROOT, "examples/two-deployments.yaml"),
  "custom-pools": path.join(ROOT, "examples/custom-pools.yaml"),
};
/** Configs whose stacks carry an asset (Karpenter's local chart): they load cdktf's asset module, so they run apart. */
const ASSET_CONFIGS: Record<string, string> = {
  karpenter: path.join(ROOT, "examples/karpenter.yaml"),
};

/**
 * Synthesizes each of CONFIGS into OUT/<name> in one child process, through the bundle or through the compiled
 * modules; returns the modules the process loaded and what it printed on stderr.
 */
function synthAll(
  out: string,
  through: "bundle" | "modules",
  names: readonly string[] = Object.keys(CONFIGS),
  extraEnv: Record<string, string> = {},
): { loaded: string[]; stderr: string } {
  const loader = JSON.stringify(path.join(ROOT, "dist/cli/load-cli.js"));
  const cli = through === "bundle"
    ? `require(${loader}).requireWithCodeCache(${JSON.stringify(bundled)}, "synth")`
    : `require(${JSON.stringify(path.join(ROOT, "dist/cli/domino-eks.js"))})`;
  const script = [
    `const cli = ${cli};`,
    `for (const [name, config] of Object.entries(${JSON.stringify(Object.fromEntries(names.map((n) => [n, n in CONFIGS ? CONFIGS[n] : ASSET_CONFIGS[n]])))})) {`,
    `  const env = { ...process.env, ...(config ? { DOMINO_EKS_CONFIG: config } : {}) };`,
    `  const code = cli.runSynth(["--quiet", "--out", require("path").join(${JSON.stringify(out)}, name), "--locks", "none"], { stdout: console.log, stderr: console.error }, env);`,
    `  if (code !== 0) process.exit(code);`,
    `}`,
    `process.stdout.write(JSON.stringify(Object.keys(require.cache)));`,
  ].join("\n");
  const { CDKTF_OUTDIR: _o, DOMINO_EKS_CONFIG: _c, DOMINO_EKS_DEBUG: _d, NODE_OPTIONS: _n, ...env } = process.env;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: work, env: { ...env, ...extraEnv }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`synth through the ${through} failed:\n${result.stdout}${result.stderr}`);
  return { loaded: JSON.parse(result.stdout) as string[], stderr: result.stderr };
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("the bundle", () => {
  let viaModules: { loaded: string[]; stderr: string };
  let viaBundle: { loaded: string[]; stderr: string };
  beforeAll(() => {
    viaModules = synthAll(path.join(work, "modules"), "modules");
    viaBundle = synthAll(path.join(work, "bundle"), "bundle");
  }, 60_000);

  test.each(Object.keys(CONFIGS))("synthesizes %s byte for byte as the compiled modules do", (name) => {
    const expected = files(path.join(work, "modules", name));
    expect(Object.keys(expected).filter((f) => f.endsWith("cdk.tf.json")).length).toBe(name === "two-deployments" ? 8 : 4);
    expect(files(path.join(work, "bundle", name))).toEqual(expected);
    expect(viaBundle.stderr).toBe(viaModules.stderr);
  });

  test("synthesizes a deployment with an asset (the karpenter-node-pools chart) byte for byte as the compiled modules do", () => {
    synthAll(path.join(work, "assets-modules"), "modules", Object.keys(ASSET_CONFIGS));
    synthAll(path.join(work, "assets-bundle"), "bundle", Object.keys(ASSET_CONFIGS));
    const expected = files(path.join(work, "assets-modules", "karpenter"));
    expect(Object.keys(expected).some((f) => f.endsWith(path.join("karpenter-node-pools_chart_6A01C075", "90b66f73018b03ee", "Chart.yaml")))).toBe(true);
    expect(files(path.join(work, "assets-bundle", "karpenter"))).toEqual(expected);
  }, 60_000);

  test("loads cdktf's asset module and archiver only when used, from the installed cdktf", () => {
    const archiver = (loaded: string[]) => loaded.filter((f) => /[\\/]node_modules[\\/](archiver|cdktf[\\/]lib[\\/]private[\\/]fs\.js)/.test(f));
    expect(archiver(viaModules.loaded).length).toBeGreaterThan(0);
    expect(archiver(viaBundle.loaded)).toEqual([]);
  });

  test("writes its code cache on the first run and keeps it on the next (V8 accepted it); other V8 flags keep their own", () => {
    const dir = path.dirname(bundled);
    const caches = () => Object.fromEntries(fs.readdirSync(dir).filter((f) => /^domino-eks\.js\.synth\..+\.cache$/.test(f)).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
    for (const file of Object.keys(caches())) fs.rmSync(path.join(dir, file));
    synthAll(path.join(work, "cache-1"), "bundle", ["default"]);
    const first = caches();
    expect(Object.keys(first)).toHaveLength(1);
    expect(fs.statSync(path.join(dir, Object.keys(first)[0])).size).toBeGreaterThan(100_000);
    synthAll(path.join(work, "cache-2"), "bundle", ["default"]);
    expect(caches()).toEqual(first);
    // As the cdktf CLI runs the app: a cache of its own, and the first one untouched.
    synthAll(path.join(work, "cache-3"), "bundle", ["default"], { NODE_OPTIONS: "--max-old-space-size=4096" });
    const both = caches();
    expect(Object.keys(both)).toHaveLength(2);
    expect(both).toEqual(expect.objectContaining(first));
    synthAll(path.join(work, "cache-4"), "bundle", ["default"]);
    expect(caches()).toEqual(both);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);

  test("ignores a damaged code cache (it fails its own check) and writes it anew", () => {
    const dir = path.dirname(bundled);
    const [name] = fs.readdirSync(dir).filter((f) => /^domino-eks\.js\.synth\..+\.cache$/.test(f) && readCodeCache(path.join(dir, f)) !== undefined);
    const file = path.join(dir, name);
    const good = fs.readFileSync(file);
    const damaged = Buffer.from(good);
    // A byte where Node 20 took such a cache and crashed (SIGTRAP) before caches checked themselves.
    damaged[Math.floor(damaged.length * 0.3)] ^= 0xff;
    fs.writeFileSync(file, damaged);
    synthAll(path.join(work, "damaged-1"), "bundle", ["default"]);
    expect(files(path.join(work, "damaged-1", "default"))).toEqual(files(path.join(work, "modules", "default")));
    expect(readCodeCache(file)).toBeDefined();
    fs.writeFileSync(file, good.subarray(0, good.length - 1000));
    synthAll(path.join(work, "damaged-2"), "bundle", ["default"]);
    expect(readCodeCache(file)).toBeDefined();
  }, 60_000);
});

describe("lazyRequire", () => {
  function evaluate(text: string): unknown {
    const module = { exports: {} as unknown };
    new Function("require", "module", text)(require, module);
    return module.exports;
  }

  test("stands for a module that exports a function (archiver) and one that exports an object (semver)", () => {
    const archiver = evaluate(lazyRequire("archiver", "cdktf/lib/private/fs.js")) as (format: string) => { pipe: unknown };
    expect(typeof archiver("zip").pipe).toBe("function");
    const semver = evaluate(lazyRequire("semver", "cdktf/lib/validations/validate-binary-version.js")) as { satisfies: (v: string, r: string) => boolean };
    expect(semver.satisfies("1.9.2", ">=1.0.0")).toBe(true);
    expect(semver.satisfies("0.15.0", ">=1.0.0")).toBe(false);
  });
});

describe("the bundle's text", () => {
  test("is ASCII, the same from another build (it names no folder of this checkout), and drops older code caches", async () => {
    const text = fs.readFileSync(bundled, "latin1");
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    expect(text.includes(ROOT)).toBe(false);
    const dir = path.join(path.dirname(bundled), "again");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "domino-eks.js.synth.0000000000000000.cache"), "of an older bundle");
    fs.writeFileSync(path.join(dir, "other.cache"), "not a bundle's");
    const again = await bundle(path.join(dir, "domino-eks.js"));
    expect(fs.readFileSync(again, "latin1")).toBe(text);
    expect(fs.readdirSync(dir).sort()).toEqual(["domino-eks.js", "other.cache"]);
  }, 60_000);
});

describe("freshBundle", () => {
  const HASH = "0123456789abcdef".repeat(4);

  test("is the bundle only when it was built from tsc's last emit and the installed dependencies (equal mtimes)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-fresh-"));
    const file = path.join(dir, "domino-eks.js");
    const tsc = path.join(dir, ".tsbuildinfo");
    const deps = path.join(dir, ".package-lock.json");
    const write = (tscStamp: string, depsStamp: string) => fs.writeFileSync(file, `// domino-eks bundle sha256:${HASH} tsbuildinfo:${tscStamp} deps:${depsStamp}\n"use strict";\n`);
    expect(freshBundle(file, tsc, deps)).toBeUndefined();
    fs.writeFileSync(tsc, "");
    fs.writeFileSync(deps, "");
    fs.utimesSync(tsc, new Date(2000_000), new Date(2000_000));
    fs.utimesSync(deps, new Date(1000_000), new Date(1000_000));
    write("2000000", "1000000");
    expect(freshBundle(file, tsc, deps)).toBe(file);
    // tsc -w emitted again within the same (coarse) timestamp as the bundle: newer by mtime, but not what it was built from.
    fs.utimesSync(file, new Date(5000_000), new Date(5000_000));
    fs.utimesSync(tsc, new Date(2001_000), new Date(2001_000));
    expect(freshBundle(file, tsc, deps)).toBeUndefined();
    write("2001000", "1000000");
    expect(freshBundle(file, tsc, deps)).toBe(file);
    // npm ci of another lock: the bundle holds the old dependencies.
    fs.utimesSync(deps, new Date(1500_000), new Date(1500_000));
    expect(freshBundle(file, tsc, deps)).toBeUndefined();
    write("2001000", "none");
    fs.rmSync(deps);
    expect(freshBundle(file, tsc, deps)).toBe(file);
    // A bundle of an older scripts/bundle.js records no stamps.
    fs.writeFileSync(file, `// domino-eks bundle sha256:${HASH}\n"use strict";\n`);
    expect(freshBundle(file, tsc, deps)).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the bundle records the mtimes of tsc's build info and node_modules/.package-lock.json it was built from", () => {
    const { stamps } = require("../../scripts/bundle.js") as { stamps: { tscStamp: string; depsStamp: string } };
    expect(stamps.depsStamp).toBe(path.join(ROOT, "node_modules", ".package-lock.json"));
    expect(parseBundleHeader(fs.readFileSync(bundled, "latin1"))).toEqual({
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      tscStamp: stampOf(path.join(ROOT, "dist", ".tsbuildinfo")),
      depsStamp: stampOf(stamps.depsStamp),
    });
    expect(stampOf(stamps.depsStamp)).toMatch(/^\d+(\.\d+)?$/);
    expect(freshBundle(bundled, stamps.tscStamp, stamps.depsStamp)).toBe(bundled);
    expect(freshBundle(bundled, stamps.tscStamp, path.join(ROOT, "package.json"))).toBeUndefined();
  });

  test("names one cache file per known command, bundle text and runtime (Node version and V8 flags); other commands share one", () => {
    const hash = HASH;
    expect(codeCacheFile("/x/domino-eks.js", hash, "synth", "r1")).toBe("/x/domino-eks.js.synth.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "validate", "r1")).toBe("/x/domino-eks.js.validate.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "upgrade-check", "r1")).toBe("/x/domino-eks.js.upgrade-check.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "../../etc", "r1")).toBe("/x/domino-eks.js.other.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "synthx", "r1")).toBe("/x/domino-eks.js.other.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "--help", "r1")).toBe("/x/domino-eks.js.other.0123456789abcdef.r1.cache");
    expect(codeCacheFile("/x/domino-eks.js", hash, "", "r1")).toBe("/x/domino-eks.js.other.0123456789abcdef.r1.cache");
    expect(runtimeKey([], "")).toMatch(/^[0-9a-f]{8}$/);
    expect(runtimeKey([], "--max-old-space-size=4096")).not.toBe(runtimeKey([], ""));
    expect(runtimeKey(["--no-opt"], "")).not.toBe(runtimeKey([], ""));
    expect(runtimeKey([], "")).toBe(runtimeKey([], ""));
    expect(runtimeKey(["-e", "one()"], "")).toBe(runtimeKey(["--eval", "two()"], ""));
    expect(runtimeKey(["-e", "one()"], "")).toBe(runtimeKey([], ""));
  });

  test("reads the hash from the bundle's first line, which is the hash of the rest", () => {
    const text = fs.readFileSync(bundled, "latin1");
    const hash = bundleHash(text);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash("sha256").update(text.slice(text.indexOf("\n") + 1)).digest("hex")).toBe(hash);
    expect(bundleHash(`// domino-eks bundle sha256:${hash}\n`)).toBe(hash);
    expect(bundleHash("module.exports = {};\n")).toBeUndefined();
    expect(bundleHash("// domino-eks bundle sha256:abc\n")).toBeUndefined();
  });
});

describe("the code cache file", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-cache-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("reads back what was written, and nothing from a damaged, truncated or headerless file", () => {
    const file = path.join(dir, "domino-eks.js.synth.0123456789abcdef.r1.cache");
    const data = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256));
    writeCodeCache(file, data);
    expect(readCodeCache(file)).toEqual(data);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]);
    const written = fs.readFileSync(file);
    const flipped = Buffer.from(written);
    flipped[written.length - 5000] ^= 0x01;
    fs.writeFileSync(file, flipped);
    expect(readCodeCache(file)).toBeUndefined();
    fs.writeFileSync(file, written.subarray(0, written.length - 1));
    expect(readCodeCache(file)).toBeUndefined();
    fs.writeFileSync(file, written.subarray(0, 20));
    expect(readCodeCache(file)).toBeUndefined();
    // V8's data as an older loader wrote it, with no header of its own.
    fs.writeFileSync(file, data);
    expect(readCodeCache(file)).toBeUndefined();
    expect(readCodeCache(path.join(dir, "missing.cache"))).toBeUndefined();
  });

  test("writes nothing, and throws nothing, where it cannot write", () => {
    expect(() => writeCodeCache(path.join(dir, "no-such-folder", "x.cache"), Buffer.from("data"))).not.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
