#!/usr/bin/env node
/**
 * Entry point: load the config -> check the spec's rules -> plan -> stacks -> synth.
 * Config problems are printed one per line, without a stack trace, and nothing is written.
 */
import { loadConfig } from "./constructs/config/load";
import { ConfigError } from "./constructs/config/problems";
import { synthesize } from "./constructs/synth";

process.env.CHECKPOINT_DISABLE ??= "1";

function main(): number {
  try {
    const configs = loadConfig();
    synthesize(configs, process.env.CDKTF_OUTDIR ?? "cdktf.out");
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nNothing was synthesized; the output folder is unchanged.\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Synth failed: ${message}\nNothing was synthesized; the output folder is unchanged.\n`);
    return 1;
  }
}

process.exitCode = main();
