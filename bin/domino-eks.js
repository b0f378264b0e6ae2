#!/usr/bin/env node
/**
 * The `domino-eks` command. In a checkout of the repository it first builds dist/ when a source changed; an installed
 * package ships dist/ compiled and has no sources to build. dist/cli/load-cli.js picks the bundle when one is built.
 */
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
if (fs.existsSync(path.join(root, "main.ts"))) require(path.join(root, "scripts", "build-if-stale.js"))();
require(path.join(root, "dist", "cli", "load-cli.js")).loadCli(process.argv[2] ?? "").main();
