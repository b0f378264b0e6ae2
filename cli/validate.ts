/**
 * `npm run validate`: verifies cdktf.out offline. Exit codes: 0 clean, 1 problems found, 2 usage or input error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { findConfigSource, loadConfig, parseConfigSource, type ConfigSource } from "./config-file";
import { readConfigRecord, recordDrift, recordedSource } from "./config-record";
import { ConfigError } from "../constructs/config/problems";
import { verifyOptionsFromConfig, type ConfigVerifyOptions } from "./validate-config";
import { formatReport } from "../verify/report";
import { parsePortSpec, PortRange } from "../verify/security/ports";
import { formatRuleList } from "../verify/security/rules";
import { VerifyInputError } from "../verify/stacks";
import { DEFAULT_OUT_DIR, isClean, runVerify, VerifyOptions } from "../verify/verify";
import { readWaiversFile } from "../verify/waivers-file";
import { loadSchemaSet } from "../verify/schema/load";
import { readSynthesizedStacks } from "../verify/stacks";
import { formatReport as formatTerraformReport, runTerraformChecks, type TerraformRunReport } from "./terraform/run";
import { findMirror, findTerraform, TerraformSetupError } from "./terraform/setup";

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress lines (a terminal's stderr); none when undefined. */
  readonly progress?: (text: string) => void;
}

const USAGE = `usage: domino-eks validate [options]        (npm run validate -- [options] is the same)

Checks cdktf.out/stacks/*/cdk.tf.json against the provider schemas and the security rules.

  --out DIR                       cdktf output directory (default ${DEFAULT_OUT_DIR})
  --schema FILE                   \`terraform providers schema -json\` output (plain or gzipped); replaces the
                                  bundled schema of each provider it contains (repeatable)
  --waivers FILE                  JSON {"<stack>": [{"rule", "reason", "resource"?}], "*": [...]}; added to the
                                  waivers of the deployment config: the one synth recorded in DIR
                                  (domino-eks-config.json), else DOMINO_EKS_CONFIG or ./domino-eks.yaml
  --no-config                     ignore the deployment config's waivers
  --allow-public-ingress PORTS    ports open to 0.0.0.0/0 and ::/0, e.g. 443 or 80,443 or 30000-32767 (repeatable)
  --rule ID                       also run a rule that is off by default (none is today; repeatable)
  --min-log-retention-days DAYS   shortest accepted CloudWatch log retention (default 365)
  --json                          print the report as JSON
  --list-rules                    print the security rules and exit
  --terraform                     also run terraform validate and a mock plan (terraform test with mocked providers,
                                  no credentials) on every stack, with the terraform on PATH and the providers it
                                  installs (terraform init with your CLI configuration)
  --mirror DIR                    with --terraform: install providers only from this filesystem mirror, and rewrite
                                  a provider version it lacks to the one it has (differences are version skew)
  --jobs N                        with --terraform: stacks checked at a time (default 2)
  -h, --help                      print this help and exit

Exit status: 0 no problems, 1 problems found, 2 usage or input error.`;

const OPTIONS = {
  out: { type: "string" },
  schema: { type: "string", multiple: true },
  waivers: { type: "string" },
  "no-config": { type: "boolean" },
  "allow-public-ingress": { type: "string", multiple: true },
  rule: { type: "string", multiple: true },
  "min-log-retention-days": { type: "string" },
  json: { type: "boolean" },
  "list-rules": { type: "boolean" },
  terraform: { type: "boolean" },
  mirror: { type: "string" },
  jobs: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type ParsedArgs = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false; strict: true }>>["values"];

function parseCommandLine(argv: readonly string[]): ParsedArgs {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new VerifyInputError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function allowedPorts(values: readonly string[] | undefined): PortRange[] {
  return (values ?? []).flatMap((value) => value.split(",")).map(parsePortSpec);
}

/**
 * The config's waivers and user ARNs. The config is the one synth recorded in the output folder (cli/config-record.ts)
 * when there is a record, with a note when the config the environment names now differs; else the file synth would
 * read now. A config with problems is an input error.
 */
function fromConfig(outDir: string, io: CliIo): ConfigVerifyOptions {
  try {
    const record = readConfigRecord(outDir);
    if (!record) return verifyOptionsFromConfig(loadConfig());
    let current: ConfigSource | undefined;
    try {
      current = findConfigSource();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
    const drift = current ? recordDrift(record, current, outDir) : `note: checking against ${record.config}, the config ${outDir} was synthesized from; the current config cannot be read.`;
    if (drift) io.stderr(drift);
    const source = recordedSource(record);
    return verifyOptionsFromConfig(parseConfigSource(source));
  } catch (error) {
    if (error instanceof ConfigError) throw new VerifyInputError(error.message);
    throw error;
  }
}

function retentionDays(value: string | undefined): { minLogRetentionDays?: number } {
  if (value === undefined) return {};
  if (!/^\d+$/.test(value)) throw new VerifyInputError(`invalid --min-log-retention-days: "${value}" (expected a number of days)`);
  return { minLogRetentionDays: Number(value) };
}

function verifyOptions(args: ParsedArgs, io: CliIo): VerifyOptions {
  const file = args.waivers === undefined ? undefined : readWaiversFile(args.waivers);
  const config = args["no-config"] ? { waiversByStack: {}, userArnsByStack: {} } : fromConfig(args.out ?? DEFAULT_OUT_DIR, io);
  const stacks = new Set([...Object.keys(config.waiversByStack), ...Object.keys(file?.waiversByStack ?? {})]);
  const waiversByStack = Object.fromEntries(
    [...stacks].map((stack) => [stack, [...(config.waiversByStack[stack] ?? []), ...(file?.waiversByStack[stack] ?? [])]]),
  );
  return {
    outDir: args.out ?? DEFAULT_OUT_DIR,
    schemaFiles: args.schema ?? [],
    waivers: file?.waivers,
    waiversByStack,
    userArnsByStack: config.userArnsByStack,
    allowedIngressPorts: allowedPorts(args["allow-public-ingress"]),
    enableRules: (args.rule ?? []).flatMap((value) => value.split(",")).map((id) => id.trim()),
    parameters: retentionDays(args["min-log-retention-days"]),
  };
}

/** Runs the CLI without --terraform; returns the exit code instead of exiting, so tests can call it. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseCommandLine(argv);
    if (args.terraform) throw new VerifyInputError("--terraform runs terraform asynchronously: call runCli()");
    return offline(args, io).code;
  } catch (error) {
    if (!(error instanceof VerifyInputError)) throw error;
    io.stderr(`validate: ${error.message}`);
    return EXIT_USAGE;
  }
}

/** The offline checks; with `print` false the caller prints (the JSON of --json --terraform is one document). */
function offline(args: ParsedArgs, io: CliIo, print = true): { code: number; json?: object } {
  if (args.help) {
    io.stdout(USAGE);
    return { code: EXIT_OK };
  }
  if (args["list-rules"]) {
    io.stdout(formatRuleList());
    return { code: EXIT_OK };
  }
  // A progress line per stack on a terminal; piped or captured output gets the report alone.
  const onStack = !args.json && io.progress ? (stack: string, i: number, n: number) => io.progress?.(`[${i}/${n}] checking ${stack}`) : undefined;
  const report = runVerify({ ...verifyOptions(args, io), ...(onStack ? { onStack } : {}) });
  const json = { ok: isClean(report), ...report };
  if (print || !args.json) io.stdout(args.json ? JSON.stringify(json, null, 2) : formatReport(report));
  return { code: isClean(report) ? EXIT_OK : EXIT_PROBLEMS, json };
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return 2;
  if (!/^[1-9][0-9]*$/.test(value)) throw new VerifyInputError(`--jobs: expected a positive whole number, got ${JSON.stringify(value)}`);
  return parseInt(value, 10);
}

/** terraform validate and mock plans of the output folder's stacks (./terraform/run.ts, as npm run terraform-check). */
async function terraformChecks(args: ParsedArgs, io: CliIo, env: NodeJS.ProcessEnv): Promise<TerraformRunReport> {
  const outDir = args.out ?? DEFAULT_OUT_DIR;
  const jobs = parseJobs(args.jobs);
  const terraform = findTerraform(env);
  const mirror = args.mirror === undefined ? undefined : findMirror(args.mirror, env);
  const stacks = readSynthesizedStacks(outDir);
  const progress = args.json ? () => undefined : io.stdout;
  progress(`\nterraform ${terraform.version} (${terraform.path}), providers ${mirror ? `from the mirror ${mirror}` : "as terraform init installs them"}, ${jobs} job(s)`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-validate-terraform-"));
  try {
    const label = path.basename(path.resolve(outDir));
    return await runTerraformChecks([{ label, outDir, stacks }], { terraform, mirror, jobs, workDir, bundled: loadSchemaSet(), env, progress });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The command line, --terraform included; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const args = parseCommandLine(argv);
    if (!args.terraform || args.help || args["list-rules"]) {
      if (!args.terraform && (args.mirror !== undefined || args.jobs !== undefined)) throw new VerifyInputError("--mirror and --jobs go with --terraform");
      return offline(args, io).code;
    }
    const first = offline(args, io, false);
    const report = await terraformChecks(args, io, env);
    const failed = report.results.some((r) => r.status === "failed");
    if (args.json) {
      io.stdout(JSON.stringify({ ...first.json, ok: first.code === EXIT_OK && !failed, terraform: report }, null, 2));
    } else {
      io.stdout(formatTerraformReport(report).join("\n"));
    }
    return first.code !== EXIT_OK || failed ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    if (!(error instanceof VerifyInputError) && !(error instanceof TerraformSetupError)) throw error;
    io.stderr(`validate: ${error.message}`);
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
