/**
 * `npm run bench`: wall time and peak memory of synth (default deployment, 1/5/10 deployments with 10 extra pools each),
 * of the `cdktf synth` command, and of the whole `npm test`. Prints a table and writes bench-results.json.
 * Runs on the compiled app (dist/), as users' CI does.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/main.js");
const BIN = path.join(ROOT, "bin/domino-eks.js");
const RSS_HOOK = path.join(ROOT, "dist/scripts/report-rss.js");

interface Sample {
  readonly seconds: number;
  readonly peakBytes: number;
}

interface Row {
  readonly name: string;
  readonly runs: number;
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly medianPeakMB: number;
  readonly target?: string;
  readonly resources?: number;
  readonly stacks?: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function summarize(name: string, samples: readonly Sample[], extra: Partial<Row> = {}): Row {
  const secs = samples.map((s) => s.seconds);
  return {
    name,
    runs: samples.length,
    medianSeconds: round(median(secs)),
    minSeconds: round(Math.min(...secs)),
    maxSeconds: round(Math.max(...secs)),
    medianPeakMB: Math.round(median(samples.map((s) => s.peakBytes)) / 2 ** 20),
    ...extra,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** One run of a node script; peak memory from the process itself. `env` overrides the environment (undefined unsets). */
function nodeOnce(args: readonly string[], cwd: string, env: Readonly<Record<string, string | undefined>> = {}): Sample {
  const rssFile = path.join(cwd, "rss");
  const merged: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", BENCH_RSS_FILE: rssFile, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["-r", RSS_HOOK, ...args], { cwd, env: merged, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return { seconds, peakBytes: Number(fs.readFileSync(rssFile, "utf8")) };
}

/** A cdktf app with one empty stack: what the cdktf CLI costs on its own, the floor of any `cdktf synth`. */
function writeFloorApp(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const cdktf = JSON.stringify(path.join(ROOT, "node_modules", "cdktf"));
  fs.writeFileSync(path.join(dir, "app.js"), `const { App, TerraformStack } = require(${cdktf});\nconst app = new App();\nnew TerraformStack(app, "empty");\napp.synth();\n`);
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: `"${process.execPath}" app.js`, terraformProviders: [], terraformModules: [] }));
}

/** One run of the compiled app in a scratch folder; peak memory from the process itself. */
function synthOnce(configFile: string | undefined, cwd: string): Sample {
  return nodeOnce([MAIN], cwd, { CDKTF_OUTDIR: undefined, DOMINO_EKS_CONFIG: configFile });
}

function countResources(outdir: string): { stacks: number; resources: number; perStack: Record<string, number> } {
  const perStack: Record<string, number> = {};
  for (const stack of fs.readdirSync(path.join(outdir, "stacks"))) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const count = (block: Record<string, Record<string, unknown>> | undefined) =>
      Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    perStack[stack] = count(json.resource) + count(json.data);
  }
  return { stacks: Object.keys(perStack).length, resources: Object.values(perStack).reduce((a, b) => a + b, 0), perStack };
}

/** `deployments` deployments, each with 10 extra compute pools. */
export function largeConfig(deployments: number, extraPools = 10): string {
  const lines = ["deployments:"];
  for (let d = 0; d < deployments; d++) {
    // 3 spec pools and 10 compute pools in 3 zones make 37 node groups: past EKS's default quota of 30, as a raised quota allows.
    lines.push(`  - deployId: bench-${d}`, `    fqdn: domino-${d}.bench.example.com`, "    quotas: {managedNodeGroupsPerCluster: 100}", "    nodePools:");
    for (let p = 0; p < extraPools; p++) lines.push(`      pool-${p}: {instanceTypes: [m5.${p % 2 ? "4" : "2"}xlarge], maxSize: 10}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Sums the resident memory of a process and its descendants from /proc (Linux), for multi-process runs. */
function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we read
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

function runTree(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 100);
    child.on("close", (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${command} ${args.join(" ")} failed:\n${output.slice(-4000)}`));
      else resolve({ seconds, peakBytes: peak });
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, def: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const runs = option("--runs", 5);
  const testRuns = option("--test-runs", 3);
  const out = path.resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : "bench-results.json");
  if (!fs.existsSync(MAIN)) throw new Error("dist/ is missing: run `npm run build` first (npm run bench does)");

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-bench-"));
  const rows: Row[] = [];
  const log = (row: Row) => {
    rows.push(row);
    process.stderr.write(`  ${row.name}: ${row.medianSeconds}s, ${row.medianPeakMB} MB\n`);
  };

  // Node's own start-up, the yardstick of the synth target, measured in the same run and in turn with the synth (node,
  // synth, node, synth, ...): on a shared machine whose speed drifts, each pair ran at about the same speed.
  synthOnce(undefined, scratch); // warm-up: the first run after a build writes the bundle's code cache
  const nodeSamples: Sample[] = [];
  const defaultSamples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    nodeSamples.push(nodeOnce(["-e", "0"], scratch));
    defaultSamples.push(synthOnce(undefined, scratch));
  }
  log(summarize("node start-up (node -e 0)", nodeSamples));
  const nodeStart = median(nodeSamples.map((s) => s.seconds));
  const counts = countResources(path.join(scratch, "cdktf.out"));
  log(summarize("synth: default deployment", defaultSamples, { target: `< 5x node start-up (${(5 * nodeStart).toFixed(2)} s)`, ...counts }));

  nodeOnce([BIN, "validate"], scratch);
  const validateSamples = Array.from({ length: runs }, () => nodeOnce([BIN, "validate"], scratch));
  log(summarize("domino-eks validate (default deployment, sources unchanged)", validateSamples, { target: "< 1 s" }));

  for (const n of [1, 5, 10]) {
    const file = path.join(scratch, `large-${n}.yaml`);
    fs.writeFileSync(file, largeConfig(n));
    const samples = Array.from({ length: runs }, () => synthOnce(file, scratch));
    const c = countResources(path.join(scratch, "cdktf.out"));
    log(summarize(`synth: ${n} deployment(s) x 10 extra pools`, samples, { target: n === 10 ? "< 5 s" : undefined, stacks: c.stacks, resources: c.resources }));
  }

  // The project's own cdktf.json, as users run it: scripts/app.js (tsc only when a source changed) and the app.
  const cliOut = path.join(scratch, "cli.out");
  const cliEnv = { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" };
  const cli = path.join(ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf");
  const floorDir = path.join(scratch, "floor");
  writeFloorApp(floorDir);
  // The floor and the project in turn, as node and synth above.
  const floorSamples: Sample[] = [];
  const cliSamples: Sample[] = [];
  for (let i = 0; i < Math.min(runs, 3); i++) {
    floorSamples.push(await runTree(process.execPath, [cli, "synth", "--output", path.join(floorDir, "out")], floorDir, cliEnv));
    cliSamples.push(await runTree(process.execPath, [cli, "synth", "--output", cliOut], ROOT, cliEnv));
  }
  log(summarize("cdktf synth floor (an app with one empty stack)", floorSamples));
  const floor = median(floorSamples.map((s) => s.seconds));
  log(summarize("cdktf synth (project cdktf.json)", cliSamples, { target: `< 1.2x the floor (${(1.2 * floor).toFixed(2)} s)` }));

  const testSamples: Sample[] = [];
  for (let i = 0; i < testRuns; i++) testSamples.push(await runTree("npm", ["test", "--silent"], ROOT, { ...process.env, CHECKPOINT_DISABLE: "1" }));
  if (testRuns > 0) log(summarize("npm test (tsc + jest)", testSamples, { target: "< 60 s" }));

  const synthRow = rows.find((r) => r.name === "synth: default deployment")!;
  const cliRow = rows.find((r) => r.name === "cdktf synth (project cdktf.json)")!;
  // The median of the pairs' ratios as well as the ratio of the medians: under a drifting load the first is the steadier.
  const pairs = (a: readonly Sample[], b: readonly Sample[]) => round(median(a.map((s, i) => s.seconds / b[i].seconds)));
  const ratios = {
    synthOverNodeStartup: round(synthRow.medianSeconds / nodeStart),
    synthOverNodeStartupPairwise: pairs(defaultSamples, nodeSamples),
    cdktfSynthOverFloor: round(cliRow.medianSeconds / floor),
    cdktfSynthOverFloorPairwise: pairs(cliSamples, floorSamples),
  };
  const perResource = synthRow.resources ? round((synthRow.medianSeconds / synthRow.resources) * 1000) : undefined;
  const result = {
    machine: { cpus: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    date: new Date().toISOString(),
    rows,
    defaultDeploymentResourcesPerStack: counts.perStack,
    ratios,
    millisecondsPerResource: perResource,
  };
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${table(rows)}\nresources per stack (default deployment): ${JSON.stringify(counts.perStack)}\n`);
  process.stdout.write(
    `default synth / node start-up: ${ratios.synthOverNodeStartup}x, pair by pair ${ratios.synthOverNodeStartupPairwise}x (target 5x); ` +
      `cdktf synth / its floor: ${ratios.cdktfSynthOverFloor}x, pair by pair ${ratios.cdktfSynthOverFloorPairwise}x (target 1.2x)\n`,
  );
  process.stdout.write(`wrote ${out}\n`);
  fs.rmSync(scratch, { recursive: true, force: true });
}

function table(rows: readonly Row[]): string {
  const head = ["what", "runs", "median s", "min-max s", "peak MB", "stacks", "resources + data", "target"];
  const body = rows.map((r) => [
    r.name, String(r.runs), r.medianSeconds.toFixed(2), `${r.minSeconds.toFixed(2)}-${r.maxSeconds.toFixed(2)}`,
    String(r.medianPeakMB), r.stacks === undefined ? "" : String(r.stacks), r.resources === undefined ? "" : String(r.resources), r.target ?? "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
