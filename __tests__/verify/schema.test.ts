import * as zlib from "zlib";
import { JsonObject } from "../../verify/json";
import { formatProblem, Problem } from "../../verify/problem";
import { checkStacks, checkTerraformJson, normalizeProviderSource } from "../../verify/schema/check-stack";
import { loadSchemaSet } from "../../verify/schema/load";
import { SchemaSet } from "../../verify/schema/types";
import { addResource, cleanStacks, dataSource, infraStack, k8sStack, removeTempDirs, resource, writeTempFile } from "./fixtures";

// Loaded once for the whole file: the aws schema is ~5 MB of JSON.
let schemas: SchemaSet;
beforeAll(() => {
  schemas = loadSchemaSet();
});
afterAll(removeTempDirs);

const lines = (problems: readonly Problem[]): string[] => problems.map(formatProblem);
const infraProblems = (json: JsonObject): string[] => lines(checkTerraformJson("infra", json, schemas));
const k8sProblems = (json: JsonObject): string[] => lines(checkTerraformJson("k8s", json, schemas));

describe("provider-schema check", () => {
  test("the clean fixtures pass", () => {
    expect(checkStacks(cleanStacks(), schemas)).toEqual([]);
  });

  test("bundled schemas cover aws, kubernetes, helm and the builtin provider", () => {
    expect([...schemas.providers.keys()].sort()).toEqual([
      "registry.terraform.io/hashicorp/aws",
      "registry.terraform.io/hashicorp/helm",
      "registry.terraform.io/hashicorp/kubernetes",
      "terraform.io/builtin/terraform",
    ]);
  });

  describe("the three schema faults name stack, resource and attribute", () => {
    test("misspelled argument in a nested block", () => {
      const json = infraStack();
      resource(json, "aws_s3_bucket_versioning", "blobs_versioning").versioning_configuration = { statuss: "Enabled" };
      expect(infraProblems(json)).toEqual([
        "infra: aws_s3_bucket_versioning.blobs_versioning: versioning_configuration.status: missing required argument",
        'infra: aws_s3_bucket_versioning.blobs_versioning: versioning_configuration.statuss: unknown argument "statuss"; did you mean "status"?',
      ]);
    });

    test("missing required block", () => {
      const json = infraStack();
      delete resource(json, "aws_eks_cluster", "cluster").vpc_config;
      expect(infraProblems(json)).toEqual(["infra: aws_eks_cluster.cluster: vpc_config: missing required block (at least 1)"]);
    });

    test("computed-only attribute set", () => {
      const json = infraStack();
      resource(json, "aws_s3_bucket", "blobs").arn = "arn:aws:s3:::domino-blobs";
      expect(infraProblems(json)).toEqual(["infra: aws_s3_bucket.blobs: arn: computed by the provider; cannot be set"]);
    });
  });

  test("misspelled top-level argument and unknown resource type get suggestions", () => {
    const json = infraStack();
    resource(json, "aws_s3_bucket", "blobs").force_destory = true;
    addResource(json, "aws_s3_buckt", "typo", {});
    expect(infraProblems(json)).toEqual([
      'infra: aws_s3_bucket.blobs: force_destory: unknown argument "force_destory"; did you mean "force_destroy"?',
      'infra: aws_s3_buckt.typo: unknown resource type "aws_s3_buckt"; did you mean "aws_s3_bucket"? (registry.terraform.io/hashicorp/aws)',
    ]);
  });

  test("data sources are addressed as data.<type>.<name>", () => {
    const json = infraStack();
    dataSource(json, "aws_iam_policy_document", "blobs_tls").statment = [];
    expect(infraProblems(json)).toEqual([
      'infra: data.aws_iam_policy_document.blobs_tls: statment: unknown argument "statment"; did you mean "statement"?',
    ]);
  });

  test("unknown keys in list(object) attributes are reported with their index", () => {
    const json = infraStack();
    const ingress = resource(json, "aws_security_group", "nodes").ingress as JsonObject[];
    ingress[0].cidr_block = ["10.0.0.0/8"];
    expect(infraProblems(json)).toEqual([
      'infra: aws_security_group.nodes: ingress[0].cidr_block: unknown attribute "cidr_block"; did you mean "cidr_blocks"?',
    ]);
  });

  test("block counts: max_items, and a single block as object or one-element array", () => {
    const json = infraStack();
    const versioning = resource(json, "aws_s3_bucket_versioning", "blobs_versioning");
    versioning.versioning_configuration = [{ status: "Enabled" }];
    expect(infraProblems(json)).toEqual([]);
    versioning.versioning_configuration = [{ status: "Enabled" }, { status: "Suspended" }];
    expect(infraProblems(json)).toEqual([
      "infra: aws_s3_bucket_versioning.blobs_versioning: versioning_configuration: at most 1 block(s) allowed, found 2",
    ]);
  });

  test("an empty list for a required block is too few", () => {
    const json = infraStack();
    resource(json, "aws_s3_bucket_server_side_encryption_configuration", "blobs_sse").rule = [];
    expect(infraProblems(json)).toEqual([
      "infra: aws_s3_bucket_server_side_encryption_configuration.blobs_sse: rule: at least 1 block(s) required, found 0",
    ]);
  });

  describe("literal value types", () => {
    test("clearly wrong types are reported", () => {
      const json = infraStack();
      const template = resource(json, "aws_launch_template", "nodes");
      template.name_prefix = { value: "x" };
      template.metadata_options = { http_tokens: "required", http_put_response_hop_limit: "two" };
      template.update_default_version = "yes";
      template.vpc_security_group_ids = "sg-1";
      resource(json, "aws_eks_cluster", "cluster").version = ["1.33"];
      expect(infraProblems(json)).toEqual([
        'infra: aws_eks_cluster.cluster: version: expected string, found list',
        "infra: aws_launch_template.nodes: metadata_options.http_put_response_hop_limit: expected number, found string \"two\"",
        "infra: aws_launch_template.nodes: name_prefix: expected string, found object",
        'infra: aws_launch_template.nodes: update_default_version: expected bool, found string "yes"',
        'infra: aws_launch_template.nodes: vpc_security_group_ids: expected set of string, found string "sg-1"',
      ]);
    });

    test("Terraform's conversions and expressions are accepted", () => {
      const json = infraStack();
      const template = resource(json, "aws_launch_template", "nodes");
      template.metadata_options = { http_tokens: "required", http_put_response_hop_limit: "2" };
      template.update_default_version = "true";
      template.description = 42;
      template.vpc_security_group_ids = "${toset([aws_security_group.nodes.id])}";
      template.tags = { count: 3, enabled: true };
      expect(infraProblems(json)).toEqual([]);
    });
  });

  test("meta-arguments and cdktf metadata are ignored", () => {
    const json = infraStack();
    Object.assign(resource(json, "aws_efs_file_system", "shared"), {
      count: 1,
      depends_on: ["aws_kms_key.key"],
      provider: "aws.east",
      lifecycle: { prevent_destroy: true, ignore_changes: ["tags"] },
      "//": { metadata: { path: "infra/efs" } },
    });
    expect(infraProblems(json)).toEqual([]);
  });

  test("dynamic blocks are checked against the block they generate", () => {
    const json = infraStack();
    resource(json, "aws_launch_template", "nodes").dynamic = {
      tag_specifications: { for_each: "${var.types}", content: { resource_type: "${tag_specifications.value}", tgas: {} } },
      no_such_block: { for_each: [], content: {} },
    };
    expect(infraProblems(json)).toEqual([
      'infra: aws_launch_template.nodes: dynamic.no_such_block: unknown block type "no_such_block"',
      'infra: aws_launch_template.nodes: dynamic.tag_specifications.content.tgas: unknown argument "tgas"; did you mean "tags"?',
    ]);
  });

  test("plugin-framework nested attributes (helm 3 set) are checked", () => {
    const json = k8sStack();
    resource(json, "helm_release", "autoscaler").set = [{ name: "a", valeu: "b" }, { value: "c" }];
    expect(k8sProblems(json)).toEqual([
      "k8s: helm_release.autoscaler: set[0].valeu: unknown argument \"valeu\"; did you mean \"value\"?",
      "k8s: helm_release.autoscaler: set[1].name: missing required argument",
    ]);
  });

  test("kubernetes required blocks", () => {
    const json = k8sStack();
    delete resource(json, "kubernetes_namespace", "platform").metadata;
    expect(k8sProblems(json)).toEqual(["k8s: kubernetes_namespace.platform: metadata: missing required block (at least 1)"]);
  });

  test("terraform_remote_state needs backend and config", () => {
    const json = k8sStack();
    const remote = dataSource(json, "terraform_remote_state", "cross-stack-reference-input-infra");
    delete remote.backend;
    delete remote.config;
    expect(k8sProblems(json)).toEqual([
      "k8s: data.terraform_remote_state.cross-stack-reference-input-infra: backend: missing required argument",
      "k8s: data.terraform_remote_state.cross-stack-reference-input-infra: config: missing required argument",
    ]);
  });

  test("a provider without a schema is reported, not skipped", () => {
    const json = infraStack();
    addResource(json, "tls_private_key", "ssh", { algorithm: "ED25519" });
    expect(infraProblems(json)).toEqual([
      "infra: tls_private_key.ssh: no schema for provider registry.terraform.io/hashicorp/tls (resource type tls_private_key); pass its `terraform providers schema -json` output with --schema",
    ]);
  });

  test("types the bundled aws file lacks are accepted unchecked", () => {
    const json = infraStack();
    addResource(json, "aws_wafv2_web_acl", "acl", { anything: true });
    expect(infraProblems(json)).toEqual([]);
  });

  test("provider sources are normalised", () => {
    expect(normalizeProviderSource("aws")).toBe("registry.terraform.io/hashicorp/aws");
    expect(normalizeProviderSource("hashicorp/Helm")).toBe("registry.terraform.io/hashicorp/helm");
    expect(normalizeProviderSource("registry.terraform.io/hashicorp/kubernetes")).toBe("registry.terraform.io/hashicorp/kubernetes");
  });
});

describe("--schema override", () => {
  const tlsSchema = {
    format_version: "1.0",
    provider_schemas: {
      "registry.terraform.io/hashicorp/tls": {
        provider: { block: { attributes: { proxy_url: { type: "string", optional: true } } } },
        resource_schemas: {
          tls_private_key: {
            block: { attributes: { algorithm: { type: "string", required: true }, public_key_pem: { type: "string", computed: true } } },
          },
        },
      },
    },
  };

  test("a plain-JSON schema adds a provider, including provider-block checks", () => {
    const json = infraStack();
    addResource(json, "tls_private_key", "ssh", { algorithm: "ED25519", public_key_pem: "x" });
    (json.provider as JsonObject).tls = [{ proxy_urll: "http://proxy" }];
    const withTls = loadSchemaSet({ schemaFiles: [writeTempFile("tls.json", JSON.stringify(tlsSchema))] });
    expect(lines(checkTerraformJson("infra", json, withTls))).toEqual([
      'infra: provider.tls: proxy_urll: unknown argument "proxy_urll"; did you mean "proxy_url"?',
      "infra: tls_private_key.ssh: public_key_pem: computed by the provider; cannot be set",
    ]);
  });

  test("a gzipped schema replaces the bundled schema of the providers it contains", () => {
    const customAws = {
      format_version: "1.0",
      provider_schemas: {
        "registry.terraform.io/hashicorp/aws": {
          resource_schemas: { aws_s3_bucket: { block: { attributes: { bucket: { type: "string", optional: true } } } } },
        },
      },
    };
    const file = writeTempFile("aws-custom.json.gz", zlib.gzipSync(JSON.stringify(customAws)));
    const custom = loadSchemaSet({ schemaFiles: [file] });
    const json = infraStack();
    const problems = lines(checkTerraformJson("infra", json, custom));
    expect(problems).toContain('infra: aws_s3_bucket.blobs: force_destroy: unknown argument "force_destroy"');
    expect(problems).toContain(
      "infra: aws_kms_key.key: unknown resource type \"aws_kms_key\" (registry.terraform.io/hashicorp/aws)",
    );
    expect(custom.providers.has("registry.terraform.io/hashicorp/kubernetes")).toBe(true);
  });

  test("a file that is not schema output is an input error", () => {
    const file = writeTempFile("bad.json", JSON.stringify({ hello: "world" }));
    expect(() => loadSchemaSet({ schemaFiles: [file] })).toThrow(/not `terraform providers schema -json` output/);
    expect(() => loadSchemaSet({ schemaFiles: ["/no/such/schema.json"] })).toThrow("schema file not found: /no/such/schema.json");
  });
});
