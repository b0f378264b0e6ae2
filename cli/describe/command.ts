/**
 * `domino-eks describe`: before anyone applies, a summary per deployment of what the synthesized stacks build, with a
 * Mermaid diagram and a rough monthly baseline, written to `<out>/<deployId>.md` (it renders in a pull request).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { planDeployment } from "../../constructs/config/plan";
import { STAGES, stackName, type Stage } from "../../constructs/config/naming";
import { ConfigError } from "../../constructs/config/problems";
import type { JsonObject } from "../../verify/json";
import { findConfigSource, parseConfigSource } from "../config-file";
import { readConfigRecord, recordDrift, recordedSource } from "../config-record";
import type { Io } from "../synth-command";
import { bundledPrices, mergePrices, PriceFileError } from "./cost";
import { deploymentFacts } from "./facts";
import { markdownSummary, terminalSummary } from "./render";

export const DESCRIBE_USAGE = `usage: domino-eks describe [--out DIR] [--prices FILE]

Summarizes each deployment of the last synth (the config recorded in DIR/domino-eks-config.json): zones, subnets and
CIDRs, node groups per pool and zone, NAT gateways, endpoints, buckets, add-ons and their versions, a Mermaid diagram
of the VPC and the four stages, and a rough monthly baseline at list prices. Writes DIR/<deployId>.md and prints a
line per deployment.

  --out DIR       the cdktf output folder (default: $CDKTF_OUTDIR, else cdktf.out)
  --prices FILE   a JSON price table over the bundled one (same fields; instance types are merged)
  -h, --help      print this help and exit

Exit status: 0 written, 2 usage or input error (no synth yet, a bad price file).`;

export function runDescribe(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): number {
  let args: { out?: string; prices?: string; help?: boolean };
  try {
    args = parseArgs({ args: [...argv], options: { out: { type: "string" }, prices: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }).values;
  } catch (error) {
    io.stderr(`describe: ${(error as Error).message}\n\n${DESCRIBE_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(DESCRIBE_USAGE);
    return 0;
  }
  const fail = (message: string) => {
    io.stderr(`describe: ${message}`);
    return 2;
  };
  const outDir = path.resolve(cwd, args.out ?? env.CDKTF_OUTDIR ?? "cdktf.out");
  const record = readConfigRecord(outDir);
  if (!record) return fail(`${outDir} holds no synth record (domino-eks-config.json); run \`domino-eks synth\` first`);
  let prices = bundledPrices();
  if (args.prices !== undefined) {
    const file = path.resolve(cwd, args.prices);
    if (!fs.existsSync(file)) return fail(`--prices: ${args.prices} does not exist`);
    try {
      prices = mergePrices(prices, fs.readFileSync(file, "utf8"), args.prices);
    } catch (error) {
      if (error instanceof PriceFileError) return fail(error.message);
      throw error;
    }
  }
  try {
    const current = findConfigSource(env, cwd);
    const drift = recordDrift(record, current, path.relative(cwd, outDir) || ".");
    if (drift) io.stderr(drift.replace("checking against", "describing"));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  let configs;
  try {
    const source = recordedSource(record);
    configs = parseConfigSource(source);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  for (const config of configs) {
    const plan = planDeployment(config);
    const stacks = Object.fromEntries(
      STAGES.map((stage) => {
        const file = path.join(outDir, "stacks", stackName(config.deployId, stage), "cdk.tf.json");
        return [stage, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as JsonObject) : undefined];
      }),
    ) as Record<Stage, JsonObject | undefined>;
    const missing = STAGES.filter((s) => !stacks[s]);
    if (missing.length > 0) return fail(`${outDir} lacks the ${missing.map((s) => stackName(config.deployId, s)).join(", ")} stack(s); run \`domino-eks synth\` again`);
    const facts = deploymentFacts(plan, stacks);
    const file = path.join(outDir, `${config.deployId}.md`);
    fs.writeFileSync(file, markdownSummary(facts, prices));
    io.stdout(terminalSummary(facts, prices, path.relative(cwd, file)));
  }
  return 0;
}
