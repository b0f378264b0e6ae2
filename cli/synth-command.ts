/**
 * `domino-eks synth` (and the app command of cdktf.json): load the config, check it, synthesize, and say what was
 * written. Config problems are printed one per line, without a stack trace, and nothing is written.
 */
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError } from "../constructs/config/problems";
import { readImports } from "./adopt/adoption-file";
import { CONFIG_ENV, findConfigSource, parseConfigSource } from "./config-file";
import { CONFIG_RECORD_FILE, type ConfigRecord, readConfigRecord } from "./config-record";
import { runByCdktfCli, synthesize } from "./synth";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const SYNTH_USAGE = `usage: domino-eks synth [--config FILE] [--out DIR] [--locks DIR] [--quiet]

Reads the deployment config, checks it, and writes one Terraform stack per deployment and stage into the output
folder (cdktf.out/stacks/<deployId>-<stage>). On a config problem nothing is written.

  --config FILE   the config file (default: $${CONFIG_ENV}, else ./domino-eks.yaml or ./domino-eks.yml, else the
                  embedded default, the spec's reference deployment)
  --out DIR       the output folder (default: $CDKTF_OUTDIR, else cdktf.out)
  --locks DIR     committed Terraform lock files, <stack>.terraform.lock.hcl, each copied into its stack's folder as
                  .terraform.lock.hcl (default: ./locks, when it exists)
  --quiet         print nothing on success
  -h, --help      print this help and exit

Exit status: 0 synthesized, 1 config problems or a failed synth, 2 usage error.`;

const OPTIONS = {
  config: { type: "string" },
  out: { type: "string" },
  locks: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What synth prints on success: the config it read, each stack with its resource count, and the next step. */
export function synthSummary(record: ConfigRecord, outDir: string): string {
  const lines = [`Read ${record.config} (sha256 ${record.sha256.slice(0, 12)}): ${record.deployments.length} deployment(s).`];
  const width = Math.max(...record.deployments.flatMap((d) => d.stacks.map((s) => path.join(outDir, "stacks", s.name).length)));
  for (const d of record.deployments) {
    lines.push(`  ${d.deployId} (${d.region})`);
    for (const s of d.stacks) lines.push(`    ${path.join(outDir, "stacks", s.name).padEnd(width)}  ${String(s.resources).padStart(4)} resources`);
  }
  const first = record.deployments[0]?.stacks[0]?.name;
  lines.push(
    `Recorded in ${path.join(outDir, CONFIG_RECORD_FILE)}.`,
    "Next: review the JSON, check it offline with `domino-eks validate`, then apply the stages in order (infra, cluster, nodes, k8s),",
    `e.g. terraform -chdir=${path.join(outDir, "stacks", first ?? "<stack>")} init && terraform -chdir=${path.join(outDir, "stacks", first ?? "<stack>")} plan`,
  );
  return lines.join("\n");
}

/** Runs synth; returns the exit code. `env` supplies DOMINO_EKS_CONFIG and CDKTF_OUTDIR. */
export function runSynth(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): number {
  let args: { config?: string; out?: string; locks?: string; quiet?: boolean; help?: boolean };
  try {
    args = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    io.stderr(`synth: ${(error as Error).message}\n\n${SYNTH_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(SYNTH_USAGE);
    return 0;
  }
  const outDir = args.out ?? env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    const source = findConfigSource(args.config === undefined ? env : { ...env, [CONFIG_ENV]: args.config }, cwd);
    const configs = parseConfigSource(source);
    const imports = readImports(configs, source.text === undefined ? undefined : source.name, cwd);
    const locksDir = path.resolve(cwd, args.locks ?? "locks");
    const warnings = synthesize(configs, path.resolve(cwd, outDir), { keepOrphanedStacks: runByCdktfCli(env), source, locksDir, imports });
    for (const warning of warnings) io.stderr(warning);
    const record = readConfigRecord(path.resolve(cwd, outDir));
    if (!args.quiet && record) io.stdout(synthSummary(record, outDir));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`${err.message}\nNothing was synthesized; the output folder is unchanged.`);
      return 1;
    }
    // Anything else is a bug in this project, not in the config: the trace helps a bug report.
    const detail = err instanceof Error ? (env.DOMINO_EKS_DEBUG ? err.stack : err.message) : String(err);
    io.stderr(`Synth failed: ${detail}\nNothing was synthesized; the output folder is unchanged.`);
    if (!env.DOMINO_EKS_DEBUG) io.stderr("Set DOMINO_EKS_DEBUG=1 to see where it failed.");
    return 1;
  }
}
