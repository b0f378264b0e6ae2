/**
 * The adoption report: what is imported into which stack, what changes on the first apply (replacements loudly),
 * which of Domino's resources this project does not manage and what to do with each, and the hand-over commands.
 */
import type { Change, Match, MatchResult, OurResource } from "./match";
import type { DominoStage, StateResource } from "./state";
import type { NotCarried } from "./to-config";

/** Types whose objects hold data or identity: never replaced, never left to be destroyed. */
export const STATEFUL_TYPES = new Set([
  "aws_s3_bucket", "aws_kms_key", "aws_efs_file_system", "aws_efs_access_point", "aws_backup_vault", "aws_ecr_repository",
  "aws_eks_cluster", "aws_cloudwatch_log_group", "aws_vpc", "aws_subnet", "aws_fsx_ontap_file_system", "aws_fsx_ontap_volume",
  "aws_secretsmanager_secret", "aws_glue_catalog_database", "aws_cur_report_definition",
]);

/** Terraform-side resources: nothing of them exists in AWS. */
const TERRAFORM_ONLY = new Set(["terraform_data", "null_resource", "local_file", "random_integer", "random_string", "random_password", "time_sleep", "tls_private_key"]);

/** Node groups and their launch templates this project does not adopt: replaced, drained and deleted after. */
const NODE_GROUP_TYPES = new Set(["aws_eks_node_group", "aws_launch_template"]);

export type LeftoverKind = "network" | "node-groups" | "asg-tags" | "stateful" | "terraform-only" | "no-counterpart";

export interface Leftover {
  readonly resource: StateResource;
  readonly kind: LeftoverKind;
}

/** Domino's network module, and the endpoint security group rules its cluster stage adds. */
function isNetwork(r: StateResource): boolean {
  return r.module.includes("module.network") || (r.type === "aws_security_group_rule" && /^(ecr|s3)_endpoint$/.test(r.name));
}

export function classify(unmatched: readonly StateResource[], networkById: boolean): Leftover[] {
  return unmatched.map((resource) => {
    const { type } = resource;
    if (TERRAFORM_ONLY.has(type)) return { resource, kind: "terraform-only" };
    if (networkById && isNetwork(resource)) return { resource, kind: "network" };
    if (STATEFUL_TYPES.has(type)) return { resource, kind: "stateful" };
    if (NODE_GROUP_TYPES.has(type)) return { resource, kind: "node-groups" };
    if (type === "aws_autoscaling_group_tag") return { resource, kind: "asg-tags" };
    return { resource, kind: "no-counterpart" };
  });
}

export interface ReportInput {
  readonly deployId: string;
  readonly result: MatchResult;
  readonly leftovers: readonly Leftover[];
  readonly notCarried: readonly NotCarried[];
  readonly stacks: readonly string[];
  readonly stackOfStage: (stage: string) => string;
  /** Imports of objects Domino's scripts made outside its states (Calico's Helm release). */
  readonly extraImports: readonly { readonly stack: string; readonly to: string; readonly id: string; readonly from: string }[];
  readonly configFile: string;
  readonly importsFile: string;
  readonly stateFiles: Readonly<Record<DominoStage, string>>;
  /** What the deployment brings rather than creates. */
  readonly brought: { readonly kms: boolean };
}

export interface AdoptionSummary {
  readonly importsPerStack: Readonly<Record<string, number>>;
  readonly createdPerStack: Readonly<Record<string, number>>;
  readonly replaced: readonly Match[];
  readonly statefulReplaced: readonly Match[];
  readonly statefulLeftovers: readonly Leftover[];
  readonly inPlace: number;
}

export function summarize(input: ReportInput): AdoptionSummary {
  const importsPerStack: Record<string, number> = Object.fromEntries(input.stacks.map((s) => [s, 0]));
  const createdPerStack: Record<string, number> = Object.fromEntries(input.stacks.map((s) => [s, 0]));
  for (const m of input.result.matches) importsPerStack[m.ours.stack] = (importsPerStack[m.ours.stack] ?? 0) + 1;
  for (const e of input.extraImports) importsPerStack[e.stack] = (importsPerStack[e.stack] ?? 0) + 1;
  const extra = new Set(input.extraImports.map((e) => `${e.stack}/${e.to}`));
  for (const r of input.result.created) if (!extra.has(`${r.stack}/${r.address}`)) createdPerStack[r.stack] = (createdPerStack[r.stack] ?? 0) + 1;
  const replaced = input.result.matches.filter((m) => m.changes.some((c) => c.replaces));
  return {
    importsPerStack,
    createdPerStack,
    replaced,
    statefulReplaced: replaced.filter((m) => STATEFUL_TYPES.has(m.domino.type)),
    statefulLeftovers: input.leftovers.filter((l) => l.kind === "stateful"),
    inPlace: input.result.matches.filter((m) => m.changes.length > 0 && !m.changes.some((c) => c.replaces)).length,
  };
}

const KIND_TEXT: Readonly<Record<LeftoverKind, { title: string; action: string }>> = {
  stateful: {
    title: "STATEFUL, not managed here: keep",
    action: "These hold data. Remove them from Domino's state only (`terraform state rm` deletes nothing in AWS); never destroy them. Manage them by hand or with Terraform of your own.",
  },
  network: {
    title: "Domino's network, used by id (network.existingVpc)",
    action: "The VPC, subnets, gateways, route tables, endpoints and flow log stay as they are; this project refers to the VPC and subnets by id and does not manage them. Remove them from Domino's state, or keep a trimmed copy of Domino's infra state for them alone.",
  },
  "node-groups": {
    title: "Domino's node groups: replaced by this project's",
    action: "The nodes stage creates this project's node groups beside these. Once they run, drain these groups' nodes (`kubectl drain`), delete the groups (`aws eks delete-nodegroup --cluster-name <cluster> --nodegroup-name <name>`), and remove them, their launch templates and their Auto Scaling group tags from Domino's state.",
  },
  "asg-tags": {
    title: "The cluster autoscaler's tags on the node groups' Auto Scaling groups",
    action: "The tags stay on the Auto Scaling groups; this project's nodes stage writes its own (labels, taints, zone) on the same groups. Remove these from Domino's state.",
  },
  "terraform-only": {
    title: "Terraform-side only",
    action: "Nothing of these exists in AWS (scripts, local files, timers). Remove them from Domino's state.",
  },
  "no-counterpart": {
    title: "No counterpart here",
    action: "This project does the same differently (IRSA roles instead of node-role policies, one node-to-node rule, Session Manager instead of SSH) or not at all. Remove them from Domino's state; then delete each in AWS once nothing uses it (detach IAM policies before deleting them; revoke the security group rules; release the bastion's Elastic IP).",
  },
};

export function renderReport(input: ReportInput): string {
  const s = summarize(input);
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(`# Adopting ${input.deployId} from Domino's Terraform`, "");
  push(`Written by \`domino-eks adopt\` from the states of Domino's stages (infra: ${input.stateFiles.infra}, cluster: ${input.stateFiles.cluster}, nodes: ${input.stateFiles.nodes}).`);
  push(`The config is ${input.configFile}; the import blocks are in ${input.importsFile}, which the config names (adoption.importsFile).`, "");

  push("## Resources adopted per stack", "", "| Stack | Imported | Created new | Changed in place | Replaced |", "|---|---:|---:|---:|---:|");
  for (const stack of input.stacks) {
    const inStack = input.result.matches.filter((m) => m.ours.stack === stack);
    push(`| ${stack} | ${s.importsPerStack[stack] ?? 0} | ${s.createdPerStack[stack] ?? 0} | ${inStack.filter((m) => m.changes.length > 0 && !m.changes.some((c) => c.replaces)).length} | ${inStack.filter((m) => m.changes.some((c) => c.replaces)).length} |`);
  }
  for (const e of input.extraImports) push("", `${e.stack} also imports ${e.to} (id \`${e.id}\`): the ${e.from}.`);
  push("", `Stateful resources of Domino's state: ${countStateful(input)} imported, ${s.statefulReplaced.length} to be replaced, ${s.statefulLeftovers.length} left unmanaged.`, "");

  push("## Replaced on the first apply", "");
  if (s.replaced.length === 0) push("Nothing: every imported resource is kept (updated in place where its settings change).", "");
  for (const m of s.replaced) {
    const stateful = STATEFUL_TYPES.has(m.domino.type);
    push(`- ${stateful ? "**STATEFUL: DATA LOSS** " : ""}**${m.ours.stack}: ${m.ours.address}** (Domino: \`${m.domino.address}\`) is REPLACED because of ${m.changes.filter((c) => c.replaces).map(describeChange).join("; ")}`);
  }
  if (s.replaced.length > 0) push("", "Each of these is destroyed and created again. The plan must show exactly these replacements and no others.", "");

  push("## Changed in place on the first apply", "");
  const inPlace = input.result.matches.filter((m) => m.changes.length > 0 && !m.changes.some((c) => c.replaces));
  const known = inPlace.filter((m) => m.changes.some((c) => !c.unknown));
  if (known.length === 0) push("Nothing.", "");
  for (const m of known) push(`- ${m.ours.stack}: ${m.ours.address}: ${m.changes.filter((c) => !c.unknown).map(describeChange).join("; ")}`);
  const later = inPlace.filter((m) => m.changes.some((c) => c.unknown));
  if (later.length > 0) {
    push("", "### Set from values known only at plan or after apply", "");
    push("These take a value from a data source (policy documents, AMI ids) or from a resource created new (the IRSA roles): the plan shows whether they change; review each, above all the policies (the KMS key policy, bucket policies, trust policies), against what Domino's Terraform granted.", "");
    for (const m of later) push(`- ${m.ours.stack}: ${m.ours.address}: ${m.changes.filter((c) => c.unknown).map((c) => c.attribute).join(", ")}`);
  }
  push("", "Tags are not listed: resources take this config's `tags` (and the Name tags of this project) on the first apply.");
  if (inPlace.some((m) => m.ours.type === "aws_launch_template")) {
    push("A changed launch template gets a new version, and its node groups move to it: EKS replaces their nodes within each group's updateConfig (the groups themselves stay). Terraform updates the groups at once, so every pool rolls together, the platform pool's groups too: apply the nodes stage with `-parallelism=1` to roll one group at a time, when Domino's workloads can be rescheduled.");
  }
  push("");

  push("## Created new", "", "Resources of this project that Domino's Terraform did not make (created by the first apply):", "");
  const extraAddresses = new Set(input.extraImports.map((e) => `${e.stack}/${e.to}`));
  for (const stack of input.stacks) {
    const created = input.result.created.filter((r) => r.stack === stack && !extraAddresses.has(`${r.stack}/${r.address}`));
    if (created.length > 0) push(`- ${stack} (${created.length}): ${summarizeTypes(created)}`);
  }
  push("");

  push("## Resources of Domino's state not managed here", "");
  const byKind = new Map<LeftoverKind, Leftover[]>();
  for (const l of input.leftovers) byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l]);
  for (const kind of ["stateful", "network", "node-groups", "asg-tags", "no-counterpart", "terraform-only"] as const) {
    const list = byKind.get(kind) ?? [];
    if (list.length === 0) continue;
    push(`### ${KIND_TEXT[kind].title} (${list.length})`, "", KIND_TEXT[kind].action, "");
    for (const l of list) push(`- \`${l.resource.address}\` (${l.resource.stage})${describeLeftover(l.resource)}`);
    push("");
  }

  push("## Check before the first apply", "");
  push(
    "- The nodes stage creates the EBS and EFS CSI drivers as EKS add-ons (conflicts resolved by OVERWRITE). If Domino's installer runs either driver from a Helm chart, uninstall that release first, or the add-on takes over its objects.",
    "- The datasets file system gets a file system policy that refuses NFS without TLS: every client must mount with TLS (the EFS CSI driver does by default; check anything else that mounts it).",
    "- The k8s stage reaches the cluster as whoever applies it: that identity needs cluster admin, through access.adminRoleArns (an access entry) or the aws-auth ConfigMap. Domino's cluster was created through its `<deploy_id>-create-eks` role, whose implicit admin access stays with that role.",
    ...(input.brought.kms ? ["- The control-plane log group is encrypted with the brought key from now on: its key policy must allow `logs.<region>.amazonaws.com` (kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*), or the cluster stage fails."] : []),
    "",
  );

  push("## Settings not carried over", "");
  if (input.notCarried.length === 0) push("None.");
  for (const n of input.notCarried) push(`- ${n.what}: ${n.why}`);
  push("");

  push("## Handing over", "");
  push(
    "1. Back up Domino's three states (`terraform state pull > <stage>.backup.tfstate` in each stage's folder). Do not apply Domino's Terraform again from here on.",
    "2. `domino-eks synth`, then in each stack's folder, in order infra, cluster, nodes: `terraform init` and `terraform plan`.",
    `   Check every plan: the counts of imports match the table above, and the replacements are exactly the ones listed (none for a stateful resource): the plan's "to destroy" is ${s.replaced.length === 0 ? "0" : `${s.replaced.length} (the replacements)`} in all.`,
    "3. Apply infra, then cluster, then nodes, each after its plan is reviewed.",
    "4. After the three applies, remove what they adopted from Domino's states, so that two states never manage one object:",
    "",
  );
  for (const stage of ["infra", "cluster", "nodes"] as const) {
    const adopted = input.result.matches.filter((m) => m.domino.stage === stage).map((m) => m.domino.address);
    push(`   Domino's ${stage} stage (${adopted.length} adopted):`, "", "   ```sh", ...stateRm(adopted).map((c) => `   ${c}`), "   ```", "");
  }
  push(
    "5. Remove what is listed under \"not managed here\" from Domino's states (first drain and delete any node groups listed there). This leaves Domino's network unmanaged by any state; to keep managing it with Domino's Terraform, keep a copy of Domino's infra state and root for it alone instead of removing those:",
    "",
  );
  for (const stage of ["infra", "cluster", "nodes"] as const) {
    const rest = input.leftovers.filter((l) => l.resource.stage === stage).map((l) => l.resource.address);
    if (rest.length > 0) push(`   Domino's ${stage} stage (${rest.length}):`, "", "   ```sh", ...stateRm(rest).map((c) => `   ${c}`), "   ```", "");
  }
  push(
    "6. The k8s stage imports the Helm release Domino's script installed Calico as (calico.releaseName, in `tigera-operator`) and upgrades it in place to this project's chart version and values. Before applying it: compare `helm get values calico-tigera-operator -n tigera-operator` with the plan (Domino passed its image registry, FIPS mode, tolerations and node selectors on the command line; set registries and calico here to match what must stay), and apply the new version's CRDs first (`kubectl apply --server-side -f https://raw.githubusercontent.com/projectcalico/calico/<calico.chartVersion>/manifests/operator-crds.yaml`), as Domino's script does: Helm never upgrades CRDs. Its other releases (cluster autoscaler, load balancer controller, ...) are new: if Domino's installer runs one of them already, remove that one first or leave it out here.",
    "7. When every aws-auth mapping has an access entry, set access.authenticationMode to API (one way) and apply the cluster stage.",
    "",
  );
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function countStateful(input: ReportInput): number {
  return input.result.matches.filter((m) => STATEFUL_TYPES.has(m.domino.type)).length;
}

function describeChange(c: Change): string {
  return `${c.attribute} ${c.from} -> ${c.to}`;
}

function describeLeftover(r: StateResource): string {
  const v = r.values;
  const name = [v.bucket, v.name, v.node_group_name, v.id].find((x) => typeof x === "string" && x !== "");
  return name ? `: ${String(name)}` : "";
}

function summarizeTypes(resources: readonly OurResource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => (n > 1 ? `${t} x${n}` : t)).join(", ");
}

/** `terraform state rm` lines, a few addresses each; addresses quoted for the shell. */
export function stateRm(addresses: readonly string[]): string[] {
  if (addresses.length === 0) return ["# nothing"];
  const quoted = addresses.map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const lines: string[] = [];
  for (let i = 0; i < quoted.length; i += 4) lines.push(`terraform state rm ${quoted.slice(i, i + 4).join(" ")}`);
  return lines;
}
