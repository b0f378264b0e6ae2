import { dominoConfigOf } from "../../constructs/k8s/installer-values";
import { checkSecurity } from "../../verify/security/check";
import { planOf, problemsOf } from "../helpers/config";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { fakeCluster } from "../helpers/fake-upstream";
import { synthInfra } from "./helpers";

const GOV = "region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]\n";
const EXISTING = `storage:
  s3:
    buckets:
      blobs: { create: false, name: acme-domino-blobs }
      backups: { create: false, name: acme-domino-backups }
`;

describe.each([
  ["aws", ""],
  ["aws-us-gov", GOV],
])("existing buckets (storage.s3.buckets.<role>.create: false), partition %s", (_partition, yaml) => {
  const { stack, json } = synthInfra(`${yaml}${EXISTING}`);
  const partition = `\${data.aws_partition.${Object.keys(dataSources(json, "aws_partition")).find((n) => n.startsWith("account_partition"))}.partition}`;
  const arn = (name: string) => `arn:${partition}:s3:::${name}`;

  test("not created, nor configured: only logs and registry (and monitoring) are buckets of this stack", () => {
    expect(schemaProblems(json)).toEqual([]);
    expect(bodies(json, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual(["domino-logs", "domino-monitoring", "domino-registry"]);
    for (const type of ["aws_s3_bucket_versioning", "aws_s3_bucket_policy", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_server_side_encryption_configuration"]) {
      expect(Object.keys(resources(json, type)).filter((n) => /^buckets_(blobs|backups)-/.test(n))).toEqual([]);
    }
  });

  test("no server access logging on a bucket this project does not own; the monitoring bucket accepts logs only from the created ones", () => {
    expect(Object.keys(resources(json, "aws_s3_bucket_logging")).map((n) => n.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["buckets_logs-logging", "buckets_registry-logging"]);
    const policy = Object.entries(resources(json, "aws_s3_bucket_policy")).find(([n]) => n.startsWith("monitoring_"))![1];
    const logs = (policyDocument(json, policy.policy).statement as Json[]).find((s) => s.sid === "S3ServerAccessLogs");
    expect(logs.condition[1]).toEqual({ test: "ArnLike", variable: "aws:SourceArn", values: [arn("domino-registry"), arn("domino-logs")] });
  });

  test("the node S3 policy names the given buckets by their partition-aware ARNs", () => {
    const policy = Object.entries(resources(json, "aws_iam_policy")).find(([n]) => n.startsWith("node-s3-policy"))![1];
    const [buckets, objects] = policyDocument(json, policy.policy).statement;
    const arns = [arn("acme-domino-blobs"), arn("domino-registry"), arn("domino-logs"), arn("acme-domino-backups")];
    expect(buckets.resources).toEqual(arns);
    expect(objects.resources).toEqual(arns.map((a) => `${a}/*`));
  });

  test("outputs and domino_config use the given names and ARNs", () => {
    expect(json.output.bucket_names.value.blobs).toBe("acme-domino-blobs");
    expect(json.output.bucket_names.value.backups).toBe("acme-domino-backups");
    expect(json.output.bucket_names.value.logs).toMatch(/^\$\{aws_s3_bucket\.buckets_logs_/);
    expect(stack.outputs.bucketNames.blobs).toBe("acme-domino-blobs");
    expect(stack.outputs.bucketArns.blobs).toMatch(/^arn:\$\{TfToken\[TOKEN\.\d+\]\}:s3:::acme-domino-blobs$/);
    const config = dominoConfigOf({ plan: stack.plan, infra: stack.outputs, cluster: fakeCluster(), nodes: { nodeGroupNames: {} } } as never);
    expect(config.buckets.blobs).toBe("acme-domino-blobs");
    expect(config.buckets.backups).toBe("acme-domino-backups");
    expect(config.internalRegistryBucket).toBe(stack.outputs.bucketNames.registry);
  });
});

describe("an existing registry bucket", () => {
  test("internalRegistryBucket is its name", () => {
    const { stack } = synthInfra("storage: { s3: { buckets: { registry: { create: false, name: acme-registry } } } }");
    const config = dominoConfigOf({ plan: stack.plan, infra: stack.outputs, cluster: fakeCluster(), nodes: { nodeGroupNames: {} } } as never);
    expect(config.internalRegistryBucket).toBe("acme-registry");
    expect(stack.plan.names.existingBuckets).toEqual(["registry"]);
  });

  test("create: true (the default) keeps today's bucket", () => {
    expect(planOf("storage: { s3: { buckets: { blobs: { create: true } } } }").names.buckets.blobs).toBe("domino-blobs");
  });
});

describe("bad existing-bucket input, refused by field", () => {
  const at = (role: string, body: string) => `storage: { s3: { buckets: { ${role}: ${body} } } }`;

  test("create: false needs a name; a name needs create: false", () => {
    expect(problemsOf(at("blobs", "{ create: false }"))).toEqual(["storage.s3.buckets.blobs.name: is required with create: false (the existing bucket's name)"]);
    expect(problemsOf(at("logs", "{ name: acme-logs }"))).toEqual([
      "storage.s3.buckets.logs.name: only applies with create: false (an existing bucket); created buckets are named <deployId>-<role>",
    ]);
  });

  test("names S3 refuses", () => {
    expect(problemsOf(at("blobs", "{ create: false, name: Acme_Blobs }"))).toEqual([
      "storage.s3.buckets.blobs.name: must follow S3's naming rules: S3 bucket names are 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    ]);
    expect(problemsOf(at("blobs", "{ create: false, name: ab }"))).toEqual([
      "storage.s3.buckets.blobs.name: is 2 characters; S3 bucket names are 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    ]);
    expect(problemsOf(at("backups", "{ create: false, name: xn--backups }"))).toEqual(["storage.s3.buckets.backups.name: starts with xn--, a prefix S3 reserves"]);
  });

  test("duplicates: two roles, or a created bucket's name", () => {
    expect(problemsOf("storage: { s3: { buckets: { blobs: { create: false, name: acme-shared }, logs: { create: false, name: acme-shared } } } }")).toEqual([
      "storage.s3.buckets.logs.name: acme-shared is already the blobs bucket; each role needs a bucket of its own",
    ]);
    expect(problemsOf(at("blobs", "{ create: false, name: domino-registry }"))).toEqual([
      "storage.s3.buckets.blobs.name: domino-registry is already the registry bucket this deployment creates; each role needs a bucket of its own",
    ]);
    expect(problemsOf(at("blobs", "{ create: false, name: domino-monitoring }"))).toEqual([
      "storage.s3.buckets.blobs.name: domino-monitoring is already the monitoring bucket this deployment creates; each role needs a bucket of its own",
    ]);
    // With the monitoring bucket off, its name is free.
    expect(problemsOf(`${at("blobs", "{ create: false, name: domino-monitoring }").replace("buckets:", "monitoring: { enabled: false }, buckets:")}\nwaivers: [{ rule: S3_ACCESS_LOGGING, reason: "access logs go to the central log account" }]`)).toEqual([]);
  });

  test("unknown roles and fields", () => {
    expect(problemsOf(at("monitoring", "{ create: false, name: acme-logs }"))).toEqual([
      "storage.s3.buckets.monitoring: is not a known field; allowed here: blobs, logs, backups, registry",
    ]);
    expect(problemsOf(at("blobs", "{ create: false, name: acme-blobs, arn: x }"))).toEqual(["storage.s3.buckets.blobs.arn: is not a known field; allowed here: create, name"]);
    expect(problemsOf(at("blobs", "{ create: no-thanks, name: acme-blobs }"))).toEqual([expect.stringMatching(/^storage\.s3\.buckets\.blobs\.create: /)]);
  });
});

describe("all four buckets brought", () => {
  test("no bucket logs here: the access-log grant names only the monitoring bucket itself (never a source)", () => {
    const roles = ["blobs", "logs", "backups", "registry"];
    const { stack, json } = synthInfra(`storage: { s3: { buckets: { ${roles.map((r) => `${r}: { create: false, name: acme-${r} }`).join(", ")} } } }`);
    // The monitoring bucket, which nothing logs to here, is still a log target (its policy admits S3 logging): the
    // security rules pass, S3_ACCESS_LOGGING included.
    expect(checkSecurity([{ name: stack.plan.stacks.infra, json }], { waivers: [] }).problems).toEqual([]);
    expect(bodies(json, "aws_s3_bucket").map((b) => b.bucket)).toEqual(["domino-monitoring"]);
    expect(resources(json, "aws_s3_bucket_logging")).toEqual({});
    const partition = Object.keys(dataSources(json, "aws_partition"))[0];
    const policy = Object.entries(resources(json, "aws_s3_bucket_policy")).find(([n]) => n.startsWith("monitoring_"))![1];
    const logs = (policyDocument(json, policy.policy).statement as Json[]).find((s) => s.sid === "S3ServerAccessLogs");
    expect(logs.condition[1].values).toEqual([`arn:\${data.aws_partition.${partition}.partition}:s3:::domino-monitoring`]);
  });
});
