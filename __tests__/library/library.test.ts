/**
 * The library as a consumer uses it: DominoDeployment with the config file's fields, the consumer's own resources in a
 * stage stack, its own add-on, built-ins turned off or replaced, its own VPC and key providers, and validation errors
 * that match the config file's.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { App } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  BUILT_IN_ADDON_NAMES,
  builtInAddons,
  ConfigError,
  CreateKeyProvider,
  DominoDeployment,
  ExistingKeyProvider,
  ExistingVpcProvider,
  formatProblem,
  type DominoAddon,
  type DominoDeploymentProps,
  type ImportBlock,
  type K8sAddonContext,
} from "domino-eks-cdktf";
import { defineDeployment } from "../../examples/library/deployment";
import { readSynthesizedStacks, verifyStacks, loadSchemaSet, formatProblem as formatVerifyProblem } from "../../verify";
import { problemsOf } from "../helpers/config";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";

const ROOT = path.resolve(__dirname, "../..");

/** Synthesizes whatever `build` adds to a fresh App, and returns every stack's JSON by name. */
function synth(build: (app: App) => void): Record<string, Json> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-library-"));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return Object.fromEntries(readSynthesizedStacks(outdir).map((s) => [s.name, s.json]));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const helmReleases = (json: Json): string[] => bodies(json, "helm_release").map((r) => r.name).sort();

describe("examples/library: a consumer app", () => {
  let stacks: Record<string, Json>;
  beforeAll(() => {
    stacks = synth((app) => defineDeployment(app));
  });

  test("has the four stages of its deployment", () => {
    expect(Object.keys(stacks).sort()).toEqual(["acme-cluster", "acme-infra", "acme-k8s", "acme-nodes"]);
  });

  test("its own bucket lives in the infra stack, at the address its construct id gives", () => {
    expect(resources(stacks["acme-infra"], "aws_s3_bucket")["team-bucket"]).toMatchObject({ bucket: "acme-team" });
  });

  test("the props are the config file's fields: region, zones, fqdn and the extra pool", () => {
    const infra = stacks["acme-infra"];
    expect(infra.provider.aws[0].region).toBe("us-east-1");
    expect(bodies(infra, "aws_subnet").map((s) => s.availability_zone_id).sort()).toEqual(
      ["use1-az1", "use1-az1", "use1-az2", "use1-az2", "use1-az4", "use1-az4"],
    );
    expect(bodies(infra, "aws_acm_certificate")[0]).toMatchObject({ domain_name: "domino.acme.example.com" });
    const groups = bodies(stacks["acme-nodes"], "aws_eks_node_group").filter((g) => g.labels["dominodatalab.com/node-pool"] === "highmem");
    expect(groups.map((g) => g.node_group_name).sort()).toEqual(["acme-highmem-use1-az1", "acme-highmem-use1-az2", "acme-highmem-use1-az4"]);
    expect(groups[0]).toMatchObject({ instance_types: ["r5.4xlarge"], scaling_config: { max_size: 10, min_size: 0 } });
  });

  test("the custom add-on's IRSA role: trusted by its one service account, reading only the team's secrets", () => {
    const cluster = stacks["acme-cluster"];
    const role = bodies(cluster, "aws_iam_role").find((r) => r.name === "acme-external-secrets");
    expect(role).toBeDefined();
    const trust = policyDocument(cluster, role.assume_role_policy).statement[0];
    const sub = trust.condition.find((c: Json) => c.variable.endsWith(":sub"));
    expect(sub.values).toEqual(["system:serviceaccount:external-secrets:external-secrets"]);
    const inline = bodies(cluster, "aws_iam_role_policy").find((p) => p.name === "read-secrets");
    const statement = policyDocument(cluster, inline.policy).statement[0];
    expect(statement.actions).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"]);
    expect(statement.resources).toEqual([
      "arn:${data.aws_partition.partition_current_E0F94D77.partition}:secretsmanager:us-east-1:${data.aws_caller_identity.account.account_id}:secret:acme/domino/*",
    ]);
    expect(Object.keys(cluster.output.irsa_role_arns.value).sort()).toEqual(["cluster-autoscaler", "ebs-csi", "efs-csi", "external-secrets", "load-balancer-controller", "vpc-cni"]);
  });

  test("the custom add-on's Helm release in the k8s stage carries the role from the cluster stage's state", () => {
    const k8s = stacks["acme-k8s"];
    expect(helmReleases(k8s)).toEqual(["calico", "cluster-autoscaler", "external-secrets"]);
    const release = bodies(k8s, "helm_release").find((r) => r.name === "external-secrets");
    expect(release).toMatchObject({ repository: "https://charts.external-secrets.io", chart: "external-secrets", namespace: "external-secrets" });
    const values = JSON.parse(release.values[0]);
    expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-acme-cluster\.outputs\./,
    );
  });

  test("passes the provider-schema check and the security rules", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-library-"));
    try {
      const app = new App({ outdir });
      defineDeployment(app);
      app.synth();
      const report = verifyStacks(readSynthesizedStacks(outdir), loadSchemaSet());
      expect(report.problems.map(formatVerifyProblem)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("DominoDeployment props", () => {
  const bad = { deployId: "Acme!", availabilityZones: ["use1-az1", "use1-az2"], region: "us-east-1" } as const;

  test("invalid props throw a ConfigError listing every problem with its field, as the config file would", () => {
    let error: unknown;
    try {
      new DominoDeployment(new App(), bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).problems.map(formatProblem);
    expect(lines).toEqual(problemsOf(JSON.stringify(bad)));
    expect(lines).toEqual([
      "deployId: must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
      "availabilityZones: two zones are not supported: they leave an even number of nodes in a single failure domain; use one zone, or three for highly available platform services (a deployment adopted from Domino's Terraform in two zones may set adoption.twoZones: true)",
    ]);
    expect((error as ConfigError).message).toMatch(/^DominoDeployment "Acme!": 2 problem\(s\) in the deployment config:/);
  });

  test("a type error in the props is reported by field, not thrown by TypeScript alone", () => {
    const props = { nodePools: { default: { maxSize: "ten" } } } as unknown as DominoDeploymentProps;
    expect(() => new DominoDeployment(new App(), props)).toThrow(/nodePools\.default\.maxSize: must be a number, not string "ten"/);
  });

  test("{} is the spec's reference deployment, the same JSON as the config file's embedded default", () => {
    const fromProps = synth((app) => new DominoDeployment(app));
    const reference = JSON.parse(fs.readFileSync(path.join(ROOT, "addresses", "reference.json"), "utf8"));
    const addresses = (json: Json) => Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`)).sort();
    for (const [name, list] of Object.entries(reference)) expect(addresses(fromProps[name])).toEqual(list);
  });
});

describe("add-ons on DominoDeployment", () => {
  test("a built-in can be turned off", () => {
    const stacks = synth((app) => new DominoDeployment(app, {}, { disableAddons: ["calico", "cluster-autoscaler"] }));
    expect(helmReleases(stacks["domino-k8s"])).toEqual([]);
    expect(bodies(stacks["domino-nodes"], "aws_autoscaling_group_tag")).toEqual([]);
    expect(bodies(stacks["domino-cluster"], "aws_iam_role").map((r) => r.name)).not.toContain("domino-cluster-autoscaler");
    expect(stacks["domino-k8s"].output.domino_config.value).not.toMatch(/"calico" =/);
  });

  test("an add-on with a built-in's name replaces it in place", () => {
    const ownCalico: DominoAddon = {
      name: "calico",
      k8s: (ctx: K8sAddonContext) => {
        new DataAwsIamPolicyDocument(ctx.scope, "unused", { statement: [] });
      },
    };
    const deployment = new DominoDeployment(new App(), {}, { addons: [ownCalico] });
    expect(deployment.addons.map((a) => a.name)).toEqual([
      "vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "ebs-csi-driver", "efs-csi-driver", "calico", "cluster-autoscaler", "karpenter", "aws-load-balancer-controller",
      "external-dns", "service-account-roles",
    ]);
    expect(deployment.addons[6]).toBe(ownCalico);
  });

  test("the built-in names of the disableAddons type are the built-ins' names", () => {
    expect([...BUILT_IN_ADDON_NAMES]).toEqual(builtInAddons().map((a) => a.name));
  });

  test("an unknown name in disableAddons (from JavaScript), or two add-ons of one name, is an error that says what is allowed", () => {
    expect(() => new DominoDeployment(new App(), {}, { disableAddons: ["calcio"] as unknown as ["calico"] })).toThrow(
      "disableAddons names calcio, which is not a built-in add-on; built-ins: vpc-cni, kube-proxy, eks-pod-identity-agent, coredns, ebs-csi-driver, efs-csi-driver, calico, cluster-autoscaler",
    );
    const twin: DominoAddon = { name: "mine" };
    expect(() => new DominoDeployment(new App(), {}, { addons: [twin, { name: "mine" }] })).toThrow("two add-ons are named mine");
  });

  test("an add-on's rules run with the spec's, and addons.versions accepts the EKS add-ons it installs", () => {
    const guard: DominoAddon = {
      name: "guard",
      eksAddonNames: ["amazon-cloudwatch-observability"],
      rules: [({ deployment }) => (deployment.fqdn.endsWith(".example.com") ? [{ path: "fqdn", message: "must be a real domain" }] : [])],
    };
    expect(() => new DominoDeployment(new App(), { addons: { versions: { "amazon-cloudwatch-observability": "v1.0.0-eksbuild.1" } } }, { addons: [guard] })).toThrow(
      /fqdn: must be a real domain/,
    );
    expect(() => new DominoDeployment(new App(), { fqdn: "domino.acme.io", addons: { versions: { "amazon-cloudwatch-observability": "v1.0.0-eksbuild.1" } } }, { addons: [guard] })).not.toThrow();
    expect(() => new DominoDeployment(new App(), { addons: { versions: { "amazon-cloudwatch-observability": "v1.0.0-eksbuild.1" } } })).toThrow(
      /addons\.versions\.amazon-cloudwatch-observability: is not an add-on this project installs/,
    );
  });
});

describe("create or bring: VPC and KMS key providers", () => {
  test("an existing VPC and key handed in: no VPC or key is created, the given ids flow to the cluster stage", () => {
    const vpc = new ExistingVpcProvider({
      vpcId: "vpc-0123456789abcdef0",
      privateSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"],
      publicSubnetIds: [],
      podSubnetIds: [],
      controlPlaneSubnetIds: [],
    });
    const keyArn = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const key = new ExistingKeyProvider(keyArn);
    const stacks = synth((app) => new DominoDeployment(app, {}, { vpc, kmsKey: key }));
    const infra = stacks["domino-infra"];
    expect(resources(infra, "aws_vpc")).toEqual({});
    expect(resources(infra, "aws_subnet")).toEqual({});
    expect(resources(infra, "aws_kms_key")).toEqual({});
    expect(Object.values(dataSources(infra, "aws_vpc"))).toEqual([expect.objectContaining({ id: "vpc-0123456789abcdef0" })]);
    expect(Object.values(dataSources(infra, "aws_kms_key"))).toEqual([expect.objectContaining({ key_id: keyArn })]);
    expect(bodies(infra, "aws_efs_mount_target").map((m) => m.subnet_id).sort()).toEqual(
      ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"],
    );
  });

  test("a provider of your own is called with the infra stack and the plan", () => {
    const calls: string[] = [];
    const own = new CreateKeyProvider();
    const spy = { provide: (scope: Parameters<CreateKeyProvider["provide"]>[0], ctx: Parameters<CreateKeyProvider["provide"]>[1]) => {
      calls.push(`${(scope as unknown as { node: { id: string } }).node.id}:${ctx.plan.deployId}`);
      return own.provide(scope, ctx);
    } };
    const stacks = synth((app) => new DominoDeployment(app, { deployId: "spy" }, { kmsKey: spy }));
    expect(calls).toEqual(["spy-infra:spy"]);
    expect(bodies(stacks["spy-infra"], "aws_kms_key")).toHaveLength(1);
  });

  test("an existing VPC with the wrong number of private subnets is refused", () => {
    const vpc = new ExistingVpcProvider({ vpcId: "vpc-0123456789abcdef0", privateSubnetIds: ["subnet-00000000000000001"], publicSubnetIds: [], podSubnetIds: [], controlPlaneSubnetIds: [] });
    expect(() => new DominoDeployment(new App(), {}, { vpc })).toThrow("the existing VPC lists 1 private subnets; give one per zone (3), in availabilityZones order");
  });
});

describe("adoption: import blocks and two zones", () => {
  const CLUSTER = "aws_eks_cluster.control-plane_cluster_47C848BD";
  const blobsAddress = (() => {
    const infra = synth((app) => new DominoDeployment(app, {}))["domino-infra"];
    const [blobs] = Object.entries(resources(infra, "aws_s3_bucket")).filter(([, b]) => b.bucket === "domino-blobs");
    return `aws_s3_bucket.${blobs[0]}`;
  })();
  const imports: ImportBlock[] = [
    { stage: "infra", to: blobsAddress, id: "domino-blobs" },
    { stage: "cluster", to: CLUSTER, id: "domino" },
  ];

  test("each block is a top-level import in its stage's stack, in order, with exactly to and id", () => {
    const stacks = synth((app) => new DominoDeployment(app, {}, { imports }));
    expect(stacks["domino-infra"].import).toEqual([{ to: blobsAddress, id: "domino-blobs" }]);
    expect(stacks["domino-cluster"].import).toEqual([{ to: CLUSTER, id: "domino" }]);
    expect(stacks["domino-nodes"]).not.toHaveProperty("import");
    expect(stacks["domino-k8s"]).not.toHaveProperty("import");
    // Without imports the stacks have no import key at all.
    expect(synth((app) => new DominoDeployment(app, {}))["domino-infra"]).not.toHaveProperty("import");
  });

  test("stacks with import blocks pass the provider-schema check and the security rules", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-library-"));
    try {
      const app = new App({ outdir });
      new DominoDeployment(app, {}, { imports });
      app.synth();
      const report = verifyStacks(readSynthesizedStacks(outdir), loadSchemaSet());
      expect(report.problems.map(formatVerifyProblem)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("every problem at once, by index: an unknown address, another stage's resource, a repeat, an empty id", () => {
    const bad: ImportBlock[] = [
      { stage: "infra", to: "aws_s3_bucket.nope", id: "x" },
      { stage: "infra", to: CLUSTER, id: "domino" },
      { stage: "cluster", to: CLUSTER, id: "domino" },
      { stage: "cluster", to: CLUSTER, id: "domino" },
      { stage: "infra", to: blobsAddress, id: " " },
      { stage: "infra", to: `${blobsAddress}[0]`, id: "domino-blobs" },
    ];
    let error: unknown;
    try {
      new DominoDeployment(new App(), {}, { imports: bad });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map(formatProblem)).toEqual([
      "adoption.importsFile[0]: aws_s3_bucket.nope is not a resource of stack domino-infra; give the address of a managed resource as in that stack's cdk.tf.json (<type>.<logical id>)",
      `adoption.importsFile[1]: ${CLUSTER} is not a resource of stack domino-infra; it is one of stack domino-cluster (stage cluster)`,
      `adoption.importsFile[3]: ${CLUSTER} is imported twice into stack domino-cluster (also adoption.importsFile[2]); Terraform imports one object per address`,
      `adoption.importsFile[4]: the import id for ${blobsAddress} is empty; give the id of the existing object`,
      `adoption.importsFile[5]: ${blobsAddress}[0]: ${blobsAddress} of stack domino-infra has neither count nor for_each, so it has no instance [0]; import to ${blobsAddress}`,
    ]);
    expect((error as ConfigError).message).toMatch(/^DominoDeployment props: 5 problem\(s\)/);
  });

  test("two zones with a created VPC synthesize: two private and public subnets, the control plane in both, a node group per compute pool and zone", () => {
    const props: DominoDeploymentProps = {
      availabilityZones: ["usw2-az1", "usw2-az2"],
      adoption: { twoZones: true, reason: "adopted from Domino's Terraform (terraform-aws-eks 3.x) state" },
    };
    const stacks = synth((app) => new DominoDeployment(app, props));
    const subnets = bodies(stacks["domino-infra"], "aws_subnet");
    expect(subnets.map((s) => [s.availability_zone_id, s.cidr_block])).toEqual([
      ["usw2-az1", "10.0.0.0/19"], ["usw2-az2", "10.0.32.0/19"], ["usw2-az1", "10.0.64.0/27"], ["usw2-az2", "10.0.64.32/27"],
    ]);
    const [cluster] = bodies(stacks["domino-cluster"], "aws_eks_cluster");
    expect(cluster.vpc_config.subnet_ids).toHaveLength(2);
    const groups = bodies(stacks["domino-nodes"], "aws_eks_node_group");
    expect(groups.map((g) => g.node_group_name).sort()).toEqual([
      "domino-default-gpu-usw2-az1", "domino-default-gpu-usw2-az2", "domino-default-usw2-az1", "domino-default-usw2-az2", "domino-platform",
    ]);
    expect(groups.find((g) => g.node_group_name === "domino-platform").subnet_ids).toHaveLength(2);
  });
});

describe("importing the library", () => {
  test("creates nothing, prints nothing and reads no environment", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-import-"));
    try {
      const run = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(path.join(ROOT, "dist/constructs/index.js"))})`], {
        cwd,
        encoding: "utf8",
        env: { ...process.env, DOMINO_EKS_CONFIG: path.join(cwd, "missing.yaml") },
      });
      expect(run.status).toBe(0);
      expect(run.stdout + run.stderr).toBe("");
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  test("no library source reads files, the environment or the process arguments", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const text = fs.readFileSync(file, "utf8");
          if (/from "fs"|require\("fs"\)|process\.(env|argv|cwd)|require\.main/.test(text)) offenders.push(path.relative(ROOT, file));
        }
      }
    };
    walk(path.join(ROOT, "constructs"));
    expect(offenders).toEqual([]);
  });
});
