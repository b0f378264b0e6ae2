#!/usr/bin/env node
/**
 * The app command of cdktf.json and `npm run synth`: compiles with tsc only when a source file changed since the last
 * successful build, then runs the compiled app. Skipping an unneeded tsc run saves about 1.5 s on every synth.
 * Plain JavaScript on purpose: it must run before anything is compiled.
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

if (Math.max(...inputs.map((input) => newestMtime(path.join(root, input)))) >= builtAt()) {
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], { stdio: "inherit" });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
require(path.join(root, "dist", "main.js"));
