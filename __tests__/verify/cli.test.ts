import * as path from "path";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main } from "../../cli/validate";
import { JsonObject } from "../../verify/json";
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

const openSsh = (infra: JsonObject) =>
  (resource(infra, "aws_security_group", "nodes").ingress as JsonObject[]).push({ cidr_blocks: ["0.0.0.0/0"], from_port: 22, to_port: 22, protocol: "tcp" });

test("exit 0 and a per-stack summary when everything passes", () => {
  const run = cli("--out", outDirWith());
  expect(run).toEqual({ code: EXIT_OK, stdout: "stack infra: ok\nstack k8s: ok\n\nOK: 2 stacks verified (0 waived)", stderr: "" });
});

test("exit 1 listing schema and security problems grouped by stack", () => {
  const run = cli(
    "--out",
    outDirWith((infra) => {
      openSsh(infra);
      resource(infra, "aws_s3_bucket_versioning", "blobs_versioning").versioning_configuration = { status: "Enabled", mfa_delet: "x" };
    }),
  );
  expect(run.code).toBe(EXIT_PROBLEMS);
  expect(run.stdout).toBe(
    [
      "stack infra: 2 problems",
      "  infra: aws_s3_bucket_versioning.blobs_versioning: versioning_configuration.mfa_delet: unknown argument \"mfa_delet\"; did you mean \"mfa_delete\"?",
      "  infra: aws_security_group.nodes: ingress[1].cidr_blocks[0]: public ingress from 0.0.0.0/0 on tcp port 22, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
      "stack k8s: ok",
      "",
      "FAILED: 2 problems in 1 of 2 stacks (0 waived)",
    ].join("\n"),
  );
});

test("--allow-public-ingress opens ports; --json prints the report as JSON", () => {
  const dir = outDirWith(openSsh);
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
  const dir = outDirWith(openSsh);
  const waivers = (reason: string) =>
    writeTempFile("waivers.json", JSON.stringify({ infra: [{ rule: "NO_PUBLIC_INGRESS", reason, resource: "aws_security_group.nodes" }] }));
  const waived = cli("--out", dir, "--waivers", waivers("bastion SSH, closed after bootstrap"));
  expect(waived.code).toBe(EXIT_OK);
  expect(waived.stdout).toContain(
    "  WAIVED NO_PUBLIC_INGRESS aws_security_group.nodes ingress[1].cidr_blocks[0]: bastion SSH, closed after bootstrap",
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
  expect(unknown.stderr).toContain("usage: npm run validate");
  expect(cli("--out", outDirWith(), "--allow-public-ingress", "ssh").stderr).toBe(
    'validate: invalid port or port range: "ssh" (expected e.g. 443 or 30000-32767)',
  );
  expect(cli("--out", outDirWith(), "--schema", "/no/such.json").stderr).toBe("validate: schema file not found: /no/such.json");
});

test("--help and --list-rules exit 0", () => {
  expect(cli("--help")).toMatchObject({ code: EXIT_OK, stdout: expect.stringContaining("--allow-public-ingress PORTS") });
  const rules = cli("--list-rules");
  expect(rules.code).toBe(EXIT_OK);
  expect(rules.stdout.split("\n")).toHaveLength(17);
  expect(rules.stdout).toMatch(/^S3_KMS_ENCRYPTION: /);
});
