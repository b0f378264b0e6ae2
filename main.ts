#!/usr/bin/env node
/**
 * The app command of cdktf.json and `npm run synth`: `domino-eks synth` with no arguments (cli/synth-command.ts),
 * loaded through cli/load-cli.ts (the bundle with its code cache, when built).
 */
import { loadCli } from "./cli/load-cli";

process.env.CHECKPOINT_DISABLE ??= "1";

process.exitCode = loadCli("synth").runSynth(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
