/**
 * Compiles with tsc only when a source file changed since the last successful build (a stamp in dist/). Skipping an
 * unneeded tsc run saves 1.5-5 s on every synth or validate. Plain JavaScript on purpose: it must run before anything
 * is compiled. Used by scripts/app.js (cdktf.json's app, npm run synth) and bin/domino-eks.js in a checkout.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
/**
 * What the build is made from. node_modules/.package-lock.json is npm's record of what it installed, rewritten by every
 * install: one stat stands for the dependencies the bundle holds, where walking node_modules would take seconds.
 */
const inputs = ["main.ts", "constructs", "cli", "verify", "scripts", "tsconfig.json", "package-lock.json", path.join("node_modules", ".package-lock.json")];

function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

function builtAt(stamp) {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

/** The two steps of a build, each a status as spawnSync returns it. */
const steps = {
  tsc: (root) => spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], { stdio: "inherit" }).status,
  bundle: () => spawnSync(process.execPath, [path.join(__dirname, "bundle.js")], { stdio: "inherit" }).status,
};

/**
 * Builds dist/ (tsc, then the bundle of scripts/bundle.js) when it is older than a source; exits the process with tsc's
 * status when the build fails. `root` and `build` are for the tests.
 */
module.exports = function buildIfStale(root = ROOT, build = steps) {
  const stamp = path.join(root, "dist", ".app-built");
  if (Math.max(...inputs.map((input) => newestMtime(path.join(root, input)))) < builtAt(stamp)) return;
  // The stamp gets the time the build began: a source saved while tsc runs is then newer than the build, as it is.
  const started = new Date();
  const tsc = build.tsc(root);
  if (tsc !== 0) process.exit(tsc ?? 1);
  // Without a bundle (esbuild missing, say) the compiled modules run as they are, only slower: no reason to stop.
  if (build.bundle(root) !== 0) process.stderr.write("build-if-stale: no bundle was built; running the compiled modules\n");
  fs.writeFileSync(stamp, `${started.toISOString()}\n`);
  fs.utimesSync(stamp, started, started);
};
