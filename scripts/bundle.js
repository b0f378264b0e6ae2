/**
 * Bundles the compiled command line (dist/cli/domino-eks.js and everything it requires) into one file,
 * dist/bundle/domino-eks.js, which dist/cli/load-cli.js runs with a V8 code cache. One file instead of about 750
 * modules spares Node the module lookups, and a code cache of one script spares it compiling 5 MB of JavaScript on
 * every synth. Plain JavaScript on purpose: build-if-stale.js runs it right after tsc. Run by `npm run build`.
 *
 * Two of cdktf's modules load only when used (lazyRequire below), as an unbundled run would if cdktf required them
 * where it uses them: `private/fs` (file assets; it pulls in archiver and its streams, a tenth of the start-up, and
 * runs itself by file name to zip an asset, which only its own file can) and `semver` (terraform version checks).
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist", "cli", "domino-eks.js");
const outfile = path.join(root, "dist", "bundle", "domino-eks.js");
/** The stamps the bundle's first line records, which cli/load-cli.ts compares for equality (see stampOf there). */
const stamps = { tscStamp: path.join(root, "dist", ".tsbuildinfo"), depsStamp: path.join(root, "node_modules", ".package-lock.json") };

/** Imports replaced with a proxy that requires the real module, resolved from where cdktf resolves it, on first use. */
const LAZY = [
  { importer: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]terraform(-module)?-asset\.js$/, request: "./private/fs", from: "cdktf/lib/terraform-asset.js" },
  { importer: /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]validations[\\/]validate-binary-version\.js$/, request: "semver", from: "cdktf/lib/validations/validate-binary-version.js" },
];

function lazyRequire(request, from) {
  return [
    `const { createRequire } = require("module");`,
    `let real;`,
    `const load = () => (real ??= createRequire(require.resolve(${JSON.stringify(from)}))(${JSON.stringify(request)}));`,
    // A function target, so the proxy can stand for a module that exports a function as well as for an object.
    `module.exports = new Proxy(function () {}, {`,
    `  apply: (_, self, args) => Reflect.apply(load(), self, args),`,
    `  get: (_, key) => load()[key],`,
    `  has: (_, key) => key in load(),`,
    `});`,
  ].join("\n");
}

const lazyPlugin = {
  name: "lazy-require",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const lazy = LAZY.find((l) => l.request === args.path && l.importer.test(args.importer));
      return lazy ? { path: `${lazy.from}#${lazy.request}`, namespace: "lazy", pluginData: lazy } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({ contents: lazyRequire(args.pluginData.request, args.pluginData.from), loader: "js" }));
  },
};

/** A file's mtime as text, `none` without the file: what cli/load-cli.ts's stampOf reads back. */
function stampOf(file) {
  try {
    return String(fs.statSync(file).mtimeMs);
  } catch {
    return "none";
  }
}

/** Writes `data` to `target` through a temporary file no other process names, synced before it is renamed. */
function writeAtomically(target, data) {
  const temp = `${target}.${crypto.randomBytes(8).toString("hex")}.tmp`;
  const fd = fs.openSync(temp, "wx");
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

/** Windows can refuse a removal with EBUSY (a virus scanner holding the file): a file left behind is no failure. */
function removeQuietly(file) {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Removed by a later build.
  }
}

/**
 * Writes the bundle (to `target`); resolves to its path. Asynchronous: esbuild takes plugins only that way. `from`
 * names tsc's build info and npm's record of node_modules, whose mtimes the first line records: the loader uses the
 * bundle only while both are unchanged.
 */
async function bundle(target = outfile, from = stamps) {
  // Taken before esbuild reads a file: a tsc or npm run that ends during the build then leaves the bundle stale.
  const built = ` tsbuildinfo:${stampOf(from.tscStamp)} deps:${stampOf(from.depsStamp)}`;
  // Required here, not at the top: an installed package has no esbuild, and nothing there calls this.
  const esbuild = require("esbuild");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: target,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // Keep the bundle's text the same from any checkout folder: no absolute paths, no comments that name files.
    legalComments: "none",
    // Comments and indentation out: a third less text to read on every run. Names stay (no identifier minifying).
    minifyWhitespace: true,
    // Every character escaped to ASCII, so the loader can read the text as Latin-1 (5 ms against 25 ms as UTF-8).
    charset: "ascii",
    logLevel: "warning",
    plugins: [lazyPlugin],
    // Resolved at run time by the lazy proxies, from the installed cdktf.
    external: LAZY.map((l) => l.from),
    write: false,
  });
  // No shebang: the loader compiles the text itself.
  const text = result.outputFiles[0].text.replace(/^#!.*\n/, "");
  const foreign = /[^\x00-\x7f]/.exec(text);
  if (foreign) {
    throw new Error(`the bundle must be ASCII (the loader reads it as Latin-1), but has ${JSON.stringify(foreign[0])} in ${JSON.stringify(text.slice(foreign.index - 60, foreign.index + 20))}: write it as a \\u escape in the source`);
  }
  // The first line names the text's hash: the loader keys the code cache by it, as V8 checks only the source's length.
  const hash = crypto.createHash("sha256").update(text).digest("hex");
  writeAtomically(target, `${BUNDLE_HEADER}${hash}${built}\n${text}`);
  // The code caches of earlier bundles can never be used again, nor can temporary files of interrupted writes.
  const base = path.basename(target);
  for (const name of fs.readdirSync(path.dirname(target))) {
    if (name.startsWith(`${base}.`) && (name.endsWith(".cache") || name.endsWith(".tmp"))) removeQuietly(path.join(path.dirname(target), name));
  }
  return target;
}

/** The bundle's first line up to its hash; cli/load-cli.ts reads the same prefix. */
const BUNDLE_HEADER = "// domino-eks bundle sha256:";

module.exports = { bundle, lazyRequire, outfile, stamps };

if (require.main === module) {
  bundle().catch((error) => {
    process.stderr.write(`bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
