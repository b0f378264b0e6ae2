import { dominoConfigOf } from "../../constructs/k8s/installer-values";
import { fakeCluster } from "../helpers/fake-upstream";
import { problemsOf } from "../helpers/config";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { refName, synthInfra } from "./helpers";

const ROLES = ["backups", "blobs", "logs", "registry"];
const GOV = "region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]\n";
/** Zurich opened after August 2022: no ELB account there, the log delivery service principal instead. */
const ZURICH = "region: eu-central-2\navailabilityZones: [euc2-az1, euc2-az2, euc2-az3]\n";

function key(json: Json, type: string, prefix: string, section: "resource" | "data" = "resource"): string {
  const names = Object.keys((section === "resource" ? resources : dataSources)(json, type)).filter((n) => n.startsWith(prefix));
  if (names.length !== 1) throw new Error(`${type} ${prefix}*: ${names.length} matches`);
  return names[0];
}

function monitoring(json: Json) {
  const name = key(json, "aws_s3_bucket", "monitoring_bucket");
  const ref = (attr: string) => `\${aws_s3_bucket.${name}.${attr}}`;
  const policy = bodies(json, "aws_s3_bucket_policy").find((p) => p.bucket === ref("id"));
  const statements = policyDocument(json, policy.policy).statement as Json[];
  const partition = `\${data.aws_partition.${key(json, "aws_partition", "account_partition", "data")}.partition}`;
  const dnsSuffix = `\${data.aws_partition.${key(json, "aws_partition", "account_partition", "data")}.dns_suffix}`;
  const account = `\${data.aws_caller_identity.${key(json, "aws_caller_identity", "account_caller", "data")}.account_id}`;
  return { name, ref, policy, bySid: Object.fromEntries(statements.map((s) => [s.sid, s])), statements, partition, dnsSuffix, account };
}

describe.each([
  ["aws", "us-west-2", ""],
  ["aws-us-gov", "us-gov-west-1", GOV],
])("monitoring bucket, partition %s", (_partition, region, yaml) => {
  const { stack, json } = synthInfra(yaml);
  const m = monitoring(json);
  const deployId = "domino";

  test("<deployId>-monitoring, kept on destroy, with the other buckets' protections", () => {
    expect(schemaProblems(json)).toEqual([]);
    expect(resources(json, "aws_s3_bucket")[m.name]).toMatchObject({ bucket: `${deployId}-monitoring`, force_destroy: false, lifecycle: { prevent_destroy: true } });
    const of = (type: string) => bodies(json, type).filter((b) => b.bucket === m.ref("id"));
    expect(of("aws_s3_bucket_versioning")).toEqual([{ bucket: m.ref("id"), versioning_configuration: { status: "Enabled" } }]);
    expect(of("aws_s3_bucket_public_access_block")).toEqual([
      { bucket: m.ref("id"), block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
    ]);
    expect(of("aws_s3_bucket_ownership_controls")).toEqual([{ bucket: m.ref("id"), rule: { object_ownership: "BucketOwnerEnforced" } }]);
    expect(of("aws_s3_bucket_lifecycle_configuration")[0].rule.map((r: Json) => r.id)).toEqual(["abort-incomplete-multipart-uploads", "expire-noncurrent-versions"]);
    expect(m.policy.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_public_access_block\.monitoring_bucket-public-access_/)]);
  });

  test("SSE-S3 (AES256), no KMS key: S3 server access logs and ALB access logs cannot be written with SSE-KMS", () => {
    const sse = bodies(json, "aws_s3_bucket_server_side_encryption_configuration").filter((c) => c.bucket === m.ref("id"));
    expect(sse).toEqual([{ bucket: m.ref("id"), rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] }]);
  });

  test("policy: TLS only, then S3 server access logs from the four buckets of this account only", () => {
    expect(m.statements.map((s) => s.sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogs", "ElbAccessLogs", "LogDeliveryAclCheck", "LogDeliveryWrite"]);
    expect(m.bySid.DenyInsecureTransport).toMatchObject({ effect: "Deny", actions: ["s3:*"], resources: [m.ref("arn"), `${m.ref("arn")}/*`] });
    expect(m.bySid.S3ServerAccessLogs).toEqual({
      sid: "S3ServerAccessLogs",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      actions: ["s3:PutObject"],
      resources: [`${m.ref("arn")}/s3-access-logs/*`],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [m.account] },
        { test: "ArnLike", variable: "aws:SourceArn", values: ["blobs", "registry", "logs", "backups"].map((r) => `arn:${m.partition}:s3:::${deployId}-${r}`) },
      ],
    });
  });

  test(`load-balancer access logs: the regional ELB account of ${region} (aws_elb_service_account), under elb/AWSLogs/<account>/`, () => {
    const elb = key(json, "aws_elb_service_account", "monitoring_elb-account", "data");
    expect(dataSources(json, "aws_elb_service_account")[elb]).toEqual({});
    expect(m.bySid.ElbAccessLogs).toEqual({
      sid: "ElbAccessLogs",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: [`\${data.aws_elb_service_account.${elb}.arn}`] }],
      actions: ["s3:PutObject"],
      resources: [`${m.ref("arn")}/elb/AWSLogs/${m.account}/*`],
    });
  });

  test("Network Load Balancer logs through delivery.logs, for this account's log sources only; no flow-log prefix with cloudwatch flow logs", () => {
    const source = [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [m.account] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${m.partition}:logs:${region}:${m.account}:*`] },
    ];
    expect(m.bySid.LogDeliveryAclCheck).toEqual({
      sid: "LogDeliveryAclCheck",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
      actions: ["s3:GetBucketAcl", "s3:ListBucket"],
      resources: [m.ref("arn")],
      condition: source,
    });
    expect(m.bySid.LogDeliveryWrite).toEqual({
      sid: "LogDeliveryWrite",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
      actions: ["s3:PutObject"],
      resources: [`${m.ref("arn")}/elb/AWSLogs/${m.account}/*`],
      condition: [{ test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] }, ...source],
    });
  });

  test("each of the four buckets logs to it under s3-access-logs/<role>/", () => {
    const buckets = resources(json, "aws_s3_bucket");
    const logging = bodies(json, "aws_s3_bucket_logging");
    expect(Object.keys(resources(json, "aws_s3_bucket_logging")).map((n) => n.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(ROLES.map((r) => `buckets_${r}-logging`));
    for (const l of logging) {
      const role = buckets[refName(l.bucket)].bucket.replace(`${deployId}-`, "");
      expect(l).toEqual({ bucket: `\${aws_s3_bucket.buckets_${role}_${refName(l.bucket).split("_").pop()}.id}`, target_bucket: m.ref("id"), target_prefix: `s3-access-logs/${role}/` });
    }
  });

  test("named outputs and InfraOutputs carry its name and ARN (for access_logs.s3.bucket)", () => {
    expect(json.output.monitoring_bucket_name.value).toBe(m.ref("bucket"));
    expect(json.output.monitoring_bucket_arn.value).toBe(m.ref("arn"));
    expect(stack.outputs.monitoringBucketName).toMatch(/^\$\{TfToken/);
    expect(stack.outputs.monitoringBucketArn).toMatch(/^\$\{TfToken/);
  });
});

describe("monitoring bucket in a region opened after August 2022", () => {
  const { json } = synthInfra(ZURICH);
  const m = monitoring(json);

  test("load-balancer logs come from the logdelivery.elasticloadbalancing service principal; no ELB account lookup", () => {
    expect(dataSources(json, "aws_elb_service_account")).toEqual({});
    expect(m.bySid.ElbAccessLogs).toEqual({
      sid: "ElbAccessLogs",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
      actions: ["s3:PutObject"],
      resources: [`${m.ref("arn")}/elb/AWSLogs/${m.account}/*`],
    });
  });
});

describe("storage.s3.monitoring.enabled: false", () => {
  const { stack, json } = synthInfra("storage: { s3: { monitoring: { enabled: false } } }\nwaivers: [{ rule: S3_ACCESS_LOGGING, reason: \"access logs go to the central log account\" }]");

  test("no monitoring bucket, no access logging, no output; the four buckets are unchanged", () => {
    expect(Object.keys(resources(json, "aws_s3_bucket")).sort()).toEqual(ROLES.map((r) => expect.stringMatching(new RegExp(`^buckets_${r}_`))));
    expect(resources(json, "aws_s3_bucket_logging")).toEqual({});
    expect(dataSources(json, "aws_elb_service_account")).toEqual({});
    expect(json.output.monitoring_bucket_name).toBeUndefined();
    expect(stack.outputs.monitoringBucketName).toBeUndefined();
    expect(stack.plan.names.monitoringBucket).toBeUndefined();
  });

  test("domino_config.monitoringBucket is null; with the bucket on it names it", () => {
    const ctx = (s: typeof stack) => ({ plan: s.plan, infra: s.outputs, cluster: fakeCluster(), nodes: { nodeGroupNames: {} } }) as never;
    expect(dominoConfigOf(ctx(stack)).monitoringBucket).toBeNull();
    const on = synthInfra().stack;
    expect(dominoConfigOf(ctx(on)).monitoringBucket).toEqual({ name: on.outputs.monitoringBucketName, arn: on.outputs.monitoringBucketArn, loadBalancerAccessLogPrefix: "elb" });
  });
});

describe("monitoring bucket with forceDestroy", () => {
  test("destroyable, no prevent_destroy", () => {
    const { json } = synthInfra("storage: { s3: { forceDestroy: true } }");
    const bucket = resources(json, "aws_s3_bucket")[monitoring(json).name];
    expect(bucket.force_destroy).toBe(true);
    expect(bucket.lifecycle).toBeUndefined();
  });
});

describe("bad monitoring input", () => {
  test("enabled must be a boolean; unknown keys refused", () => {
    expect(problemsOf("storage: { s3: { monitoring: { enabled: maybe } } }")).toEqual([expect.stringMatching(/^storage\.s3\.monitoring\.enabled: /)]);
    expect(problemsOf("storage: { s3: { monitoring: { bucket: x } } }")).toEqual(["storage.s3.monitoring.bucket: is not a known field; allowed here: enabled"]);
  });
});

describe("a bucket of your own with protectBucket({accessLogs})", () => {
  test("logs to the monitoring bucket under s3-access-logs/<id>/, and the grant admits it", () => {
    const { App, Testing } = jest.requireActual("cdktf");
    const { InfraStack } = jest.requireActual("../../constructs/infra/infra-stack");
    const { S3Bucket } = jest.requireActual("@cdktf/provider-aws/lib/s3-bucket");
    const { protectBucket } = jest.requireActual("../../constructs/infra/buckets");
    const { planOf } = jest.requireActual("../helpers/config");
    const stack = new InfraStack(Testing.app() as typeof App, { plan: planOf() });
    const bucket = new S3Bucket(stack, "team-bucket", { bucket: "domino-team" });
    protectBucket(bucket, { kmsKeyArn: stack.outputs.kmsKeyArn, accessLogs: stack.monitoringBucket });
    const json = JSON.parse(Testing.synth(stack));
    const m = monitoring(json);
    const logging = Object.entries(resources(json, "aws_s3_bucket_logging")).find(([n]) => n.startsWith("team-bucket-logging"))![1];
    expect(logging).toEqual({ bucket: expect.stringMatching(/^\$\{aws_s3_bucket\.team-bucket\.id\}$/), target_bucket: m.ref("id"), target_prefix: "s3-access-logs/team-bucket/" });
    expect(m.bySid.S3ServerAccessLogs.condition[1].values.slice(-1)).toEqual(["${aws_s3_bucket.team-bucket.arn}"]);
    expect(m.bySid.S3ServerAccessLogs.condition[1].values).toHaveLength(5);
  });
});
