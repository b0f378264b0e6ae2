#!/usr/bin/env node
/**
 * The app command of cdktf.json and `npm run synth`: builds when a source changed (build-if-stale.js), then runs the
 * compiled app, which is `domino-eks synth`. Plain JavaScript on purpose: it must run before anything is compiled.
 */
const path = require("path");

require("./build-if-stale")();
require(path.join(__dirname, "..", "dist", "main.js"));
