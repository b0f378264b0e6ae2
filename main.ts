#!/usr/bin/env node
/**
 * The app command of cdktf.json and `npm run synth`: `domino-eks synth` with no arguments (cli/synth-command.ts).
 */
import { runSynth } from "./cli/synth-command";

process.env.CHECKPOINT_DISABLE ??= "1";

process.exitCode = runSynth(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
