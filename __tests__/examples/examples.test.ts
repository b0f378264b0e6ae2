/**
 * The examples/ catalog. Every examples/*.yaml is parsed, synthesized as a whole app, checked against the bundled
 * provider schemas and the security rules (with the config's own waivers), and then a few values that make the
 * example what it is are asserted. Every examples/invalid/*.yaml must fail with exactly the problem lines written in
 * its own `# expect:` comments.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { EMBEDDED_DEFAULT, parseConfig, type DeploymentConfig } from "../../cli/config-file";
import { STAGES, stackName } from "../../constructs/config/naming";
import { ConfigError, formatProblem as formatConfigProblem } from "../../constructs/config/problems";
import { synthesize, synthesizeFile } from "../../cli/synth";
import { formatProblem, loadSchemaSet, readSynthesizedStacks, verifyStacks, type SchemaSet, type VerifyReport } from "../../verify";
import { verifyOptionsFromConfig } from "../../cli/validate-config";
import { bodies, dataSources, type Json } from "../helpers/json";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = path.join(ROOT, "examples");
const INVALID = path.join(EXAMPLES, "invalid");
const SCHEMA_COMMENT = "# yaml-language-server: $schema=../domino-eks.schema.json";

const yamlFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
const VALID = yamlFiles(EXAMPLES);
const INVALID_FILES = yamlFiles(INVALID);

let outRoot: string;
let schemas: SchemaSet;

beforeAll(() => {
  outRoot = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-examples-"));
  schemas = loadSchemaSet();
});

afterAll(() => {
  fs.rmSync(outRoot, { recursive: true, force: true });
});

interface Synthesized {
  readonly configs: DeploymentConfig[];
  readonly outDir: string;
  /** cdk.tf.json of every stack, by stack name. */
  readonly stacks: Record<string, Json>;
  readonly report: VerifyReport;
}

const synthesized = new Map<string, Synthesized>();

/** Parses, synthesizes and verifies an example once per test file. */
function example(name: string): Synthesized {
  let done = synthesized.get(name);
  if (!done) {
    const outDir = path.join(outRoot, name.replace(/\.yaml$/, ""));
    const { configs } = synthesizeFile(path.join(EXAMPLES, name), outDir);
    const stacks = readSynthesizedStacks(outDir);
    const report = verifyStacks(stacks, schemas, verifyOptionsFromConfig(configs));
    done = { configs, outDir, stacks: Object.fromEntries(stacks.map((s) => [s.name, s.json])), report };
    synthesized.set(name, done);
  }
  return done;
}

/** Where the partition rule would fire if the config's own ARNs were not known to be the user's. */
function literalPartitionsWithoutConfig(ex: Synthesized): string[] {
  const { waiversByStack } = verifyOptionsFromConfig(ex.configs);
  const stacks = readSynthesizedStacks(ex.outDir);
  return verifyStacks(stacks, schemas, { waiversByStack }).problems.filter((p) => p.rule === "NO_HARDCODED_PARTITION").map((p) => p.address);
}

const allBodies = (ex: Synthesized, type: string): Json[] => Object.values(ex.stacks).flatMap((json) => bodies(json, type));
const poolOf = (group: Json): string => group.labels["dominodatalab.com/node-pool"];

/** The `# expect:` lines of the leading comment block. */
function expectedLines(text: string): string[] {
  const lines = text.split("\n");
  const end = lines.findIndex((l) => !l.startsWith("#"));
  return lines.slice(0, end === -1 ? lines.length : end).filter((l) => l.startsWith("# expect: ")).map((l) => l.slice("# expect: ".length));
}

/** The problem lines a config file produces; fails the test if it loads. */
function problemLines(text: string, source: string): string[] {
  try {
    parseConfig(text, source);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatConfigProblem);
    throw err;
  }
  throw new Error(`${source} loaded without problems`);
}

describe("the catalog", () => {
  test("covers what users ask for", () => {
    expect(VALID).toEqual(
      expect.arrayContaining([
        "reference.yaml", "s3-backend.yaml", "terraform-cloud.yaml", "govcloud.yaml", "two-deployments.yaml",
        "single-zone.yaml", "no-gpu.yaml", "custom-pools.yaml", "gpu-pools.yaml", "byo-vpc.yaml", "byo-kms.yaml",
        "public-api.yaml", "pod-networking.yaml", "autoscaler-node-role.yaml", "air-gapped.yaml", "external-dns.yaml",
        "custom-ami.yaml",
        "karpenter.yaml",
      ]),
    );
    expect(INVALID_FILES.length).toBeGreaterThanOrEqual(10);
  });

  test.each(VALID)("%s opens with the schema hint and comments explaining it", (name) => {
    const lines = fs.readFileSync(path.join(EXAMPLES, name), "utf8").split("\n");
    expect(lines[0]).toBe(SCHEMA_COMMENT);
    expect(lines[1]).toMatch(/^# \S/);
    expect(expectedLines(lines.join("\n"))).toEqual([]);
  });
});

describe("valid examples", () => {
  test.each(VALID)("%s synthesizes every stack and passes the provider schemas and the security rules", (name) => {
    const ex = example(name);
    expect(ex.report.problems.map(formatProblem)).toEqual([]);
    expect(ex.report.unusedWaivers).toEqual([]);
    const expected = ex.configs.flatMap((c) => STAGES.map((stage) => stackName(c.deployId, stage)));
    expect(Object.keys(ex.stacks).sort()).toEqual([...expected].sort());
  });

  test("the checks are not vacuous: a stray attribute or a literal partition in an example's stack is reported", () => {
    const ex = example("reference.yaml");
    const infra = JSON.parse(JSON.stringify(ex.stacks["domino-infra"]));
    const [vpc] = bodies(infra, "aws_vpc");
    vpc.enable_dns_hostnamez = true;
    vpc.tags = { owner: "arn:aws:iam::111122223333:role/x" };
    const report = verifyStacks([{ name: "domino-infra", json: infra }], schemas);
    expect(report.problems.map((p) => [p.path, p.rule])).toEqual(
      expect.arrayContaining([["enable_dns_hostnamez", undefined], ["tags.owner", "NO_HARDCODED_PARTITION"]]),
    );
  });

  test("reference.yaml synthesizes to exactly the embedded default", () => {
    const ex = example("reference.yaml");
    const defaults = parseConfig("{}", EMBEDDED_DEFAULT);
    expect(ex.configs).toEqual(defaults);
    const defaultDir = path.join(outRoot, "embedded-default");
    synthesize(defaults, defaultDir);
    const files = (dir: string) => fs.readdirSync(path.join(dir, "stacks")).sort().map((s) => path.join("stacks", s, "cdk.tf.json"));
    expect(files(ex.outDir)).toEqual(files(defaultDir));
    for (const file of [...files(defaultDir), "manifest.json"]) {
      expect([file, fs.readFileSync(path.join(ex.outDir, file), "utf8")]).toEqual([file, fs.readFileSync(path.join(defaultDir, file), "utf8")]);
    }
    const groups = bodies(ex.stacks["domino-nodes"], "aws_eks_node_group");
    // The spec's table: pool, instance type, min-max (and desired), disk.
    const disks = Object.fromEntries(
      bodies(ex.stacks["domino-nodes"], "aws_launch_template").map((t) => [t.name, t.block_device_mappings[0].ebs.volume_size]),
    );
    const spec = (g: Json) =>
      JSON.stringify([poolOf(g), g.instance_types, g.scaling_config.min_size, g.scaling_config.max_size, g.scaling_config.desired_size, disks[g.node_group_name], g.ami_type]);
    expect(groups.map(spec).sort()).toEqual(
      [
        ["platform", ["m5.4xlarge"], 4, 6, 4, 128, "AL2023_x86_64_STANDARD"],
        ...[1, 2, 3].map(() => ["default", ["m5.2xlarge"], 1, 20, 1, 400, "AL2023_x86_64_STANDARD"]),
        ...[1, 2, 3].map(() => ["default-gpu", ["p3.2xlarge"], 0, 5, 0, 400, "AL2023_x86_64_NVIDIA"]),
      ].map((g) => JSON.stringify(g)).sort(),
    );
  });

  test("s3-backend.yaml: each stack's state in its own S3 object, encrypted and locked; remote state reads the same bucket", () => {
    const ex = example("s3-backend.yaml");
    const kmsKeyId = "arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    for (const stage of STAGES) {
      const name = stackName("domino-state", stage);
      expect(ex.stacks[name].terraform.backend).toEqual({
        s3: { bucket: "example-terraform-state", region: "us-east-1", key: `domino/state/${name}.tfstate`, encrypt: true, kms_key_id: kmsKeyId, use_lockfile: true },
      });
    }
    const remote = Object.values(dataSources(ex.stacks["domino-state-nodes"], "terraform_remote_state"));
    expect(remote.map((r) => [r.backend, r.config.bucket, r.config.key])).toEqual([
      ["s3", "example-terraform-state", "domino/state/domino-state-cluster.tfstate"],
      ["s3", "example-terraform-state", "domino/state/domino-state-infra.tfstate"],
    ]);
    expect(ex.stacks["domino-state-infra"].provider.aws[0].region).toBe("us-east-2");
    // The state key's ARN is the user's own: accepted with its partition, where Terraform cannot resolve one.
    expect(ex.report.waived).toEqual([]);
    expect(literalPartitionsWithoutConfig(ex)).toEqual(expect.arrayContaining(["terraform", "data.terraform_remote_state.cross-stack-reference-input-domino-state-infra"]));
    // network.restrictEndpoints: the S3 gateway endpoint carries the account-and-AWS-buckets policy.
    const gateway = bodies(ex.stacks["domino-state-infra"], "aws_vpc_endpoint").find((e) => e.vpc_endpoint_type === "Gateway");
    expect(gateway.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.endpoints_s3-policy-document_[0-9A-F]+\.json\}$/);
  });

  test("terraform-cloud.yaml: one workspace per stack, named with the prefix", () => {
    const ex = example("terraform-cloud.yaml");
    for (const stage of STAGES) {
      expect(ex.stacks[`domino-ml-${stage}`].terraform.backend).toEqual({
        remote: { hostname: "app.terraform.io", organization: "example-corp", workspaces: { name: `datasci-domino-ml-${stage}` } },
      });
    }
    const remote = Object.values(dataSources(ex.stacks["domino-ml-k8s"], "terraform_remote_state"));
    expect(remote.map((r) => [r.backend, r.config.organization, r.config.workspaces.name]).sort()).toEqual([
      ["remote", "example-corp", "datasci-domino-ml-cluster"],
      ["remote", "example-corp", "datasci-domino-ml-infra"],
      ["remote", "example-corp", "datasci-domino-ml-nodes"],
    ]);
  });

  test("govcloud.yaml: us-gov-west-1 zones, every ARN built from the partition, GovCloud state", () => {
    const ex = example("govcloud.yaml");
    for (const [name, json] of Object.entries(ex.stacks)) {
      const text = JSON.stringify(json);
      expect([name, text.includes("arn:aws:")]).toEqual([name, false]);
      expect([name, text.match(/arn:(?!\$\{data\.aws_partition\.\w+\.partition\}:)[^"]{0,60}/g)]).toEqual([name, null]);
      for (const aws of json.provider.aws ?? []) expect(aws.region).toBe("us-gov-west-1");
      expect(json.terraform.backend.s3.region).toBe("us-gov-west-1");
    }
    for (const stage of ["infra", "cluster", "nodes"]) expect(ex.stacks[`domino-gov-${stage}`].provider.aws).toHaveLength(1);
    const infra = ex.stacks["domino-gov-infra"];
    expect(bodies(infra, "aws_subnet").map((s) => s.availability_zone_id).sort()).toEqual(
      ["usgw1-az1", "usgw1-az1", "usgw1-az2", "usgw1-az2", "usgw1-az3", "usgw1-az3"],
    );
    expect(bodies(infra, "aws_kms_key")).toHaveLength(1);
    expect(Object.values(dataSources(infra, "aws_partition")).length).toBeGreaterThan(0);
    expect(Object.values(dataSources(ex.stacks["domino-gov-cluster"], "aws_partition")).length).toBeGreaterThan(0);
    expect(JSON.stringify(infra)).toMatch(/arn:\$\{data\.aws_partition\.[A-Za-z0-9_]+\.partition\}:s3:::domino-gov-blobs/);
  });

  test("two-deployments.yaml: eight stacks, shared settings merged, distinct names and state", () => {
    const ex = example("two-deployments.yaml");
    expect(Object.keys(ex.stacks).sort()).toEqual([
      "domino-prod-cluster", "domino-prod-infra", "domino-prod-k8s", "domino-prod-nodes",
      "domino-research-cluster", "domino-research-infra", "domino-research-k8s", "domino-research-nodes",
    ]);
    const [prod, research] = ex.configs;
    expect([prod.fqdn, research.fqdn]).toEqual(["domino.example.com", "research.example.com"]);
    expect(research.region).toBe(prod.region);
    expect(research.availabilityZones).toEqual(prod.availabilityZones);
    expect(research.network).toMatchObject({ vpcCidr: "10.61.0.0/16", interfaceEndpoints: true, flowLogRetentionDays: 731, peerCidrs: ["10.60.0.0/16"] });
    expect(ex.stacks["domino-research-infra"].provider.aws[0].default_tags[0].tags).toEqual({
      owner: "data-platform", "cost-center": "data-science", environment: "research", "domino-deploy-id": "domino-research",
    });
    expect(ex.stacks["domino-research-nodes"].terraform.backend.s3.key).toBe("domino/research/domino-research-nodes.tfstate");
    expect(ex.stacks["domino-prod-nodes"].terraform.backend.s3.key).toBe("domino/prod/domino-prod-nodes.tfstate");
    expect(bodies(ex.stacks["domino-prod-infra"], "aws_vpc").map((v) => v.cidr_block)).toEqual(["10.60.0.0/16"]);
    expect(bodies(ex.stacks["domino-research-infra"], "aws_vpc").map((v) => v.cidr_block)).toEqual(["10.61.0.0/16"]);
    expect(bodies(ex.stacks["domino-prod-infra"], "aws_acm_certificate").map((c) => c.domain_name)).toEqual(["domino.example.com"]);
    expect(bodies(ex.stacks["domino-research-infra"], "aws_acm_certificate").map((c) => c.domain_name)).toEqual(["research.example.com"]);
    const maxOf = (stack: string, pool: string) =>
      bodies(ex.stacks[stack], "aws_eks_node_group").filter((g) => poolOf(g) === pool).map((g) => g.scaling_config.max_size);
    expect(maxOf("domino-prod-nodes", "default")).toEqual([30, 30, 30]);
    expect(maxOf("domino-research-nodes", "default")).toEqual([30, 30, 30]);
    expect(maxOf("domino-prod-nodes", "high-mem")).toEqual([4, 4, 4]);
    expect(maxOf("domino-research-nodes", "high-mem")).toEqual([4, 4, 4]);
    expect(maxOf("domino-prod-nodes", "default-gpu")).toEqual([5, 5, 5]);
    expect(maxOf("domino-research-nodes", "default-gpu")).toEqual([10, 10, 10]);
  });

  test("byo-vpc.yaml: no VPC or subnets anywhere; nodes in the given subnets", () => {
    const ex = example("byo-vpc.yaml");
    expect(allBodies(ex, "aws_vpc")).toEqual([]);
    expect(allBodies(ex, "aws_subnet")).toEqual([]);
    expect(allBodies(ex, "aws_nat_gateway")).toEqual([]);
    expect(JSON.stringify(ex.stacks["domino-byo-infra"])).toContain("subnet-0a1b2c3d4e5f60001");
  });

  test("byo-kms.yaml: no KMS key created; the given key is looked up", () => {
    const ex = example("byo-kms.yaml");
    expect(allBodies(ex, "aws_kms_key")).toEqual([]);
    expect(allBodies(ex, "aws_kms_alias")).toEqual([]);
    expect(Object.values(dataSources(ex.stacks["domino-gov-kms-infra"], "aws_kms_key")).map((k) => k.key_id)).toEqual([
      "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    ]);
    expect(ex.report.waived).toEqual([]);
    expect(literalPartitionsWithoutConfig(ex)).toEqual(["data.aws_kms_key.kms_existing_4F4258CE"]);
  });

  test("public-api.yaml: public endpoint for exactly the listed networks, private endpoint kept", () => {
    const ex = example("public-api.yaml");
    const [cluster] = bodies(ex.stacks["domino-pub-cluster"], "aws_eks_cluster");
    expect(cluster.vpc_config[0] ?? cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24", "198.51.100.17/32"],
    });
    expect(ex.report.waived).toEqual([]);
    expect(literalPartitionsWithoutConfig(ex).map((a) => a.split(".")[0])).toEqual(["aws_eks_access_entry"]);
  });

  test("without apiPublicAccessCidrs the API endpoint is private only", () => {
    const [cluster] = bodies(example("reference.yaml").stacks["domino-cluster"], "aws_eks_cluster");
    const vpc = cluster.vpc_config[0] ?? cluster.vpc_config;
    expect(vpc.endpoint_public_access).toBe(false);
    expect(vpc.public_access_cidrs ?? []).toEqual([]);
  });

  test("single-zone.yaml: one zone for every pool, destroyable buckets waived with a reason", () => {
    const ex = example("single-zone.yaml");
    const groups = bodies(ex.stacks["domino-dev-nodes"], "aws_eks_node_group");
    expect(groups.map(poolOf).sort()).toEqual(["default", "platform"]);
    expect(groups.every((g) => g.subnet_ids.length === 1)).toBe(true);
    const infra = ex.stacks["domino-dev-infra"];
    expect(bodies(infra, "aws_subnet").map((s) => [s.tags.Name, s.availability_zone_id, s.cidr_block]).sort()).toEqual([
      ["domino-dev-control-plane-use1-az1", "use1-az1", "10.40.8.32/27"],
      ["domino-dev-private-use1-az4", "use1-az4", "10.40.0.0/21"],
      ["domino-dev-public-use1-az4", "use1-az4", "10.40.8.0/27"],
    ]);
    // EKS needs two zones: the control plane also gets the control-plane subnet, read from the infra stack's state.
    const [cluster] = bodies(ex.stacks["domino-dev-cluster"], "aws_eks_cluster");
    const subnetIds: string[] = (cluster.vpc_config[0] ?? cluster.vpc_config).subnet_ids;
    expect(subnetIds).toHaveLength(2);
    const [cpOutput] = Object.keys(infra.output).filter((k) => /control-plane-subnet/.test(k));
    expect(subnetIds[1]).toContain(`outputs.${cpOutput}`);
    expect(JSON.stringify(groups)).not.toContain(cpOutput);
    expect(new Set(ex.report.waived.map((w) => w.rule))).toEqual(new Set(["NO_FORCE_DESTROY", "PREVENT_DESTROY", "CLOUDWATCH_LOG_RETENTION"]));
  });

  test("no-gpu.yaml: no GPU node group", () => {
    const groups = bodies(example("no-gpu.yaml").stacks["domino-cpu-nodes"], "aws_eks_node_group");
    expect([...new Set(groups.map(poolOf))].sort()).toEqual(["default", "platform"]);
    expect(groups.filter((g) => g.ami_type.includes("NVIDIA"))).toEqual([]);
  });

  test("custom-pools.yaml: high-memory and spot pools in every zone", () => {
    const groups = bodies(example("custom-pools.yaml").stacks["domino-pools-nodes"], "aws_eks_node_group");
    const of = (pool: string) => groups.filter((g) => poolOf(g) === pool);
    expect(of("high-mem").map((g) => [g.instance_types, g.labels["dominodatalab.com/memory"]])).toEqual(
      [1, 2, 3].map(() => [["r5.4xlarge"], "high"]),
    );
    expect(of("spot").map((g) => [g.capacity_type, g.taint])).toEqual(
      [1, 2, 3].map(() => ["SPOT", [{ key: "dominodatalab.com/spot", value: "true", effect: "NO_SCHEDULE" }]]),
    );
  });

  test("custom-pools.yaml: Domino's labels and the FUSE tag on every Domino pool (not the tools pool); an IRSA and a Pod Identity role of its own", () => {
    const nodes = example("custom-pools.yaml").stacks["domino-pools-nodes"];
    const groups = bodies(nodes, "aws_eks_node_group");
    const tools = groups.filter((g) => poolOf(g) === "tools");
    expect(tools).toHaveLength(3);
    for (const g of tools) expect(g.labels).not.toHaveProperty("dominodatalab.com/domino-node");
    for (const g of groups.filter((g) => poolOf(g) !== "tools")) expect(g.labels["dominodatalab.com/domino-node"]).toBe("true");
    const fuse = "k8s.io/cluster-autoscaler/node-template/resources/smarter-devices/fuse";
    const tagSets = bodies(nodes, "aws_autoscaling_group_tag").map((t) => t.for_each);
    expect(tagSets).toHaveLength(groups.length);
    const toolsTags = tagSets.filter((tags) => tags["k8s.io/cluster-autoscaler/node-template/label/dominodatalab.com/node-pool"] === "tools");
    expect(toolsTags).toHaveLength(3);
    for (const tags of toolsTags) expect(tags).not.toHaveProperty(fuse);
    const dominoTags = tagSets.filter((tags) => !toolsTags.includes(tags));
    expect(dominoTags).toHaveLength(groups.length - 3);
    for (const tags of dominoTags) expect(tags[fuse]).toBe("20");
    const cluster = example("custom-pools.yaml").stacks["domino-pools-cluster"];
    const roles = bodies(cluster, "aws_iam_role").map((r) => r.name);
    expect(roles).toEqual(expect.arrayContaining(["domino-pools-team-data-reader", "domino-pools-metrics-shipper"]));
    expect(bodies(cluster, "aws_eks_pod_identity_association")).toEqual([expect.objectContaining({ namespace: "monitoring", service_account: "cloudwatch-agent" })]);
    expect(Object.keys(cluster.output.service_account_role_arns.value).sort()).toEqual(["metrics-shipper", "team-data-reader"]);
  });

  test("gpu-pools.yaml: GPU pools get the accelerated AMI, the GPU label and taint", () => {
    const groups = bodies(example("gpu-pools.yaml").stacks["domino-gpu-nodes"], "aws_eks_node_group");
    const summary = (pool: string) =>
      [...new Set(groups.filter((g) => poolOf(g) === pool).map((g) => JSON.stringify([g.ami_type, g.labels["nvidia.com/gpu"], g.taint])))].map((s) => JSON.parse(s));
    const gpuTaint = [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }];
    expect(summary("default-gpu")).toEqual([["AL2023_x86_64_NVIDIA", "true", gpuTaint]]);
    expect(summary("gpu-small")).toEqual([["AL2023_x86_64_NVIDIA", "true", gpuTaint]]);
    expect(summary("gpu-training")).toEqual([["BOTTLEROCKET_x86_64_NVIDIA", "true", gpuTaint]]);
    expect(groups.filter((g) => poolOf(g).startsWith("gpu-"))).toHaveLength(6);
    const templates = new Map(bodies(example("gpu-pools.yaml").stacks["domino-gpu-nodes"], "aws_launch_template").map((t) => [t.name, t]));
    for (const g of groups.filter((g) => poolOf(g) === "gpu-small")) {
      const t = templates.get(g.node_group_name);
      expect(t.block_device_mappings[0].ebs).toEqual(expect.objectContaining({ volume_type: "gp3", iops: 6000, throughput: 500, volume_size: 200 }));
      expect(t.tag_specifications[0].tags.workload).toBe("inference");
      expect(g.update_config).toEqual({ max_unavailable_percentage: 25 });
    }
    for (const g of groups.filter((g) => poolOf(g) === "gpu-training")) {
      const t = templates.get(g.node_group_name);
      expect(t.block_device_mappings.map((b: { ebs: { volume_type: string; iops?: number } }) => [b.ebs.volume_type, b.ebs.iops])).toEqual([["gp3", undefined], ["io2", 16000]]);
      expect(t.capacity_reservation_specification.capacity_reservation_target.capacity_reservation_resource_group_arn).toMatch(/group\/domino-gpu-training$/);
      expect(t.metadata_options.instance_metadata_tags).toBe("enabled");
      expect(g.update_config).toEqual({ max_unavailable: 1 });
    }
  });

  test("pod-networking.yaml: pods in the secondary CIDR, nodes in the small routable one", () => {
    const infra = example("pod-networking.yaml").stacks["domino-corp-infra"];
    expect(bodies(infra, "aws_vpc").map((v) => v.cidr_block)).toEqual(["10.212.0.0/20"]);
    expect(bodies(infra, "aws_vpc_ipv4_cidr_block_association").map((a) => a.cidr_block)).toEqual(["100.64.0.0/16"]);
    expect(bodies(infra, "aws_subnet").map((s) => s.cidr_block).sort()).toEqual([
      "10.212.0.0/22", "10.212.12.0/26", "10.212.12.128/26", "10.212.12.64/26", "10.212.4.0/22", "10.212.8.0/22",
      "100.64.0.0/18", "100.64.128.0/18", "100.64.64.0/18",
    ]);
  });

  test("custom-ami.yaml: the pool boots the image and joins with its own NodeConfig; the CNI assigns prefixes", () => {
    const ex = example("custom-ami.yaml");
    const nodes = ex.stacks["domino-hardened-nodes"];
    const groups = bodies(nodes, "aws_eks_node_group").filter((g) => poolOf(g) === "hardened");
    expect(groups).toHaveLength(3);
    for (const g of groups) {
      expect(g.ami_type).toBe("CUSTOM");
      expect(g).not.toHaveProperty("version");
      expect(g).not.toHaveProperty("release_version");
    }
    const names = new Set(groups.map((g) => g.node_group_name));
    const templates = bodies(nodes, "aws_launch_template").filter((t) => names.has(t.name));
    for (const t of templates) {
      expect(t.image_id).toBe("ami-0123456789abcdef0");
      const text: string = t.user_data;
      expect(text.startsWith("${base64encode(\"MIME-Version: 1.0\\n")).toBe(true);
      expect(text).toMatch(/apiServerEndpoint: \$\{data\.terraform_remote_state\.[^}]+endpoint\}/);
      expect(text).toMatch(/cidr: \$\{one\(data\.terraform_remote_state\.[^}]+service_ipv4_cidr\)\}/);
      expect(text).toContain("maxPods: 110\\n"); // m5.2xlarge: 4 x (15 - 1) + 2 = 58 with single addresses, 110 (the cap below 30 vCPUs) with prefixes
      expect(text).toContain("--node-labels=dominodatalab.com/node-pool=hardened,dominodatalab.com/domino-node=true,security.example.com/image=cis-hardened");
      expect(text).not.toContain("--register-with-taints");
    }
    // The spec's pools stay on EKS's AMIs; EKS computes their max pods with prefix delegation.
    const platform = bodies(nodes, "aws_eks_node_group").find((g) => poolOf(g) === "platform");
    expect(platform.ami_type).toBe("AL2023_x86_64_STANDARD");
    const cni = bodies(ex.stacks["domino-hardened-cluster"], "aws_eks_addon").find((a) => a.addon_name === "vpc-cni");
    expect(JSON.parse(cni.configuration_values).env).toEqual({ ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" });
  });

  test("air-gapped.yaml: charts from the mirror, images through the ECR pull-through cache, nodes allowed to pull through it", () => {
    const ex = example("air-gapped.yaml");
    const infra = ex.stacks["domino-airgap-infra"];
    expect(bodies(infra, "aws_ecr_pull_through_cache_rule").map((r) => r.upstream_registry_url).sort()).toEqual(["public.ecr.aws", "quay.io", "registry.k8s.io"]);
    expect(bodies(infra, "aws_ecr_repository_creation_template").map((t) => t.prefix).sort()).toEqual(["ecr-public", "quay", "registry-k8s-io"]);
    expect(bodies(infra, "aws_iam_policy").map((p) => p.name)).toContain("domino-airgap-ecr-pull-through-nodes");
    // The node role attaches the pull-through policy with the infra stage's others.
    const nodeAttachments = bodies(ex.stacks["domino-airgap-cluster"], "aws_iam_role_policy_attachment").map((a) => String(a.policy_arn));
    expect(nodeAttachments.filter((arn) => /pull-through-cache_node-policy/.test(arn))).toHaveLength(1);
    const releases = bodies(ex.stacks["domino-airgap-k8s"], "helm_release");
    const calico = releases.find((r) => r.chart === "tigera-operator");
    const autoscaler = releases.find((r) => r.chart === "cluster-autoscaler");
    expect(calico.repository).toBe("oci://artifacts.corp.example.com/helm-charts");
    expect(autoscaler.repository).toBe("https://charts.corp.example.com/autoscaler");
    // <account>.dkr.ecr.<region>.<dns suffix>, read from the infra stage's state.
    const ecrHost = /\$\{data\.terraform_remote_state\.[^}]+account_id\}\.dkr\.ecr\.us-west-2\.\$\{data\.terraform_remote_state\.[^}]+dns_suffix\}/;
    expect(JSON.parse(calico.values[0]).tigeraOperator.registry).toMatch(new RegExp(`^${ecrHost.source}/quay$`));
    expect(JSON.parse(autoscaler.values[0]).image.repository).toMatch(new RegExp(`^${ecrHost.source}/registry-k8s-io/autoscaling/cluster-autoscaler$`));
  });

  test("external-dns.yaml: external-dns limited to the zone, both charts with the cluster stage's roles", () => {
    const ex = example("external-dns.yaml");
    const cluster = ex.stacks["domino-dns-cluster"];
    const inline = bodies(cluster, "aws_iam_role_policy").find((p) => p.name === "external-dns");
    const doc = cluster.data.aws_iam_policy_document[/^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(inline.policy)![1]];
    const zone = /^arn:\$\{data\.aws_partition\.[^}]+\}:route53:::hostedzone\/Z04517273GFDQ2EXAMPLE$/;
    expect(doc.statement[0].actions).toEqual(["route53:ChangeResourceRecordSets"]);
    expect(doc.statement[0].resources).toEqual([expect.stringMatching(zone)]);
    expect(cluster.output.irsa_role_arns.value).toHaveProperty("external-dns");
    const releases = bodies(ex.stacks["domino-dns-k8s"], "helm_release");
    expect(releases.map((r) => r.chart).sort()).toEqual(["aws-load-balancer-controller", "cluster-autoscaler", "external-dns", "tigera-operator"]);
    const values = (chart: string) => JSON.parse(releases.find((r) => r.chart === chart).values[0]);
    const dns = values("external-dns");
    expect(dns).toMatchObject({ txtOwnerId: "domino-dns", domainFilters: ["domino.acme-corp.com"], policy: "upsert-only", extraArgs: { "zone-id-filter": ["Z04517273GFDQ2EXAMPLE"] } });
    // The role ARNs come from the cluster stage's state.
    expect(dns.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+aws_iam_roleirsa_external-dns_role_[0-9A-F]+arn\}$/);
    const lbc = values("aws-load-balancer-controller");
    expect(lbc.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^\$\{data\.terraform_remote_state\.[^}]+aws_iam_roleirsa_load-balancer-controller_role_[0-9A-F]+arn\}$/);
    expect(lbc.clusterName).toMatch(/terraform_remote_state/);
  });

  test("karpenter.yaml: only the platform pool has managed node groups; the k8s stack installs Karpenter and a NodePool per compute pool", () => {
    const ex = example("karpenter.yaml");
    expect(allBodies(ex, "aws_eks_node_group").map(poolOf)).toEqual(["platform"]);
    const releases = bodies(ex.stacks["domino-karp-k8s"], "helm_release");
    expect(releases.map((r) => r.name)).toEqual(expect.arrayContaining(["karpenter-crd", "karpenter", "karpenter-node-pools"]));
    const values = releases.find((r) => r.name === "karpenter-node-pools")!.values[0] as string;
    const kinds = [...values.matchAll(/^  - apiVersion: \S+\n    kind: (\S+)\n    metadata:\n      name: (\S+)$/gm)].map((m) => `${m[1]}/${m[2]}`);
    expect(kinds).toEqual(["EC2NodeClass/default", "NodePool/default", "EC2NodeClass/gpu-spot", "NodePool/gpu-spot"]);
    // The chart the release names is in the stack's folder.
    const chart = releases.find((r) => r.name === "karpenter-node-pools")!.chart as string;
    expect(fs.existsSync(path.join(ex.outDir, "stacks", "domino-karp-k8s", chart, "Chart.yaml"))).toBe(true);
  });

  test("autoscaler-node-role.yaml: no IRSA role for the autoscaler", () => {
    const roles = allBodies(example("autoscaler-node-role.yaml"), "aws_iam_role").map((r) => r.name);
    expect(roles).not.toContain("domino-asg-cluster-autoscaler");
  });
});

describe("invalid examples", () => {
  test.each(INVALID_FILES)("%s reports exactly its expected problems", (name) => {
    const text = fs.readFileSync(path.join(INVALID, name), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../../domino-eks.schema.json");
    const expected = expectedLines(text);
    expect(expected.length).toBeGreaterThan(0);
    expect(problemLines(text, name)).toEqual(expected);
  });

  test("the compiled app prints every problem of a file and exits 1", () => {
    const main = path.join(ROOT, "dist/main.js");
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does) first`);
    const config = path.join(INVALID, "many-problems.yaml");
    const cwd = fs.mkdtempSync(path.join(outRoot, "cli-"));
    const { CDKTF_OUTDIR: _o, DOMINO_EKS_CONFIG: _c, ...env } = process.env;
    const result = spawnSync(process.execPath, [main], { cwd, env: { ...env, DOMINO_EKS_CONFIG: config }, encoding: "utf8" });
    const expected = expectedLines(fs.readFileSync(config, "utf8"));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([
      `${config}: ${expected.length} problem(s) in the deployment config:`,
      ...expected.map((line) => `  ${line}`),
      "Nothing was synthesized; the output folder is unchanged.",
      "",
    ]);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
