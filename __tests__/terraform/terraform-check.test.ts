/**
 * The terraform check (cli/terraform-check.ts, cli/terraform/): the pure parts without terraform (diagnostic
 * classification, the generated mock-plan file, the CLI configuration, versions and the mirror), and one real run on
 * one small example when terraform and a provider mirror are present (skipped otherwise, so npm test needs neither).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { main, selectExamples } from "../../cli/terraform-check";
import { main as validateMain, runCli as validateCli } from "../../cli/validate";
import { classifyDiagnostic, describeDiagnostic, diagnosticAddress, parseTestOutput, parseValidateOutput, type SchemaPair, type TerraformDiagnostic } from "../../cli/terraform/diagnostics";
import { hclString, hclValue } from "../../cli/terraform/hcl";
import { mockOutputValue, mockTestFile, remoteStateReads } from "../../cli/terraform/mocks";
import { awsContextFor, mockUuid } from "../../cli/terraform/plausible";
import { errorText, terraformEnv } from "../../cli/terraform/run";
import { chooseVersion, cliConfigText, findMirror, findTerraform, lockedVersions, mirrorProviders, satisfies, TerraformSetupError } from "../../cli/terraform/setup";
import type { JsonObject } from "../../verify/json";
import type { ProviderSchema, SchemaAttribute } from "../../verify/schema/types";
import { readSynthesizedStacks, type SynthesizedStack } from "../../verify/stacks";
import { terraformAvailable } from "../helpers/terraform";

const ROOT = path.resolve(__dirname, "../..");
const temps: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-tfcheck-test-"));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function collect() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("CLI configuration, versions, mirror", () => {
  test("the CLI configuration installs every registry provider from the mirror and nothing directly", () => {
    expect(cliConfigText("/opt/tf-plugins")).toBe(
      [
        "provider_installation {",
        "  filesystem_mirror {",
        '    path    = "/opt/tf-plugins"',
        '    include = ["registry.terraform.io/*/*"]',
        "  }",
        "  direct {",
        '    exclude = ["registry.terraform.io/*/*"]',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  test("version constraints", () => {
    expect(satisfies("6.25.0", "~> 6.25")).toBe(true);
    expect(satisfies("6.40.1", "~> 6.25")).toBe(true);
    expect(satisfies("5.100.0", "~> 6.25")).toBe(false);
    expect(satisfies("7.0.0", "~> 6.25")).toBe(false);
    expect(satisfies("6.25.3", "~> 6.25.1")).toBe(true);
    expect(satisfies("6.26.0", "~> 6.25.1")).toBe(false);
    expect(satisfies("5.1.0", ">= 5.0, < 6")).toBe(true);
    expect(satisfies("2.38.0", "2.38.0")).toBe(true);
    expect(satisfies("1.0.0", undefined)).toBe(true);
    expect(chooseVersion(["5.100.0"], "~> 6.25")).toEqual({ version: "5.100.0", rewrite: true });
    expect(chooseVersion(["5.100.0", "6.25.0", "6.30.0"], "~> 6.25")).toEqual({ version: "6.30.0", rewrite: false });
    expect(chooseVersion([], "~> 6.25")).toBeUndefined();
  });

  test("mirror layouts (unpacked and packed), and the mirror search order", () => {
    const mirror = tempDir();
    const aws = path.join(mirror, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64");
    fs.mkdirSync(aws, { recursive: true });
    const helm = path.join(mirror, "registry.terraform.io/hashicorp/helm");
    fs.mkdirSync(helm, { recursive: true });
    fs.writeFileSync(path.join(helm, "terraform-provider-helm_3.1.1_linux_amd64.zip"), "");
    fs.writeFileSync(path.join(helm, "terraform-provider-helm_3.0.0_darwin_arm64.zip"), "");
    expect(mirrorProviders(mirror, "linux_amd64")).toEqual(
      new Map([
        ["registry.terraform.io/hashicorp/aws", ["5.100.0"]],
        ["registry.terraform.io/hashicorp/helm", ["3.1.1"]],
      ]),
    );
    const other = tempDir();
    expect(findMirror(mirror, { TF_PLUGIN_MIRROR: other })).toBe(mirror);
    expect(findMirror(undefined, { TF_PLUGIN_MIRROR: other })).toBe(other);
    expect(() => findMirror(path.join(mirror, "missing"), {})).toThrow(TerraformSetupError);
    const home = tempDir();
    fs.mkdirSync(path.join(home, ".terraform.d/plugins"), { recursive: true });
    const found = findMirror(undefined, {}, home);
    expect([fs.existsSync("/opt/tf-plugins") ? "/opt/tf-plugins" : path.join(home, ".terraform.d/plugins")]).toContain(found);
  });

  test("lock file versions", () => {
    const lock = 'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n  constraints = "5.100.0"\n  hashes = [\n    "h1:abc=",\n  ]\n}\n';
    expect(lockedVersions(lock)).toEqual(new Map([["registry.terraform.io/hashicorp/aws", "5.100.0"]]));
  });

  test("terraform processes get no checkpoint call, no prompts, the run's CLI configuration, none of the user's overrides", () => {
    const env = terraformEnv({ PATH: "/bin", TF_CLI_ARGS_plan: "-refresh=false", TF_DATA_DIR: "/x", TF_PLUGIN_CACHE_DIR: "/c" }, "/tmp/rc");
    expect(env).toEqual({ PATH: "/bin", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", TF_CLI_CONFIG_FILE: "/tmp/rc" });
    expect(terraformEnv({ TF_PLUGIN_CACHE_DIR: "/c" }, undefined).TF_PLUGIN_CACHE_DIR).toBe("/c");
  });

  test("no terraform on PATH: a setup error with a clear message, and exit 2 without a stack trace", async () => {
    expect(() => findTerraform({ PATH: tempDir() })).toThrow(/no terraform on PATH/);
    const run = collect();
    const code = await main(["--example", "reference"], run.io, ROOT, { PATH: tempDir() });
    expect(code).toBe(2);
    expect(run.err.join("\n")).toMatch(/^terraform-check: no terraform on PATH: install Terraform 1\.11\.0 or later/);
    expect(run.err.join("\n")).not.toMatch(/\n\s+at /);
  });

  test("usage errors exit 2", async () => {
    for (const argv of [["--jobs", "0"], ["--example", "nope"], ["--bogus"]]) {
      const run = collect();
      expect(await main(argv, run.io, ROOT, { PATH: "" })).toBe(2);
      expect(run.err.join("\n")).toMatch(/^terraform-check: /);
    }
    expect(selectExamples(ROOT, ["reference", "library", "byo-kms.yaml"])).toEqual(["reference.yaml", "library", "byo-kms.yaml"]);
    expect(selectExamples(ROOT, undefined)).toContain("library");
    expect(selectExamples(ROOT, undefined)).not.toContain("two-zones.yaml");
  });

  test("npm run validate -- --terraform: the same setup errors, and --mirror/--jobs only with it", async () => {
    const out = tempDir();
    synthesize(parseConfig(fs.readFileSync(path.join(ROOT, "examples/single-zone.yaml"), "utf8"), "single-zone.yaml"), out);
    const noTerraform = collect();
    expect(await validateCli(["--out", out, "--no-config", "--terraform"], noTerraform.io, { PATH: tempDir() })).toBe(2);
    expect(noTerraform.err.join("\n")).toMatch(/^validate: no terraform on PATH/);
    const mirrorAlone = collect();
    expect(await validateCli(["--out", out, "--no-config", "--mirror", "/opt/tf-plugins"], mirrorAlone.io)).toBe(2);
    expect(mirrorAlone.err.join("\n")).toBe("validate: --mirror and --jobs go with --terraform");
    const sync = collect();
    expect(validateMain(["--out", out, "--terraform"], sync.io)).toBe(2);
    const offline = collect();
    expect(await validateCli(["--out", out, "--no-config"], offline.io)).not.toBe(2);
    expect(offline.out.join("\n")).toContain("domino-dev-infra");
  });

  test("a command's error output on one line, from its first Error:", () => {
    expect(errorText("\n╷\n│ Error: Failed to query\n│ \n│ Could not retrieve\n╵\n")).toBe("Error: Failed to query Could not retrieve");
  });
});

describe("diagnostics", () => {
  const attr = (extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({ type: "string", optional: true, ...extra });
  // The bundled (newer) schema has what the installed (older) one lacks: a top-level argument, a nested one, a
  // resource type, and an attribute that became configurable.
  const bundled: ProviderSchema = {
    resource_schemas: {
      aws_eks_cluster: {
        block: {
          attributes: { name: attr({ required: true, optional: undefined }), deletion_protection: { type: "bool", optional: true }, arn: { type: "string", computed: true } },
          block_types: {
            vpc_config: { nesting_mode: "list", max_items: 1, block: { attributes: { subnet_ids: { type: ["set", "string"], required: true }, new_nested: attr() } } },
          },
        },
      },
      aws_s3_bucket: { block: { attributes: { bucket: attr(), region: attr({ computed: true }) } } },
      aws_new_thing: { block: { attributes: { name: attr() } } },
    },
  };
  const installed: ProviderSchema = {
    resource_schemas: {
      aws_eks_cluster: {
        block: {
          attributes: { name: attr({ required: true, optional: undefined }), arn: { type: "string", computed: true } },
          block_types: { vpc_config: { nesting_mode: "list", max_items: 1, block: { attributes: { subnet_ids: { type: ["set", "string"], required: true } } } } },
        },
      },
      aws_s3_bucket: { block: { attributes: { bucket: attr(), region: { type: "string", computed: true } } } },
    },
  };
  const stack: JsonObject = {
    resource: {
      aws_eks_cluster: { c: { name: "x", deletion_protection: false, vpc_config: { subnet_ids: [], new_nested: "y" } } },
      aws_s3_bucket: { b: { bucket: "x", region: "us-west-2" } },
      aws_new_thing: { t: { name: "x" } },
    },
  };
  const schemas = (name: string): SchemaPair | undefined => (name === "aws" ? { bundled, installed } : undefined);
  const error = (summary: string, detail: string, address?: string): TerraformDiagnostic => ({ severity: "error", summary, detail, address });
  const classify = (d: TerraformDiagnostic) => classifyDiagnostic({ diagnostic: d, stack, schemas });

  test("an argument or block the bundled schema has and the installed provider lacks is version skew", () => {
    expect(classify(error("Extraneous JSON object property", 'No argument or block type is named "deletion_protection".', "aws_eks_cluster.c"))).toBe("skew");
    expect(classify(error("Unsupported argument", 'An argument named "new_nested" is not expected here.', "aws_eks_cluster.c"))).toBe("skew");
    expect(classify(error("Value for unconfigurable attribute", 'Can\'t configure a value for "region": its value will be decided automatically.', "aws_s3_bucket.b"))).toBe("skew");
    expect(classify(error("Invalid resource type", 'The provider hashicorp/aws does not support resource type "aws_new_thing".', "aws_new_thing.t"))).toBe("skew");
  });

  test("everything else is an error: unknown everywhere, defined the same in both, or not an argument problem", () => {
    expect(classify(error("Extraneous JSON object property", 'No argument or block type is named "bogus".', "aws_eks_cluster.c"))).toBe("error");
    expect(classify(error("Incorrect attribute value type", 'Inappropriate value for attribute "subnet_ids": set of string required.', "aws_eks_cluster.c"))).toBe("error");
    expect(classify(error('"name" (x) is not a valid name', "", "aws_eks_cluster.c"))).toBe("error");
    expect(classify(error("Invalid for_each argument", "The for_each map includes keys derived from resource attributes", "aws_eks_cluster.c"))).toBe("error");
    expect(classify(error("Invalid KMS Key ARN", 'Value must be a valid KMS Key ARN, got "arn:aws:kms:x"', "data.terraform_remote_state.infra"))).toBe("error");
    // Without the installed provider's schema nothing is proven to be skew.
    expect(classifyDiagnostic({ diagnostic: error("Unsupported argument", 'An argument named "new_nested" is not expected here.', "aws_eks_cluster.c"), stack, schemas: () => ({ bundled }) })).toBe("error");
    expect(classify({ severity: "warning", summary: "Deprecated attribute", detail: "" })).toBe("warning");
  });

  test("JSON output of validate and test, addresses from snippets, one-line descriptions", () => {
    const validate = parseValidateOutput(JSON.stringify({ valid: false, diagnostics: [{ severity: "error", summary: "S", detail: "line one\n\nline two", snippet: { context: "resource.aws_s3_bucket.b" } }] }));
    expect(validate?.valid).toBe(false);
    const d = validate?.diagnostics[0] as TerraformDiagnostic;
    expect(diagnosticAddress(d)).toBe("aws_s3_bucket.b");
    expect(describeDiagnostic(d)).toBe("S: line one line two");
    expect(parseValidateOutput("not json")).toBeUndefined();
    const lines = [
      '{"type":"version","terraform":"1.11.4"}',
      '{"type":"diagnostic","diagnostic":{"severity":"error","summary":"X","detail":"","address":"aws_iam_role.r"}}',
      '{"type":"test_summary","test_summary":{"status":"error"}}',
    ].join("\n");
    expect(parseTestOutput(lines)).toEqual({ status: "error", diagnostics: [{ severity: "error", summary: "X", detail: "", address: "aws_iam_role.r", snippet: undefined }] });
  });
});

describe("the mock-plan file", () => {
  test("HCL strings keep ${ and %{ literal", () => {
    expect(hclString('a${b}%{c}"\n')).toBe('"a$${b}%%{c}\\"\\n"');
    expect(hclValue({ k: ["a", 1, true, null] }, 0)).toBe('{\n  "k" = [\n    "a",\n    1,\n    true,\n    null,\n  ]\n}');
  });

  const producer: SynthesizedStack = {
    name: "acme-infra",
    json: {
      terraform: { backend: { local: { path: "../infra.tfstate" } } },
      provider: { aws: [{ region: "us-gov-west-1" }] },
      resource: { aws_iam_role: { node_ABCDEF12: { name: "acme-nodes" } }, aws_s3_bucket: { blobs_12345678: { bucket: "acme-blobs" } } },
      output: {
        subnet_ids: { value: ["${aws_subnet.a_11111111.id}", "${aws_subnet.b_22222222.id}"] },
        bucket_names: { value: { blobs: "${aws_s3_bucket.blobs_12345678.bucket}" } },
        role: { value: "${aws_iam_role.node_ABCDEF12.arn}" },
        registry: { value: "${data.aws_caller_identity.c.account_id}.dkr.ecr.us-gov-west-1.${data.aws_partition.p.dns_suffix}" },
        records: { value: "${tolist(aws_acm_certificate.c.domain_validation_options)}" },
      },
    },
  };
  const ref = (output: string) => `\${data.terraform_remote_state.cross-stack-reference-input-acme-infra.outputs.${output}}`;
  const consumer: SynthesizedStack = {
    name: "acme-cluster",
    json: {
      terraform: { required_providers: { aws: { source: "hashicorp/aws", version: "~> 6.25" } } },
      provider: { aws: [{ region: "us-gov-west-1" }, { region: "us-gov-east-1", alias: "east" }] },
      data: {
        terraform_remote_state: { "cross-stack-reference-input-acme-infra": { backend: "local", config: { path: "../infra.tfstate" } } },
        aws_partition: { p: {} },
        aws_availability_zone: { z: { zone_id: "usgw1-az2" } },
        aws_iam_policy_document: { d: {} },
      },
      resource: {
        aws_eks_cluster: { c: { subnet_ids: ref("subnet_ids"), role_arn: ref("role"), tags: { b: `\${${ref("bucket_names").slice(2, -1)}["blobs"]}`, r: ref("registry"), l: ref("records"), m: ref("missing_ids") } } },
      },
    },
  };

  test("every remote-state output the stack reads, and nothing else", () => {
    expect(remoteStateReads(consumer.json)).toEqual(new Map([["cross-stack-reference-input-acme-infra", ["bucket_names", "missing_ids", "records", "registry", "role", "subnet_ids"]]]));
  });

  test("override_data with outputs shaped like the producer's (lists, maps, strings), plausible for the partition", () => {
    const text = mockTestFile(consumer, [producer, consumer]);
    expect(text).toContain("override_data {\n  target = data.terraform_remote_state.cross-stack-reference-input-acme-infra\n");
    expect(text).toMatch(/"subnet_ids" = \[\n\s+"subnet-[0-9a-f]{17}",\n\s+"subnet-[0-9a-f]{17}",\n\s+\]/);
    expect(text).toContain('"bucket_names" = {\n        "blobs" = "acme-blobs"\n      }');
    expect(text).toContain('"role" = "arn:aws-us-gov:iam::123456789012:role/acme-nodes"');
    expect(text).toContain('"registry" = "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com"');
    expect(text).toContain('"records" = []');
    expect(text).toContain('"missing_ids" = []');
    // the data sources whose values the provider parses at plan, with the stack's partition and zone names
    expect(text).toContain('mock_data "aws_partition" {\n    defaults = {\n      "partition" = "aws-us-gov"');
    expect(text).toContain('"json" = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"');
    expect(text).toContain('target = data.aws_availability_zone.z\n  values = {\n    "name" = "us-gov-west-1b"\n    "zone_id" = "usgw1-az2"');
    expect(text).not.toContain("aws_ssm_parameter");
    // one mock per provider configuration, alias included, and one plan
    expect(text).toContain('mock_provider "aws" {\n  alias = "east"');
    expect(text.match(/^run "plan" \{\n {2}command = plan\n\}$/m)).not.toBeNull();
  });

  test("plausible values: producer literals, ARNs by service, KMS key ids in AWS's UUID form", () => {
    const ctx = awsContextFor("us-west-2");
    expect(mockOutputValue("${aws_eks_cluster.c.version}", { resource: { aws_eks_cluster: { c: { version: "1.35" } } } }, ctx)).toBe("1.35");
    expect(mockOutputValue("${aws_kms_key.k.arn}", {}, ctx)).toMatch(/^arn:aws:kms:us-west-2:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mockOutputValue("${data.aws_kms_key.k.arn}", { data: { aws_kms_key: { k: { key_id: "arn:aws:kms:us-west-2:1:key/x" } } } }, ctx)).toBe("arn:aws:kms:us-west-2:1:key/x");
    expect(Buffer.from(String(mockOutputValue("${aws_eks_cluster.c.certificate_authority[0].data}", {}, ctx)), "base64").toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // A splat of a computed block is a list of one; the service CIDR one that cidrhost() takes.
    expect(mockOutputValue("${aws_eks_cluster.c.kubernetes_network_config[*].service_ipv4_cidr}", {}, ctx)).toEqual(["172.20.0.0/16"]);
    expect(mockUuid("a")).toBe(mockUuid("a"));
    expect(awsContextFor("cn-north-1")).toMatchObject({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
  });

  test("every AWS stack of an example gets a file whose remote-state overrides cover all its reads", () => {
    const out = tempDir();
    synthesize(parseConfig(fs.readFileSync(path.join(ROOT, "examples/single-zone.yaml"), "utf8"), "single-zone.yaml"), out);
    const stacks = readSynthesizedStacks(out);
    for (const stack of stacks) {
      const text = mockTestFile(stack, stacks);
      for (const [data, outputs] of remoteStateReads(stack.json)) {
        expect(text).toContain(`target = data.terraform_remote_state.${data}\n`);
        for (const output of outputs) expect(text).toContain(`"${output}" = `);
      }
    }
  });
});

const hasTerraform = terraformAvailable();
const withTerraform = hasTerraform ? test : test.skip;
if (!hasTerraform) console.warn("terraform-check.test.ts: no terraform on PATH or no provider mirror; skipping the real run");

withTerraform(
  "npm run terraform-check -- --example single-zone: every AWS stack validated and planned against mocks",
  async () => {
    const run = collect();
    const code = await main(["--example", "single-zone", "--jobs", "2"], run.io, ROOT);
    const out = run.out.join("\n");
    expect({ code, stderr: run.err.join("\n") }).toEqual({ code: 0, stderr: "" });
    for (const stage of ["infra", "cluster", "nodes"]) expect(out).toMatch(new RegExp(`^(ok|skew) +single-zone domino-dev-${stage} `, "m"));
    expect(out).toMatch(/3 planned against mocks/);
  },
  90_000,
);
