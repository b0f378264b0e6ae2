import * as path from "path";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main } from "../../cli/validate";
import { JsonObject } from "../../verify/json";
import { SECURITY_RULES } from "../../verify/security/rules";
import { addResource, infraStack, k8sStack, removeTempDirs, resource, stack, writeOutDir, writeTempFile } from "./fixtures";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(...argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

function outDirWith(change: (infra: JsonObject) => void = () => undefined): string {
  const infra = infraStack();
  change(infra);
  return writeOutDir([stack("infra", infra), stack("k8s", k8sStack())]);
}
afterAll(removeTempDirs);

const openHttp = (infra: JsonObject) =>
  (resource(infra, "aws_security_group", "nodes").ingress as JsonObject[]).push({
    cidr_blocks: ["0.0.0.0/0"],
    description: "HTTP redirect",
    from_port: 80,
    to_port: 80,
    protocol: "tcp",
  });

const RULES_LINE = "56 security rules";

test("exit 0 and a per-stack summary when everything passes", () => {
  const run = cli("--out", outDirWith());
  expect(run).toEqual({ code: EXIT_OK, stdout: `stack infra: ok\nstack k8s: ok\n\n${RULES_LINE}\nOK: 2 stacks verified (0 waived)`, stderr: "" });
});

test("a progress line per stack where the caller shows progress (a terminal), none with --json", () => {
  const progress: string[] = [];
  const out = outDirWith();
  expect(main(["--out", out], { stdout: () => undefined, stderr: () => undefined, progress: (t) => progress.push(t) })).toBe(EXIT_OK);
  expect(progress).toEqual(["[1/2] checking infra", "[2/2] checking k8s"]);
  const json: string[] = [];
  expect(main(["--out", out, "--json"], { stdout: () => undefined, stderr: () => undefined, progress: (t) => json.push(t) })).toBe(EXIT_OK);
  expect(json).toEqual([]);
});

test("exit 1 listing schema and security problems grouped by stack", () => {
  const run = cli(
    "--out",
    outDirWith((infra) => {
      openHttp(infra);
      resource(infra, "aws_s3_bucket_versioning", "blobs_versioning").versioning_configuration = { status: "Enabled", mfa_delet: "x" };
    }),
  );
  expect(run.code).toBe(EXIT_PROBLEMS);
  expect(run.stdout).toBe(
    [
      "stack infra: 2 problems",
      "  infra: aws_s3_bucket_versioning.blobs_versioning: versioning_configuration.mfa_delet: unknown argument \"mfa_delet\"; did you mean \"mfa_delete\"?",
      "  infra: aws_security_group.nodes: ingress[1].cidr_blocks[0]: public ingress from 0.0.0.0/0 on tcp port 80, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
      "stack k8s: ok",
      "",
      RULES_LINE,
      "FAILED: 2 problems in 1 of 2 stacks (0 waived)",
    ].join("\n"),
  );
});

test("--allow-public-ingress opens ports; --json prints the report as JSON", () => {
  const dir = outDirWith(openHttp);
  expect(cli("--out", dir, "--allow-public-ingress", "80,22").code).toBe(EXIT_OK);
  const run = cli("--out", dir, "--json", "--allow-public-ingress", "443");
  expect(run.code).toBe(EXIT_PROBLEMS);
  const report = JSON.parse(run.stdout);
  expect(report.ok).toBe(false);
  expect(report.stacks).toEqual(["infra", "k8s"]);
  expect(report.problems).toEqual([
    expect.objectContaining({ stack: "infra", address: "aws_security_group.nodes", path: "ingress[1].cidr_blocks[0]", rule: "NO_PUBLIC_INGRESS" }),
  ]);
});

test("--waivers: waived items are printed; an empty reason is a usage error", () => {
  const dir = outDirWith(openHttp);
  const waivers = (reason: string) =>
    writeTempFile("waivers.json", JSON.stringify({ infra: [{ rule: "NO_PUBLIC_INGRESS", reason, resource: "aws_security_group.nodes" }] }));
  const waived = cli("--out", dir, "--waivers", waivers("HTTP redirect to HTTPS only"));
  expect(waived.code).toBe(EXIT_OK);
  expect(waived.stdout).toContain(
    "  WAIVED NO_PUBLIC_INGRESS aws_security_group.nodes ingress[1].cidr_blocks[0]: HTTP redirect to HTTPS only",
  );
  const invalid = cli("--out", dir, "--waivers", waivers(""));
  expect(invalid).toEqual({
    code: EXIT_USAGE,
    stdout: "",
    stderr: 'validate: invalid waivers:\n  waiver #1 for stack "infra" (NO_PUBLIC_INGRESS): "reason" must be a non-empty string',
  });
});

test("--schema adds a provider the bundled schemas lack", () => {
  const dir = outDirWith((infra) => addResource(infra, "tls_private_key", "ssh", { algorithm: "ED25519" }));
  expect(cli("--out", dir).code).toBe(EXIT_PROBLEMS);
  const tls = {
    format_version: "1.0",
    provider_schemas: {
      "registry.terraform.io/hashicorp/tls": {
        resource_schemas: { tls_private_key: { block: { attributes: { algorithm: { type: "string", required: true } } } } },
      },
    },
  };
  expect(cli("--out", dir, "--schema", writeTempFile("tls.json", JSON.stringify(tls))).code).toBe(EXIT_OK);
});

test("exit 2 without a stack trace for a missing cdktf.out, bad options and bad values", () => {
  const missing = path.join(outDirWith(), "nowhere");
  expect(cli("--out", missing)).toEqual({
    code: EXIT_USAGE,
    stdout: "",
    stderr: `validate: no synthesized stacks: ${path.join(missing, "stacks")} does not exist (run \`npm run synth\` first)`,
  });
  const unknown = cli("--outdir", "x");
  expect(unknown.code).toBe(EXIT_USAGE);
  expect(unknown.stderr).toMatch(/^validate: Unknown option '--outdir'/);
  expect(unknown.stderr).toContain("usage: domino-eks validate");
  expect(cli("--out", outDirWith(), "--allow-public-ingress", "ssh").stderr).toBe(
    'validate: invalid port or port range: "ssh" (expected e.g. 443 or 30000-32767)',
  );
  expect(cli("--out", outDirWith(), "--schema", "/no/such.json").stderr).toBe("validate: schema file not found: /no/such.json");
});

test("--help and --list-rules exit 0; the list names every rule with its checkov and trivy ids", () => {
  expect(cli("--help")).toMatchObject({ code: EXIT_OK, stdout: expect.stringContaining("--allow-public-ingress PORTS") });
  const rules = cli("--list-rules");
  expect(rules.code).toBe(EXIT_OK);
  const lines = rules.stdout.split("\n");
  expect(lines).toHaveLength(SECURITY_RULES.length);
  expect(lines.map((line) => line.split(" ")[0])).toEqual(SECURITY_RULES.map((rule) => rule.id));
  expect(lines[0]).toBe(
    "S3_KMS_ENCRYPTION (checkov CKV_AWS_145, CKV_AWS_19; trivy AVD-AWS-0088, AVD-AWS-0132): " +
      "Buckets hold Domino data and backups; KMS encryption keeps them under a key policy the deployment controls.",
  );
  expect(lines).toContain(
    "S3_ACCESS_LOGGING (checkov CKV_AWS_18; trivy AVD-AWS-0089): Server access logs record every request to a bucket, " +
      "for audits and incident response; the deployment's buckets log to its monitoring bucket.",
  );
  expect(lines.find((line) => line.startsWith("NO_HARDCODED_PARTITION "))).toMatch(/^NO_HARDCODED_PARTITION \(checkov -; trivy -\): /);
});

test("--rule also runs a rule that is on by default (none is off today); an unknown id is a usage error", () => {
  const dir = outDirWith();
  expect(cli("--out", dir).code).toBe(EXIT_OK);
  const run = cli("--out", dir, "--rule", "S3_ACCESS_LOGGING,S3_LIFECYCLE_ABORT_MULTIPART");
  expect(run.code).toBe(EXIT_OK);
  expect(run.stdout.split("\n").slice(-2)).toEqual(["56 security rules", "OK: 2 stacks verified (0 waived)"]);
  expect(cli("--out", dir, "--rule", "S3_ACCESS_LOGGIN")).toMatchObject({ code: EXIT_USAGE, stderr: expect.stringMatching(/^validate: unknown rule S3_ACCESS_LOGGIN \(known: /) });
});

test("--min-log-retention-days sets the CLOUDWATCH_LOG_RETENTION threshold", () => {
  const dir = outDirWith((infra) => (resource(infra, "aws_cloudwatch_log_group", "flow").retention_in_days = 90));
  expect(cli("--out", dir).stdout).toContain(
    "  infra: aws_cloudwatch_log_group.flow: retention_in_days: logs kept 90 days; must be at least 365 (or 0, never expire) [CLOUDWATCH_LOG_RETENTION]",
  );
  expect(cli("--out", dir, "--min-log-retention-days", "90").code).toBe(EXIT_OK);
  expect(cli("--out", dir, "--min-log-retention-days", "a year")).toMatchObject({ code: EXIT_USAGE, stderr: 'validate: invalid --min-log-retention-days: "a year" (expected a number of days)' });
});
