/**
 * Moved blocks: their JSON in a synthesized stack, addressOf against the keys of cdk.tf.json, the migration list, the
 * wiring into every stage stack, and (when a terraform binary is on PATH) Terraform itself renaming a state entry.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, DataResource, LocalBackend, TerraformCount, TerraformIterator, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { collectAddresses, type Json } from "../../cli/address-contract";
import { STAGES, type Stage } from "../../constructs/config/naming";
import type { DeploymentPlan } from "../../constructs/config/plan";
import { MIGRATIONS, type Migration } from "../../constructs/core/migrations";
import { addMovedBlock, addressOf } from "../../constructs/core/moved";

const hasTerraform = spawnSync("terraform", ["version"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).status === 0;
const withTerraform = hasTerraform ? test : test.skip;
if (!hasTerraform) console.warn("moved.test.ts: no terraform on PATH; skipping the test that runs terraform init/apply/plan");

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-moved-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * Builds one stack "demo" with build(), synthesizes it (with cdktf's validations) and returns its cdk.tf.json and
 * folder. The unit tests use AWS resources: cdktf validates a terraform_data resource by running `terraform version`,
 * and they must show that moved blocks need no terraform binary at synth (cdktf's own moveTo does).
 */
function synthStack<T>(name: string, build: (stack: TerraformStack) => T, skipValidation = false): { json: Json; dir: string; built: T } {
  const app = new App({ outdir: path.join(tmp, name), skipValidation });
  const stack = new TerraformStack(app, "demo");
  new LocalBackend(stack, { path: path.join(tmp, "state", "terraform.demo.tfstate") });
  const built = build(stack);
  app.synth();
  const dir = path.join(tmp, name, "stacks", "demo");
  return { json: JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")), dir, built };
}

describe("addMovedBlock", () => {
  test("writes one top-level moved list, in call order, with exactly from and to", () => {
    const { json } = synthStack("shape", (stack) => {
      new AwsProvider(stack, "aws", { region: "us-west-2" });
      new S3Bucket(stack, "keep", { bucket: "keep" });
      addMovedBlock(stack, "aws_s3_bucket.a", "aws_s3_bucket.b");
      addMovedBlock(stack, "aws_s3_bucket.c", "aws_s3_bucket.keep");
      addMovedBlock(stack, 'aws_s3_bucket.d["x"]', "aws_s3_bucket.e[0]");
    });
    expect(json.moved).toEqual([
      { from: "aws_s3_bucket.a", to: "aws_s3_bucket.b" },
      { from: "aws_s3_bucket.c", to: "aws_s3_bucket.keep" },
      { from: 'aws_s3_bucket.d["x"]', to: "aws_s3_bucket.e[0]" },
    ]);
    expect(Object.keys(json.moved[0])).toEqual(["from", "to"]);
    // No stack override, so cdk.tf.json's metadata is as without moved blocks.
    expect(json["//"].metadata.overrides).toBeUndefined();
    expect(collectAddresses({ demo: json }).moved).toEqual({ demo: json.moved });
  });

  test("a stack without moved blocks has no moved key", () => {
    const { json } = synthStack("none", (stack) => {
      new AwsProvider(stack, "aws", { region: "us-west-2" });
      new S3Bucket(stack, "keep", { bucket: "keep" });
    });
    expect(Object.keys(json.resource)).toEqual(["aws_s3_bucket"]);
    expect(json.moved).toBeUndefined();
  });

  test("refuses what Terraform would reject", () => {
    const stack = new TerraformStack(new App({ outdir: path.join(tmp, "refused") }), "demo");
    addMovedBlock(stack, "aws_vpc.a", "aws_vpc.b");
    expect(() => addMovedBlock(stack, "aws_vpc.a", "aws_vpc.c")).toThrow("demo: aws_vpc.a is already moved to aws_vpc.b");
    expect(() => addMovedBlock(stack, "aws_vpc.x", "aws_vpc.x")).toThrow("from and to are both aws_vpc.x");
    expect(() => addMovedBlock(stack, "data.aws_vpc.x", "data.aws_vpc.y")).toThrow("not a managed resource address");
    expect(() => addMovedBlock(stack, "demo-infra/aws_vpc.x", "aws_vpc.y")).toThrow("not a managed resource address");
    expect(() => addMovedBlock(stack, "aws_vpc", "aws_vpc.y")).toThrow("not a managed resource address");
  });
});

describe("addressOf", () => {
  test("is the type and key of the resource in cdk.tf.json, also with forEach, count, nesting and overrideLogicalId", () => {
    const { json, built } = synthStack("addresses", (stack) => {
      new AwsProvider(stack, "aws", { region: "us-west-2" });
      const group = new Construct(new Construct(stack, "outer"), "inner");
      const overridden = new S3Bucket(stack, "overridden");
      overridden.overrideLogicalId("fixed_name");
      const each = TerraformIterator.fromList(["a", "b"]);
      return [
        new S3Bucket(stack, "plain"),
        new S3Bucket(group, "nested"),
        new S3Bucket(group, "each", { forEach: each, bucket: each.value }),
        new S3Bucket(group, "counted", { count: TerraformCount.of(2) }),
        overridden,
      ].map(addressOf);
    });
    expect(built).toHaveLength(5);
    expect([...built].sort()).toEqual(collectAddresses({ demo: json }).addresses.demo);
    expect(built[4]).toBe("aws_s3_bucket.fixed_name");
    expect(built[1]).toMatch(/^aws_s3_bucket\.outer_inner_nested_[0-9A-F]{8}$/);
    expect(json.resource.aws_s3_bucket[built[2].split(".")[1]].for_each).toBeDefined();
    expect(json.resource.aws_s3_bucket[built[3].split(".")[1]].count).toBe(2);
  });

  test("fixes the logical id: a later overrideLogicalId fails instead of being ignored", () => {
    const stack = new TerraformStack(new App({ outdir: path.join(tmp, "late") }), "demo");
    const resource = new S3Bucket(stack, "r");
    expect(addressOf(resource)).toBe("aws_s3_bucket.r");
    expect(() => resource.overrideLogicalId("other")).toThrow(/Logical ID may not be overridden/);
  });
});

describe("the migration list", () => {
  const address = /^(module\.[A-Za-z_][\w-]*(\[[^\]]+\])?\.)*[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/;

  test("every entry is complete, and no stage moves one address twice", () => {
    for (const m of MIGRATIONS) {
      expect([m.from, STAGES.includes(m.stage), address.test(m.from), address.test(m.to), m.from !== m.to]).toEqual([m.from, true, true, true, true]);
      expect([m.from, m.since]).toEqual([m.from, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
      expect([m.from, m.reason.trim().length > 0]).toEqual([m.from, true]);
    }
    const keys = MIGRATIONS.map((m) => `${m.stage} ${m.from}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test("each stage stack writes a moved block for every migration of its stage, beside its backend", () => {
    const migrations: Migration[] = [
      { stage: "infra", from: "aws_vpc.old_vpc", to: "aws_vpc.new_vpc", since: "0.2.0", reason: "test" },
      { stage: "infra", from: "aws_subnet.old", to: "aws_subnet.new", since: "0.2.0", reason: "test" },
      { stage: "k8s", from: "helm_release.old", to: "helm_release.new", since: "0.2.0", reason: "test" },
    ];
    let json: Record<string, Json> = {};
    jest.isolateModules(() => {
      jest.doMock("../../constructs/core/migrations", () => ({ MIGRATIONS: migrations }));
      /* eslint-disable @typescript-eslint/no-require-imports */
      const cdktf: typeof import("cdktf") = require("cdktf");
      const { StageStack }: typeof import("../../constructs/core/stage-stack") = require("../../constructs/core/stage-stack");
      const { planOf }: typeof import("../helpers/config") = require("../helpers/config");
      /* eslint-enable @typescript-eslint/no-require-imports */
      class Bare extends StageStack {
        constructor(scope: Construct, plan: DeploymentPlan, stage: Stage) {
          super(scope, plan, stage);
        }
      }
      const app = new cdktf.App({ outdir: path.join(tmp, "wired") });
      const plan = planOf();
      json = Object.fromEntries(STAGES.map((stage) => new Bare(app, plan, stage)).map((s) => [s.node.id, JSON.parse(cdktf.Testing.synth(s))]));
    });
    const movedOf = (stack: string) => json[stack].moved;
    expect(Object.keys(json)).toEqual(["domino-infra", "domino-cluster", "domino-nodes", "domino-k8s"]);
    expect(movedOf("domino-infra")).toEqual([
      { from: "aws_vpc.old_vpc", to: "aws_vpc.new_vpc" },
      { from: "aws_subnet.old", to: "aws_subnet.new" },
    ]);
    expect(movedOf("domino-cluster")).toBeUndefined();
    expect(movedOf("domino-nodes")).toBeUndefined();
    expect(movedOf("domino-k8s")).toEqual([{ from: "helm_release.old", to: "helm_release.new" }]);
    expect(json["domino-infra"].terraform.backend.local).toBeDefined();
  });
});

describe("terraform", () => {
  /**
   * Offline: terraform_data is built in, and the CLI config installs providers only from an empty folder, so nothing
   * can reach a registry; no checkpoint call; the user's CLI config and TF_* settings are left out.
   */
  function terraform(dir: string, args: string[]): string {
    const cliConfig = path.join(tmp, "terraformrc");
    if (!fs.existsSync(cliConfig)) {
      fs.mkdirSync(path.join(tmp, "no-providers"));
      fs.writeFileSync(cliConfig, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = "${path.join(tmp, "no-providers")}"\n  }\n}\n`);
    }
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TF_") && k !== "CHECKPOINT_DISABLE"));
    const result = spawnSync("terraform", [`-chdir=${dir}`, ...args], {
      encoding: "utf8",
      env: { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_CLI_CONFIG_FILE: cliConfig },
    });
    if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  /** v1: `old` and `keep`. v2: `old` rebuilt under another construct path (a new address), and `keep`. */
  const v1 = (stack: TerraformStack) => [new DataResource(stack, "old", { input: { v: "a" } }), new DataResource(stack, "keep", { input: { v: "k" } })].map(addressOf);
  const v2 = (stack: TerraformStack) => {
    new DataResource(stack, "keep", { input: { v: "k" } });
    return addressOf(new DataResource(new Construct(stack, "renamed"), "old", { input: { v: "a" } }));
  };

  withTerraform(
    "accepts the moved blocks: the plan moves the state entry and replaces nothing; without the block it would replace",
    () => {
      // Without cdktf's validations: they would run `terraform version` outside the offline setup below.
      const before = synthStack("v1", v1, true);
      terraform(before.dir, ["init", "-no-color"]);
      terraform(before.dir, ["apply", "-auto-approve", "-no-color"]);
      const [oldAddress, keepAddress] = before.built;

      const control = synthStack("v2-without-moved", v2, true);
      terraform(control.dir, ["init", "-no-color"]);
      expect(terraform(control.dir, ["plan", "-no-color"])).toContain("Plan: 1 to add, 0 to change, 1 to destroy.");

      const after = synthStack("v2", (stack) => {
        const to = v2(stack);
        addMovedBlock(stack, oldAddress, to);
        return to;
      }, true);
      const newAddress = after.built;
      expect(after.json.moved).toEqual([{ from: "terraform_data.old", to: newAddress }]);
      terraform(after.dir, ["init", "-no-color"]);
      expect(terraform(after.dir, ["validate", "-no-color"])).toContain("The configuration is valid.");
      const plan = terraform(after.dir, ["plan", "-no-color", "-out=tfplan"]);
      expect(plan).toContain(`# ${oldAddress} has moved to ${newAddress}`);
      expect(plan).toContain("Plan: 0 to add, 0 to change, 0 to destroy.");
      const version = terraform(tmp, ["version"]).split("\n")[0];
      console.log(`moved.test.ts, ${version}: ${plan.split("\n").find((l) => l.includes("has moved to"))?.trim()}`);
      const changes = JSON.parse(terraform(after.dir, ["show", "-json", "tfplan"])).resource_changes as Json[];
      expect(changes.map((c) => [c.address, c.previous_address, c.change.actions]).sort()).toEqual([
        [keepAddress, undefined, ["no-op"]],
        [newAddress, oldAddress, ["no-op"]],
      ].sort());
      terraform(after.dir, ["apply", "-no-color", "tfplan"]);
      expect(terraform(after.dir, ["state", "list"]).trim().split("\n").sort()).toEqual([keepAddress, newAddress].sort());
    },
    120_000,
  );
});
