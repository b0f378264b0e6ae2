/**
 * Compiles with tsc only when a source file changed since the last successful build (a stamp in dist/). Skipping an
 * unneeded tsc run saves 1.5-5 s on every synth or validate. Plain JavaScript on purpose: it must run before anything
 * is compiled. Used by scripts/app.js (cdktf.json's app, npm run synth) and bin/domino-eks.js in a checkout.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const stamp = path.join(root, "dist", ".app-built");
const inputs = ["main.ts", "constructs", "cli", "verify", "scripts", "tsconfig.json", "package-lock.json"];

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

function builtAt() {
  try {
    return fs.statSync(stamp).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Builds dist/ (tsc, then the bundle of scripts/bundle.js) when it is older than a source; exits the process with tsc's
 * status when the build fails.
 */
module.exports = function buildIfStale() {
  if (Math.max(...inputs.map((input) => newestMtime(path.join(root, input)))) < builtAt()) return;
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // Without a bundle (esbuild missing, say) the compiled modules run as they are, only slower: no reason to stop.
  const bundle = spawnSync(process.execPath, [path.join(__dirname, "bundle.js")], { stdio: "inherit" });
  if (bundle.status !== 0) process.stderr.write("build-if-stale: no bundle was built; running the compiled modules\n");
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
};
