#!/usr/bin/env node
/**
 * Entry point: load the config -> check the spec's rules -> plan -> stacks -> synth.
 * Config problems are printed one per line, without a stack trace, and nothing is written.
 */
import { loadConfig } from "./cli/config-file";
import { ConfigError } from "./constructs/config/problems";
import { runByCdktfCli, synthesize } from "./cli/synth";

process.env.CHECKPOINT_DISABLE ??= "1";

function main(): number {
  try {
    const configs = loadConfig();
    const warnings = synthesize(configs, process.env.CDKTF_OUTDIR ?? "cdktf.out", { keepOrphanedStacks: runByCdktfCli() });
    for (const warning of warnings) process.stderr.write(`${warning}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nNothing was synthesized; the output folder is unchanged.\n`);
      return 1;
    }
    // Anything else is a bug in this project, not in the config: the trace helps a bug report.
    const detail = err instanceof Error ? (process.env.DOMINO_EKS_DEBUG ? err.stack : err.message) : String(err);
    process.stderr.write(`Synth failed: ${detail}\nNothing was synthesized; the output folder is unchanged.\n`);
    if (!process.env.DOMINO_EKS_DEBUG) process.stderr.write("Set DOMINO_EKS_DEBUG=1 to see where it failed.\n");
    return 1;
  }
}

process.exitCode = main();
