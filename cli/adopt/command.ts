/**
 * `domino-eks adopt`: reads the three states of a deployment made with Domino's Terraform and writes the config, the
 * adoption file (import blocks) and the report that take it over in place. Nothing is written unless everything
 * succeeded: the states read, the config derived and accepted by this project's checks, the stacks synthesized with
 * the import blocks.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { Document, isMap, isScalar, type Node, type Pair } from "yaml";
import { ConfigError, formatProblem, type Problem } from "../../constructs/config/problems";
import { STAGES, stackName, type Stage } from "../../constructs/config/naming";
import { dnsNameSchema } from "../../constructs/config/schema";
import type { DeploymentConfig } from "../../constructs/config/deployment-config";
import type { ImportBlock } from "../../constructs/core/imports";
import { buildApp } from "../app";
import { parseConfig } from "../config-file";
import { withoutStackTraces } from "../synth";
import type { Io } from "../synth-command";
import { ADOPTION_FORMAT, renderAdoptionFile, type AdoptionFile } from "./adoption-file";
import { DominoState } from "./domino-state";
import { matchResources, type AttributeRule, type MatchResult, type OurStack } from "./match";
import { loadSchemaSet } from "../../verify/schema/load";
import { classify, renderReport, summarize, type Leftover } from "./report";
import { DOMINO_STAGES, readStateFile, type DominoStage, type StateResource } from "./state";
import { deriveConfig, type KeyComment } from "./to-config";

export const CONFIG_FILE = "domino-eks.yaml";
export const ADOPTION_FILE = "domino-eks.adoption.json";
export const REPORT_FILE = "ADOPTION.md";

export const ADOPT_USAGE = `usage: domino-eks adopt --infra STATE --cluster STATE --nodes STATE --fqdn NAME [--out DIR] [--force]

Takes over a deployment made with Domino's Terraform (dominodatalab/terraform-aws-eks 3.x) in place. Each STATE is
what \`terraform show -json\` or \`terraform state pull\` writes in that stage's folder. Writes into DIR:
  ${CONFIG_FILE}            the config that reproduces the deployment, with a comment where a value needs one
  ${ADOPTION_FILE}   the import blocks (one per existing resource), named by the config's adoption.importsFile
  ${REPORT_FILE}               what is imported per stack, what changes on the first apply, what is left to you
Then run \`domino-eks synth\` in DIR: the stacks carry top-level import blocks.

  --infra STATE     the state of Domino's infra stage
  --cluster STATE   the state of Domino's cluster stage
  --nodes STATE     the state of Domino's nodes stage
  --fqdn NAME       the FQDN Domino is served at (Domino's Terraform does not record it)
  --out DIR         where to write (default: the current folder)
  --force           overwrite files of these names in DIR
  -h, --help        print this help and exit

Exit status: 0 written, 1 a problem with the states (nothing written), 2 usage error.`;

const OPTIONS = {
  infra: { type: "string" },
  cluster: { type: "string" },
  nodes: { type: "string" },
  fqdn: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Everything adopt produces, before anything is written. */
export interface Adoption {
  readonly deployId: string;
  readonly configText: string;
  readonly adoptionFile: AdoptionFile;
  readonly report: string;
  readonly result: MatchResult;
  readonly leftovers: readonly Leftover[];
  readonly summary: ReturnType<typeof summarize>;
  readonly config: DeploymentConfig;
}

export interface AdoptInputs {
  readonly states: Readonly<Record<DominoStage, string>>;
  readonly fqdn: string;
  /** How the report names the state files (defaults to their paths). */
  readonly shownStates?: Readonly<Record<DominoStage, string>>;
}

/** Reads the states and builds the config, adoption file and report; throws a ConfigError with every problem. */
export function adopt(inputs: AdoptInputs): Adoption {
  const problems: Problem[] = [];
  const resources: StateResource[] = [];
  for (const stage of DOMINO_STAGES) {
    const read = readStateFile(inputs.states[stage], stage, `--${stage}`);
    problems.push(...read.problems);
    resources.push(...read.resources);
  }
  if (problems.length > 0) throw new ConfigError("adopt", problems);
  for (const stage of DOMINO_STAGES) {
    const foreign = resources.filter((r) => r.stage === stage && r.mode === "managed" && !r.module.startsWith(STAGE_MODULES[stage]) && !r.module.startsWith("module.irsa"));
    const own = resources.filter((r) => r.stage === stage && r.mode === "managed" && r.module.startsWith(STAGE_MODULES[stage]));
    if (own.length === 0) {
      problems.push({ path: `--${stage}`, message: `holds no resources of ${STAGE_MODULES[stage]}: is it the state of Domino's ${stage} stage? (${foreign.length} other resources)` });
    }
  }
  if (problems.length > 0) throw new ConfigError("adopt", problems);
  const domino = new DominoState(resources);
  problems.push(...oneDeployment(domino));
  if (problems.length > 0) throw new ConfigError("adopt", problems);
  const derived = deriveConfig(domino, { fqdn: inputs.fqdn, importsFile: ADOPTION_FILE });
  if (derived.problems.length > 0) throw new ConfigError("adopt", derived.problems);

  const configText = renderConfig(derived.config, derived.comments, derived.deployId);
  let configs: DeploymentConfig[];
  try {
    configs = parseConfig(configText, `the generated ${CONFIG_FILE}`);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError("adopt", error.problems.map((p) => ({ path: `${CONFIG_FILE} ${p.path}`, message: `${p.message} (a setting of Domino's deployment this project does not accept; change it in Domino's Terraform first, or report it)` })));
    }
    throw error;
  }
  const [config] = configs;
  const stacks = synthStacks(config, []);
  const clusterArn = String(domino.managed("aws_eks_cluster")[0]?.values.arn ?? "").split(":");
  const result = matchResources(domino, stacks, { partition: clusterArn[1] ?? "aws", region: clusterArn[3] ?? config.region, account: clusterArn[4] ?? "" }, clearedIfUnset());
  const extra = helmImports(stacks, derived.config);
  const imports: ImportBlock[] = [...result.matches.map((m) => ({ stage: m.ours.stage, to: m.ours.address, id: m.importId })), ...extra.map(({ stage, to, id }) => ({ stage, to, id }))];
  // Synthesized once more with the imports: the library checks every address, as `domino-eks synth` will.
  synthStacks(config, imports);

  const networkById = !!(derived.config.network as { existingVpc?: unknown } | undefined)?.existingVpc;
  const leftovers = classify(result.unmatched, networkById);
  const stackNames = STAGES.map((s) => stackName(derived.deployId, s));
  const reportInput = {
    deployId: derived.deployId,
    result,
    leftovers,
    notCarried: derived.notCarried,
    stacks: stackNames,
    stackOfStage: (stage: string) => stackName(derived.deployId, stage as Stage),
    extraImports: extra.map((e) => ({ stack: stackName(derived.deployId, e.stage), to: e.to, id: e.id, from: e.from })),
    configFile: CONFIG_FILE,
    importsFile: ADOPTION_FILE,
    stateFiles: inputs.shownStates ?? inputs.states,
    brought: { kms: (derived.config.kms as { keyArn?: string } | undefined)?.keyArn !== undefined },
  };
  const adoptionFile: AdoptionFile = {
    format: ADOPTION_FORMAT,
    deployId: derived.deployId,
    imports: [...result.matches.map((m) => ({ stage: m.ours.stage, to: m.ours.address, id: m.importId, from: m.domino.address })), ...extra],
  };
  return { deployId: derived.deployId, configText, adoptionFile, report: renderReport(reportInput), result, leftovers, summary: summarize(reportInput), config };
}

/** The three states must be one deployment's: its cluster's name in the nodes stage, its VPC and buckets in infra. */
function oneDeployment(state: DominoState): Problem[] {
  const cluster = state.managed("aws_eks_cluster")[0]?.values;
  if (!cluster) return [];
  const name = String(cluster.name);
  const problems: Problem[] = [];
  const others = [...new Set(state.ofStage("nodes").flatMap((r) => (typeof r.values.cluster_name === "string" && r.values.cluster_name !== name ? [r.values.cluster_name] : [])))];
  if (others.length > 0) problems.push({ path: "--nodes", message: `belongs to the cluster ${others.join(", ")}, not to ${name} of --cluster; give the three states of one deployment` });
  const vpcs = [...state.managed("aws_vpc"), ...state.data("aws_vpc")].map((v) => v.values.id);
  const clusterVpc = (Array.isArray(cluster.vpc_config) ? (cluster.vpc_config[0] as Record<string, unknown> | undefined) : undefined)?.vpc_id;
  if (vpcs.length > 0 && clusterVpc !== undefined && !vpcs.includes(clusterVpc)) {
    problems.push({ path: "--infra", message: `holds the VPC ${vpcs.join(", ")}, but the cluster ${name} of --cluster runs in ${String(clusterVpc)}; give the three states of one deployment` });
  }
  const buckets = state.managed("aws_s3_bucket").map((b) => String(b.values.bucket));
  if (buckets.length > 0 && !buckets.some((b) => b.startsWith(`${name}-`))) {
    problems.push({ path: "--infra", message: `holds the buckets ${buckets.slice(0, 3).join(", ")}, none named ${name}-<role> after the cluster of --cluster; give the three states of one deployment` });
  }
  return problems;
}

/**
 * Helm releases Domino's scripts installed outside its states (Calico's Tigera operator), imported by the k8s stage
 * under the release name the config keeps (`<namespace>/<name>`, the helm provider's import id).
 */
function helmImports(stacks: readonly OurStack[], config: Record<string, unknown>): { stage: Stage; to: string; id: string; from: string }[] {
  const release = (config.calico as { releaseName?: string } | undefined)?.releaseName;
  if (!release) return [];
  const k8s = stacks.find((s) => s.stage === "k8s");
  const releases = ((k8s?.json.resource as Record<string, Record<string, Record<string, unknown>>> | undefined)?.helm_release ?? {});
  return Object.entries(releases)
    .filter(([, r]) => r.name === release && typeof r.namespace === "string")
    .map(([name, r]) => ({ stage: "k8s" as const, to: `helm_release.${name}`, id: `${String(r.namespace)}/${release}`, from: `helm release ${String(r.namespace)}/${release} (installed by Domino's k8s-functions.sh)` }));
}

/** From the bundled AWS provider schema: an attribute the configuration leaves out is cleared when it is optional and not computed. */
function clearedIfUnset(): AttributeRule {
  const aws = loadSchemaSet().providers.get("registry.terraform.io/hashicorp/aws");
  return (type, attribute) => {
    const a = aws?.resource_schemas?.[type]?.block.attributes?.[attribute];
    return a !== undefined && a.optional === true && a.computed !== true;
  };
}

const STAGE_MODULES: Readonly<Record<DominoStage, string>> = { infra: "module.infra", cluster: "module.eks", nodes: "module.nodes" };

/** Synthesizes one deployment into a temporary folder and reads its stacks back. */
function synthStacks(config: DeploymentConfig, imports: readonly ImportBlock[]): OurStack[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-adopt-"));
  try {
    withoutStackTraces(() => buildApp([config], dir, () => ({ imports })).app.synth());
    return STAGES.map((stage) => {
      const name = stackName(config.deployId, stage);
      return { stage, name, json: JSON.parse(fs.readFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, unknown> };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The config as YAML with the comments above their keys. */
export function renderConfig(config: Record<string, unknown>, comments: readonly KeyComment[], deployId: string): string {
  const doc = new Document(config);
  doc.commentBefore = [
    ` Adopted from the Terraform state of Domino's deployment ${deployId} by \`domino-eks adopt\`: see ${REPORT_FILE}.`,
    " Review every comment before the first apply; values without one are what Domino's Terraform set.",
  ].join("\n");
  for (const c of comments) {
    const pair = pairAt(doc, c.path);
    if (!pair) continue;
    const key = isScalar(pair.key) ? pair.key : doc.createNode(pair.key);
    key.commentBefore = wrap(c.text, 110).map((l) => ` ${l}`).join("\n");
    pair.key = key;
  }
  return doc.toString({ lineWidth: 0 });
}

function pairAt(doc: Document, keys: readonly string[]): Pair | undefined {
  let node: unknown = doc.contents;
  let found: Pair | undefined;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    found = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) as Pair | undefined;
    if (!found) return undefined;
    node = found.value as Node;
  }
  return found;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Runs `domino-eks adopt`; returns the exit code. */
export function runAdopt(argv: readonly string[], io: Io, cwd: string = process.cwd()): number {
  let args: { infra?: string; cluster?: string; nodes?: string; fqdn?: string; out?: string; force?: boolean; help?: boolean };
  try {
    args = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    io.stderr(`adopt: ${(error as Error).message}\n\n${ADOPT_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(ADOPT_USAGE);
    return 0;
  }
  const missing = (["infra", "cluster", "nodes", "fqdn"] as const).filter((k) => !args[k]);
  if (missing.length > 0) {
    io.stderr(`adopt: missing ${missing.map((k) => `--${k}`).join(", ")}\n\n${ADOPT_USAGE}`);
    return 2;
  }
  const outDir = path.resolve(cwd, args.out ?? ".");
  const targets = [CONFIG_FILE, ADOPTION_FILE, REPORT_FILE].map((f) => path.join(outDir, f));
  try {
    if (!args.force) {
      const present = targets.filter((f) => fs.existsSync(f));
      if (present.length > 0) throw new ConfigError("adopt", present.map((f) => ({ path: "--out", message: `${f} exists; choose another --out folder, or --force to overwrite it` })));
    }
    const fqdn = dnsNameSchema.safeParse(args.fqdn);
    if (!fqdn.success) throw new ConfigError("adopt", [{ path: "--fqdn", message: fqdn.error.issues[0].message }]);
    const states = { infra: path.resolve(cwd, args.infra as string), cluster: path.resolve(cwd, args.cluster as string), nodes: path.resolve(cwd, args.nodes as string) };
    const adoption = withoutStackTraces(() => adopt({ states, fqdn: args.fqdn as string, shownStates: { infra: args.infra as string, cluster: args.cluster as string, nodes: args.nodes as string } }));
    fs.mkdirSync(outDir, { recursive: true });
    writeAll([
      [targets[0], adoption.configText],
      [targets[1], renderAdoptionFile(adoption.adoptionFile)],
      [targets[2], adoption.report],
    ]);
    io.stdout(adoptSummary(adoption, outDir, cwd));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`adopt: ${error.problems.length} problem(s):\n${error.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}\nNothing was written.`);
      return 1;
    }
    io.stderr(`adopt failed: ${error instanceof Error ? error.message : String(error)}\nNothing was written.`);
    return 1;
  }
}

/** Writes every file to a temporary name first, then renames them all: a failure leaves the old files as they were. */
function writeAll(files: readonly (readonly [string, string])[]): void {
  const temps = files.map(([file, text]) => {
    const temp = `${file}.tmp-${process.pid}`;
    fs.writeFileSync(temp, text);
    return [temp, file] as const;
  });
  try {
    for (const [temp, file] of temps) fs.renameSync(temp, file);
  } finally {
    for (const [temp] of temps) fs.rmSync(temp, { force: true });
  }
}

export function adoptSummary(a: Adoption, outDir: string, cwd: string): string {
  const shown = path.relative(cwd, outDir) || ".";
  const s = a.summary;
  const lines = [`Adopted ${a.deployId}: wrote ${path.join(shown, CONFIG_FILE)}, ${path.join(shown, ADOPTION_FILE)} and ${path.join(shown, REPORT_FILE)}.`];
  for (const [stack, n] of Object.entries(s.importsPerStack)) lines.push(`  ${stack.padEnd(Math.max(...Object.keys(s.importsPerStack).map((k) => k.length)))}  ${String(n).padStart(4)} imported  ${String(s.createdPerStack[stack] ?? 0).padStart(4)} created new`);
  const counts = (kind: Leftover["kind"]) => a.leftovers.filter((l) => l.kind === kind).length;
  lines.push(
    `  stateful resources replaced: ${s.statefulReplaced.length}; stateful resources left unmanaged: ${s.statefulLeftovers.length}`,
    `  other resources replaced on the first apply: ${s.replaced.length - s.statefulReplaced.length}; changed in place: ${s.inPlace}`,
    `  not managed here: ${a.leftovers.length} (network used by id ${counts("network")}, node groups to drain ${counts("node-groups")}, autoscaler tags ${counts("asg-tags")}, no counterpart ${counts("no-counterpart")}, Terraform-side ${counts("terraform-only")}, stateful ${counts("stateful")})`,
  );
  for (const m of s.replaced) lines.push(`  REPLACED: ${m.ours.stack} ${m.ours.address} (${m.changes.filter((c) => c.replaces).map((c) => c.attribute).join(", ")})`);
  lines.push(`Next: read ${path.join(shown, REPORT_FILE)}, then \`domino-eks synth\` in ${shown} and \`terraform plan\` each stage before any apply.`);
  return lines.join("\n");
}
