/**
 * `domino-eks adopt` on the four Domino state fixtures (__tests__/fixtures/domino-terraform, Domino's terraform-aws-eks
 * v3.49 addresses and attribute shapes): the generated config passes this project's checks, every stateful resource
 * of Domino's state gets an import block at this project's address, nothing stateful is replaced or left over, and
 * the report names what is left to the operator.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { adopt, ADOPTION_FILE, CONFIG_FILE, REPORT_FILE, runAdopt, type Adoption } from "../../cli/adopt/command";
import { readImports } from "../../cli/adopt/adoption-file";
import { parseState } from "../../cli/adopt/state";
import { STATEFUL_TYPES } from "../../cli/adopt/report";
import { runSynth } from "../../cli/synth-command";
import { ConfigError } from "../../constructs/config/problems";

const FIXTURES = path.join(__dirname, "..", "fixtures", "domino-terraform");
const SHAPES = ["minimal", "full", "byo-vpc", "byo-kms"] as const;
const FQDN = "domino.acme.example.com";

const states = (shape: string) => ({
  infra: path.join(FIXTURES, shape, "infra.json"),
  cluster: path.join(FIXTURES, shape, "cluster.json"),
  nodes: path.join(FIXTURES, shape, "nodes.json"),
});

const adopted = new Map<string, Adoption>();
function adoptShape(shape: string): Adoption {
  let a = adopted.get(shape);
  if (!a) {
    a = adopt({ states: states(shape), fqdn: FQDN });
    adopted.set(shape, a);
  }
  return a;
}

/** Every managed resource of a fixture, flattened from `terraform show -json`. */
function fixtureResources(shape: string): { address: string; type: string; values: Record<string, unknown> }[] {
  return (["infra", "cluster", "nodes"] as const).flatMap((stage) => {
    const parsed = parseState(JSON.parse(fs.readFileSync(states(shape)[stage], "utf8")), stage, stage);
    return parsed.resources.filter((r) => r.mode === "managed").map((r) => ({ address: r.address, type: r.type, values: r.values as Record<string, unknown> }));
  });
}

const network = (address: string) => address.includes("module.network");

describe.each(SHAPES)("adopting the %s fixture", (shape) => {
  test("every stateful resource of Domino's state is imported (the network: used by id), none is replaced", () => {
    const a = adoptShape(shape);
    const imported = new Set(a.result.matches.map((m) => m.domino.address));
    const stateful = fixtureResources(shape).filter((r) => STATEFUL_TYPES.has(r.type) && !network(r.address));
    expect(stateful.length).toBeGreaterThanOrEqual(shape === "byo-kms" ? 11 : 12);
    expect(stateful.filter((r) => !imported.has(r.address)).map((r) => r.address)).toEqual([]);
    expect(a.summary.statefulReplaced.map((m) => m.ours.address)).toEqual([]);
    expect(a.summary.statefulLeftovers.map((l) => l.resource.address)).toEqual([]);
    // Domino's VPC and subnets are not imported: the config names them (network.existingVpc).
    const existing = (parseYaml(a.configText) as { network: { existingVpc: { vpcId: string; privateSubnetIds: string[] } } }).network.existingVpc;
    const vpc = fixtureResources(shape).find((r) => r.type === "aws_vpc");
    if (vpc) expect(existing.vpcId).toBe(vpc.values.id);
    expect(existing.privateSubnetIds).toHaveLength(shape === "full" ? 3 : 2);
  });

  test("only stateless resources are replaced: the bastion instance, where Domino had one", () => {
    const replaced = adoptShape(shape).summary.replaced.map((m) => m.ours.type);
    expect(replaced).toEqual(shape === "full" ? ["aws_instance"] : []);
  });

  test("the import blocks carry the id each resource type takes", () => {
    const a = adoptShape(shape);
    const id = (type: string, pred: (v: Record<string, unknown>) => boolean = () => true) =>
      a.result.matches.filter((m) => m.ours.type === type && pred(m.domino.values as Record<string, unknown>)).map((m) => m.importId);
    const deployId = a.deployId;
    const buckets = ["backups", "blobs", ...(shape === "full" ? ["costs"] : []), "logs", "monitoring", "registry"];
    expect(id("aws_s3_bucket").sort()).toEqual(buckets.map((r) => `${deployId}-${r}`));
    expect(id("aws_eks_cluster")).toEqual([deployId]);
    expect(id("aws_eks_addon").sort()).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"].map((n) => `${deployId}:${n}`));
    expect(id("aws_efs_file_system")).toEqual([expect.stringMatching(/^fs-[0-9a-f]{17}$/)]);
    expect(id("aws_efs_access_point")).toEqual([expect.stringMatching(/^fsap-[0-9a-f]{17}$/)]);
    expect(id("aws_backup_selection")).toEqual([expect.stringMatching(/^[0-9a-f-]{36}\|[0-9a-f-]{36}$/)]);
    expect(id("aws_iam_role").sort()).toEqual(expect.arrayContaining([`${deployId}-eks`, `${deployId}-eks-nodes`, `${deployId}-efs-backup`, `${deployId}-load-balancer-controller`]));
    expect(id("aws_iam_policy").sort()).toEqual([`arn:aws:iam::123456789012:policy/${deployId}-ECR`, `arn:aws:iam::123456789012:policy/${deployId}-S3`]);
    expect(id("aws_iam_role_policy_attachment")).toContain(`${deployId}-eks/arn:aws:iam::aws:policy/AmazonEKSClusterPolicy`);
    expect(id("aws_cloudwatch_log_group")).toEqual([`/aws/eks/${deployId}/cluster`]);
    expect(id("aws_ecr_repository").sort()).toEqual(["environment", "genai-model", "model"].map((r) => `${deployId}/${r}`));
    // Every node group of Domino's keeps its name, imported as <cluster>:<name>, with its pool's launch template.
    const groups = fixtureResources(shape).filter((r) => r.type === "aws_eks_node_group");
    expect(id("aws_eks_node_group").sort()).toEqual(groups.map((g) => `${deployId}:${String(g.values.node_group_name)}`).sort());
    expect(id("aws_launch_template").sort()).toEqual(fixtureResources(shape).filter((r) => r.type === "aws_launch_template").map((t) => String(t.values.id)).sort());
    // Security group rules import by their sgr- id, one source each: the cluster-to-node ports one to one.
    const rules = a.result.matches.filter((m) => m.ours.type.startsWith("aws_vpc_security_group_"));
    expect(rules.length).toBeGreaterThanOrEqual(14);
    for (const r of rules) expect(r.importId).toMatch(/^sgr-[0-9a-f]{17}$/);
    if (shape !== "byo-kms") expect(id("aws_kms_key")).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    else expect(id("aws_kms_key")).toEqual([]);
  });

  test("the generated config keeps the names and layout AWS cannot change", () => {
    const a = adoptShape(shape);
    const c = a.config;
    expect(c.adoption?.names?.clusterRole).toBe(`${a.deployId}-eks`);
    expect(c.adoption?.names?.datasetsCreationToken).toMatch(/^terraform-\d+$/);
    expect(c.adoption?.descriptions?.clusterSecurityGroup).toBe("EKS cluster security group");
    expect(c.adoption?.importsFile).toBe(ADOPTION_FILE);
    expect(c.adoption?.twoZones).toBe(shape !== "full");
    expect(c.access.authenticationMode).toBe("API_AND_CONFIG_MAP");
    expect(c.storage.efs.throughputMode).toBe("bursting");
    expect(c.kubernetesVersion).toBe(shape === "full" ? "1.35" : "1.34");
    const platform = c.nodePools.find((p) => p.name === "platform");
    // Adopted, the platform pool has a group per zone as Domino's, and sizes per group.
    expect(platform).toMatchObject({ instanceTypes: ["m7i-flex.2xlarge"], minSize: 1, maxSize: 10, diskSizeGiB: 100 });
    const platformGroups = a.config.adoption?.nodeGroups?.platform;
    expect(platformGroups?.launchTemplate).toBe(`${a.deployId}-platform`);
    expect(Object.keys(platformGroups?.groups ?? {})).toEqual(shape === "full" ? ["usw2-az1", "usw2-az2", "usw2-az3"] : ["usw2-az1", "usw2-az2"]);
    expect(c.nodePools.find((p) => p.name === "default")).toMatchObject({ instanceTypes: ["m6i.2xlarge"], minSize: 0, maxSize: 10, diskSizeGiB: 1000, throughputMiBps: 500 });
    if (shape === "byo-kms") expect(c.kms.keyArn).toBe("arn:aws:kms:us-west-2:123456789012:key/7d1c5e2a-3b4f-4a6c-9d8e-0f1a2b3c4d5e");
  });

  test("Domino's Calico release is kept: imported by the k8s stage under its own name", () => {
    const a = adoptShape(shape);
    expect(a.config.calico.releaseName).toBe("calico-tigera-operator");
    expect(a.adoptionFile.imports.filter((i) => i.stage === "k8s")).toEqual([
      { stage: "k8s", to: expect.stringMatching(/^helm_release\.calico_release_[0-9A-F]{8}$/), id: "tigera-operator/calico-tigera-operator", from: expect.stringContaining("k8s-functions.sh") },
    ]);
  });

  test("the report lists what is left over, with the state rm commands", () => {
    const a = adoptShape(shape);
    expect(a.report).toContain("## Resources adopted per stack");
    expect(a.report).toContain("terraform state rm 'module.eks.aws_iam_policy.custom_eks_node_policy'");
    expect(a.report).toMatch(/### The cluster autoscaler's tags on the node groups' Auto Scaling groups \(\d+\)/);
    expect(a.report).not.toContain("### Domino's node groups: replaced");
    expect(a.report).toContain("### Terraform-side only");
    expect(a.report).toContain("`module.eks.module.k8s_setup[0].local_file.templates[\"aws_auth\"]`");
    if (shape !== "byo-vpc") expect(a.report).toMatch(/### Domino's network, used by id \(network\.existingVpc\) \(\d+\)/);
    // Every managed resource of Domino's states is either adopted or listed.
    const listed = fixtureResources(shape).map((r) => r.address).filter((addr) => !a.report.includes(`\`${addr}\``) && !a.result.matches.some((m) => m.domino.address === addr));
    expect(listed).toEqual([]);
  });
});

describe("adopt details", () => {
  test("terraform state pull form reads the same resources as show -json", () => {
    const show = parseState(JSON.parse(fs.readFileSync(path.join(FIXTURES, "minimal", "infra.json"), "utf8")), "infra", "--infra").resources;
    const pull = parseState(JSON.parse(fs.readFileSync(path.join(FIXTURES, "minimal", "infra.state-pull.json"), "utf8")), "infra", "--infra").resources;
    expect(pull.filter((r) => r.mode === "managed").map((r) => r.address).sort()).toEqual(show.filter((r) => r.mode === "managed").map((r) => r.address).sort());
    const bucket = (list: typeof show) => list.find((r) => r.address === "module.infra.module.storage.aws_s3_bucket.blobs[0]")?.values;
    expect(bucket(pull)).toEqual(bucket(show));
  });

  test("aws-auth masters become admin access entries; other mappings are reported, not dropped silently", () => {
    const a = adoptShape("full");
    expect(a.config.access.adminRoleArns).toEqual(["arn:aws:iam::123456789012:role/platform-admins"]);
    expect(a.report).toContain("the aws-auth mapping of arn:aws:iam::123456789012:role/ci-deployer to the groups ci-deployers");
  });

  test("the full fixture's extra pools, external-dns role, bastion and tags are carried over", () => {
    const a = adoptShape("full");
    const pool = (n: string) => a.config.nodePools.find((p) => p.name === n);
    expect(pool("custom-0")).toMatchObject({ instanceTypes: ["r6i.4xlarge"], maxSize: 6, diskSizeGiB: 200, labels: expect.objectContaining({ "dominodatalab.com/node-pool": "custom-group-0" }) });
    expect(pool("custom-gpu-0")?.taints).toEqual(expect.arrayContaining([{ key: "dominodatalab.com/dedicated", value: "training", effect: "NoSchedule" }]));
    expect(a.config.externalDns).toMatchObject({ enabled: true, roleName: "acme-full-external-dns" });
    expect(a.config.bastion).toMatchObject({ enabled: true, instanceType: "t3.micro", allowedCidrs: [] });
    expect(a.config.tags).toEqual({ "aws-apn-id": "pc:2umrgw02q6y8t2te66fgdx6sk", "cost-center": "cc-4021", team: "ml-platform" });
    expect(a.report).toContain("SSH to the bastion from 0.0.0.0/0");
  });

  test("the committed example is what adopt writes for the minimal fixture", () => {
    const a = adoptShape("minimal");
    const example = fs.readFileSync(path.join(__dirname, "..", "..", "examples", "adopted.yaml"), "utf8");
    // The example adds the editor's schema hint and names its adoption file after itself.
    expect(example).toBe(`# yaml-language-server: $schema=../domino-eks.schema.json\n${a.configText.replace(`importsFile: ${ADOPTION_FILE}`, "importsFile: adopted.adoption.json")}`);
    const file = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "examples", "adopted.adoption.json"), "utf8"));
    expect(file).toEqual(a.adoptionFile);
  });
});

describe("domino-eks adopt, the command", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-test-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
  };
  const args = (shape: string, extra: string[] = []) => ["--infra", states(shape).infra, "--cluster", states(shape).cluster, "--nodes", states(shape).nodes, "--fqdn", FQDN, "--out", dir, ...extra];

  test("writes the three files; synth in that folder writes the import blocks into the stacks", () => {
    const r = io();
    expect(runAdopt(args("byo-vpc"), r.io)).toBe(0);
    expect(r.out.join("\n")).toMatch(/acme-byovpc-infra\s+\d+ imported/);
    for (const f of [CONFIG_FILE, ADOPTION_FILE, REPORT_FILE]) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const s = io();
    expect(runSynth(["--out", path.join(dir, "cdktf.out"), "--quiet"], s.io, {}, dir)).toBe(0);
    const file = JSON.parse(fs.readFileSync(path.join(dir, ADOPTION_FILE), "utf8")) as { imports: { stage: string; to: string; id: string }[] };
    for (const stage of ["infra", "cluster", "nodes"]) {
      const stack = JSON.parse(fs.readFileSync(path.join(dir, "cdktf.out", "stacks", `acme-byovpc-${stage}`, "cdk.tf.json"), "utf8")) as { import?: { to: string; id: string }[] };
      expect(stack.import ?? []).toEqual(file.imports.filter((i) => i.stage === stage).map(({ to, id }) => ({ to, id })));
    }
  });

  test("refuses to overwrite, and writes nothing on a bad state", () => {
    fs.writeFileSync(path.join(dir, CONFIG_FILE), "keep: me\n");
    const r = io();
    expect(runAdopt(args("minimal"), r.io)).toBe(1);
    expect(r.err.join("\n")).toContain(`${path.join(dir, CONFIG_FILE)} exists; choose another --out folder, or --force to overwrite it`);
    expect(fs.readFileSync(path.join(dir, CONFIG_FILE), "utf8")).toBe("keep: me\n");

    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, "{\"version\": 3}");
    const b = io();
    expect(runAdopt(["--infra", bad, "--cluster", path.join(dir, "missing.json"), "--nodes", states("minimal").nodes, "--fqdn", FQDN, "--out", path.join(dir, "out")], b.io)).toBe(1);
    const text = b.err.join("\n");
    expect(text).toContain("--infra: is a version 3 state; this reads version 4");
    expect(text).toContain(`--cluster: names ${path.join(dir, "missing.json")}, which does not exist`);
    expect(text).toContain("Nothing was written.");
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  test("a stage's state given for another is named", () => {
    const r = io();
    const s = states("minimal");
    expect(runAdopt(["--infra", s.cluster, "--cluster", s.infra, "--nodes", s.nodes, "--fqdn", FQDN, "--out", dir], r.io)).toBe(1);
    expect(r.err.join("\n")).toContain("--infra: holds no resources of module.infra: is it the state of Domino's infra stage?");
    expect(r.err.join("\n")).toContain("--cluster: holds no resources of module.eks");
  });

  test("the README walkthrough shows what the command prints", () => {
    const domino = path.join(dir, "domino");
    fs.mkdirSync(domino);
    for (const stage of ["infra", "cluster", "nodes"]) fs.copyFileSync(path.join(FIXTURES, "minimal", `${stage}.json`), path.join(domino, `${stage}.json`));
    const r = io();
    const argv = ["--infra", "domino/infra.json", "--cluster", "domino/cluster.json", "--nodes", "domino/nodes.json", "--fqdn", "domino.acme.example.com", "--out", "adopted"];
    expect(runAdopt(argv, r.io, dir)).toBe(0);
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Adopting a deployment made with Domino's Terraform"));
    expect(section).toContain("npx domino-eks adopt --infra domino/infra.json --cluster domino/cluster.json --nodes domino/nodes.json \\\n  --fqdn domino.acme.example.com --out adopted");
    const printed = /```\n(Adopted acme-prod:[\s\S]*?)\n```/.exec(section)?.[1];
    expect(printed).toBe(r.out.join("\n"));
  });

  test("a custom-AMI pool stops adopt with the reason; a pool without Domino's domino-node label keeps it off", () => {
    const nodes = JSON.parse(fs.readFileSync(states("full").nodes, "utf8"));
    const groups = (m: { resources?: { type: string; values: Record<string, unknown> }[]; child_modules?: unknown[] }): { type: string; values: Record<string, unknown> }[] =>
      [...(m.resources ?? []), ...((m.child_modules ?? []) as (typeof m)[]).flatMap(groups)].filter((r) => r.type === "aws_eks_node_group");
    const custom = groups(nodes.values.root_module).filter((g) => String(g.values.node_group_name).startsWith("custom-0-"));
    for (const g of custom) delete (g.values.labels as Record<string, string>)["dominodatalab.com/domino-node"];
    const unlabelled = path.join(dir, "nodes-unlabelled.json");
    fs.writeFileSync(unlabelled, JSON.stringify(nodes));
    const a = adopt({ states: { ...states("full"), nodes: unlabelled }, fqdn: FQDN });
    expect(a.config.nodePools.find((p) => p.name === "custom-0")?.labels).not.toHaveProperty("dominodatalab.com/domino-node");
    for (const g of custom) g.values.ami_type = "CUSTOM";
    const amiFile = path.join(dir, "nodes-custom-ami.json");
    fs.writeFileSync(amiFile, JSON.stringify(nodes));
    expect(() => adopt({ states: { ...states("full"), nodes: amiFile }, fqdn: FQDN })).toThrow(/--nodes: pool custom-0 runs a custom AMI \(ami_type CUSTOM, Domino's own user data\): adopt does not carry custom AMIs over/);
  });

  test("three states of different deployments are refused", () => {
    const r = io();
    expect(runAdopt(["--infra", states("minimal").infra, "--cluster", states("full").cluster, "--nodes", states("full").nodes, "--fqdn", FQDN, "--out", dir], r.io)).toBe(1);
    expect(r.err.join("\n")).toMatch(/--infra: holds the VPC vpc-[0-9a-f]+, but the cluster acme-full of --cluster runs in vpc-[0-9a-f]+/);
    expect(r.err.join("\n")).toContain("none named acme-full-<role> after the cluster of --cluster");
  });

  test("usage errors exit 2", () => {
    const r = io();
    expect(runAdopt(["--infra", "x"], r.io)).toBe(2);
    expect(r.err[0]).toContain("adopt: missing --cluster, --nodes, --fqdn");
  });

  test("synth refuses an adoption file that is not this deployment's, naming the field", () => {
    const r = io();
    expect(runAdopt(args("minimal"), r.io)).toBe(0);
    const file = path.join(dir, ADOPTION_FILE);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), deployId: "other" }));
    const configs = [{ deployId: "acme-prod", adoption: { importsFile: ADOPTION_FILE } }] as never;
    expect(() => readImports(configs, path.join(dir, CONFIG_FILE), dir)).toThrow(ConfigError);
    expect(() => readImports(configs, path.join(dir, CONFIG_FILE), dir)).toThrow(/adoption\.importsFile: names .*, the adoption file of deployment "other", not of "acme-prod"/);
  });
});
