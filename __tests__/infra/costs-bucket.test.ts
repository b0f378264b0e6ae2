import { dominoConfigOf } from "../../constructs/k8s/installer-values";
import { checkSecurity } from "../../verify/security/check";
import { planOf, problemsOf } from "../helpers/config";
import { fakeCluster } from "../helpers/fake-upstream";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { synthInfra } from "./helpers";

const COSTS = "storage: { s3: { costs: { enabled: true } } }";

/** `{ construct path without its hash: body }` of one resource type. */
function byPath(json: Json, type: string): Record<string, Json> {
  return Object.fromEntries(Object.entries(resources(json, type)).map(([id, body]) => [id.replace(/_[0-9A-F]{8}$/, ""), body]));
}

function dominoConfig(stack: ReturnType<typeof synthInfra>["stack"]) {
  return dominoConfigOf({ plan: stack.plan, infra: stack.outputs, cluster: fakeCluster(), nodes: { nodeGroupNames: {} } } as never);
}

function nodeS3Statements(json: Json): Json[] {
  const policy = Object.entries(resources(json, "aws_iam_policy")).find(([n]) => n.startsWith("node-s3-policy"))![1];
  return policyDocument(json, policy.policy).statement;
}

describe("storage.s3.costs off (the default)", () => {
  const { stack, json } = synthInfra();

  test("no costs bucket, nothing configured for one, no name in the plan", () => {
    expect(planOf().config.storage.s3.costs).toEqual({ enabled: false });
    expect(Object.keys(stack.plan.names.buckets)).toEqual(["blobs", "registry", "logs", "backups"]);
    expect(bodies(json, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual(["domino-backups", "domino-blobs", "domino-logs", "domino-monitoring", "domino-registry"]);
    expect(JSON.stringify(json)).not.toMatch(/costs/);
  });

  test("outputs, node policy and domino_config name the four buckets only", () => {
    expect(Object.keys(json.output.bucket_names.value).sort()).toEqual(["backups", "blobs", "logs", "registry"]);
    expect(json.output.bucket_names.description).toBe("S3 buckets for Domino: blobs (user data), registry, logs, backups");
    expect(stack.outputs.bucketArns.costs).toBeUndefined();
    expect(nodeS3Statements(json)[0].resources).toHaveLength(4);
    expect(Object.keys(dominoConfig(stack).buckets)).toEqual(["blobs", "logs", "backups", "registry"]);
  });
});

describe("storage.s3.costs.enabled: true", () => {
  const { stack, json } = synthInfra(COSTS);
  const partition = `\${data.aws_partition.${Object.keys(dataSources(json, "aws_partition"))[0]}.partition}`;
  const costsArn = `arn:${partition}:s3:::domino-costs`;

  test("the bucket <deployId>-costs at buckets/costs (address aws_s3_bucket.buckets_costs_<hash>), kept on destroy", () => {
    expect(schemaProblems(json)).toEqual([]);
    expect(stack.plan.names.buckets.costs).toBe("domino-costs");
    expect(Object.keys(resources(json, "aws_s3_bucket")).filter((n) => n.includes("costs"))).toEqual([expect.stringMatching(/^buckets_costs_[0-9A-F]{8}$/)]);
    expect(byPath(json, "aws_s3_bucket")["buckets_costs"]).toEqual({ bucket: "domino-costs", force_destroy: false, object_lock_enabled: false, lifecycle: { prevent_destroy: true } });
  });

  test("configured exactly as the blobs bucket: SSE-KMS with the deployment key, versioning, public access block, ownership, lifecycle, TLS-only policy", () => {
    const costsRef = (attr: string) => `\${aws_s3_bucket.${Object.keys(resources(json, "aws_s3_bucket")).find((n) => n.startsWith("buckets_costs_"))}.${attr}}`;
    const blobsRef = (attr: string) => `\${aws_s3_bucket.${Object.keys(resources(json, "aws_s3_bucket")).find((n) => n.startsWith("buckets_blobs_"))}.${attr}}`;
    const withoutMetadata = (body: Json) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== "//"));
    const asBlobs = (body: Json) => JSON.parse(JSON.stringify(withoutMetadata(body)).replaceAll(costsRef("id"), blobsRef("id")).replaceAll(costsRef("arn"), blobsRef("arn")));
    for (const type of ["aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_bucket_public_access_block", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_lifecycle_configuration"]) {
      const all = byPath(json, type);
      const suffix = { aws_s3_bucket_server_side_encryption_configuration: "encryption", aws_s3_bucket_versioning: "versioning", aws_s3_bucket_public_access_block: "public-access", aws_s3_bucket_ownership_controls: "ownership", aws_s3_bucket_lifecycle_configuration: "lifecycle" }[type];
      const costs = all[`buckets_costs-${suffix}`];
      expect(costs.bucket).toBe(costsRef("id"));
      expect(asBlobs(costs)).toEqual(withoutMetadata(all[`buckets_blobs-${suffix}`]));
    }
    const [keyId] = Object.keys(resources(json, "aws_kms_key"));
    expect(byPath(json, "aws_s3_bucket_server_side_encryption_configuration")["buckets_costs-encryption"].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` }, bucket_key_enabled: true },
    ]);

    const policy = byPath(json, "aws_s3_bucket_policy")["buckets_costs-policy"];
    expect(policy.bucket).toBe(costsRef("id"));
    expect(policyDocument(json, policy.policy).statement).toEqual([{
      sid: "DenyInsecureTransport",
      effect: "Deny",
      principals: [{ type: "*", identifiers: ["*"] }],
      actions: ["s3:*"],
      resources: [costsRef("arn"), `${costsRef("arn")}/*`],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    }]);
  });

  test("server access logs to the monitoring bucket under s3-access-logs/costs/, which admits them", () => {
    const logging = byPath(json, "aws_s3_bucket_logging")["buckets_costs-logging"];
    expect(logging.target_prefix).toBe("s3-access-logs/costs/");
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.monitoring_bucket_[0-9A-F]{8}\.id\}$/);
    const monitoringPolicy = Object.entries(resources(json, "aws_s3_bucket_policy")).find(([n]) => n.startsWith("monitoring_"))![1];
    const logs = (policyDocument(json, monitoringPolicy.policy).statement as Json[]).find((s) => s.sid === "S3ServerAccessLogs");
    expect(logs.condition[1].values).toEqual(["blobs", "registry", "logs", "backups", "costs"].map((r) => `arn:${partition}:s3:::domino-${r}`));
  });

  test("the node S3 policy gives the nodes Domino's access to it: the spec's bucket and object actions, as on the other four", () => {
    const [buckets, objects, key] = nodeS3Statements(json);
    expect(buckets).toEqual({
      sid: "DominoBuckets",
      effect: "Allow",
      actions: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
      resources: ["blobs", "registry", "logs", "backups", "costs"].map((r) => `arn:${partition}:s3:::domino-${r}`),
    });
    expect(objects.sid).toBe("DominoObjects");
    expect(objects.actions).toEqual(["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"]);
    expect(objects.resources.at(-1)).toBe(`${costsArn}/*`);
    expect(objects.resources).toHaveLength(5);
    expect(key.sid).toBe("DeploymentKeyForSseKms");
  });

  test("bucket_names, InfraOutputs and domino_config.buckets carry it", () => {
    expect(Object.keys(json.output.bucket_names.value).sort()).toEqual(["backups", "blobs", "costs", "logs", "registry"]);
    expect(json.output.bucket_names.value.costs).toMatch(/^\$\{aws_s3_bucket\.buckets_costs_[0-9A-F]{8}\.bucket\}$/);
    expect(json.output.bucket_names.description).toBe("S3 buckets for Domino: blobs (user data), registry, logs, backups, costs (long-term storage of the cost features)");
    expect(stack.outputs.bucketNames.costs).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(stack.outputs.bucketArns.costs).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    const config = dominoConfig(stack);
    expect(Object.keys(config.buckets)).toEqual(["blobs", "logs", "backups", "registry", "costs"]);
    expect(config.buckets.costs).toBe(stack.outputs.bucketNames.costs);
  });

  test("passes the security rules", () => {
    expect(checkSecurity([{ name: stack.plan.stacks.infra, json }], { waivers: [] }).problems).toEqual([]);
  });

  test("with every other bucket brought, it is still created and logged", () => {
    const roles = ["blobs", "logs", "backups", "registry"];
    const { json: brought } = synthInfra(`storage: { s3: { costs: { enabled: true }, buckets: { ${roles.map((r) => `${r}: { create: false, name: acme-${r} }`).join(", ")} } } }`);
    expect(bodies(brought, "aws_s3_bucket").map((b) => b.bucket).sort()).toEqual(["domino-costs", "domino-monitoring"]);
    expect(Object.keys(byPath(brought, "aws_s3_bucket_logging"))).toEqual(["buckets_costs-logging"]);
  });
});

describe("storage.s3.costs: bad input and clashes, refused by field", () => {
  test("enabled must be a boolean; no other fields", () => {
    expect(problemsOf("storage: { s3: { costs: { enabled: yes-please } } }")).toEqual(['storage.s3.costs.enabled: must be a boolean, not string "yes-please"']);
    expect(problemsOf("storage: { s3: { costs: { enabled: true, name: acme-costs } } }")).toEqual(["storage.s3.costs.name: is not a known field; allowed here: enabled"]);
  });

  test("an existing bucket may not take the costs bucket's name while it is on", () => {
    expect(problemsOf("storage: { s3: { costs: { enabled: true }, buckets: { logs: { create: false, name: domino-costs } } } }")).toEqual([
      "storage.s3.buckets.logs.name: domino-costs is already the costs bucket this deployment creates; each role needs a bucket of its own",
    ]);
    expect(problemsOf("storage: { s3: { buckets: { logs: { create: false, name: domino-costs } } } }")).toEqual([]);
  });

  test("with every other bucket brought, the costs bucket still needs the monitoring bucket for its access logs", () => {
    const brought = ["blobs", "logs", "backups", "registry"].map((r) => `${r}: { create: false, name: acme-${r} }`).join(", ");
    expect(problemsOf(`storage: { s3: { monitoring: { enabled: false }, buckets: { ${brought} } } }`)).toEqual([]);
    expect(problemsOf(`storage: { s3: { costs: { enabled: true }, monitoring: { enabled: false }, buckets: { ${brought} } } }`)).toEqual([
      expect.stringMatching(/^storage\.s3\.monitoring\.enabled: false leaves the buckets nowhere to send their server access logs/),
    ]);
  });
});
