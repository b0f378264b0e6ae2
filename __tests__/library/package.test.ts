/**
 * The packed package in a fresh consumer project: `npm pack` of this repo, unpacked into the consumer's node_modules
 * as npm would, the consumer app of examples/library compiled with tsc against the package's type declarations and
 * run with node. The package's own dependencies are linked from this repo's node_modules (no registry needed).
 * `npm test` builds dist/ before jest runs, so the pack holds the current code.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const LINKED = ["cdktf", "constructs", "@cdktf", "zod", "ipaddr.js", "yaml", "@types"];

interface Packed {
  readonly files: string[];
  readonly consumer: string;
}

let packed: Packed;
let work: string;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-pack-"));
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT)) as [{ filename: string; files: { path: string }[] }];
  const consumer = path.join(work, "consumer");
  const installed = path.join(consumer, "node_modules", "domino-eks-cdktf");
  fs.mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", path.join(work, info.filename), "-C", installed, "--strip-components=1"], work);
  for (const name of LINKED) fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(consumer, "node_modules", name), "dir");
  for (const file of ["main.ts", "deployment.ts", "external-secrets-addon.ts", "tsconfig.json", "package.json"]) {
    fs.copyFileSync(path.join(ROOT, "examples", "library", file), path.join(consumer, file));
  }
  packed = { files: info.files.map((f) => f.path).sort(), consumer };
}, 60_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("npm pack", () => {
  test("ships the library, its declarations, verify/ and the domino-eks command, and nothing of the tests", () => {
    expect(packed.files).toEqual(expect.arrayContaining([
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "UPGRADE.md",
      "domino-eks.schema.json",
      "dist/constructs/index.js",
      "dist/constructs/index.d.ts",
      "dist/constructs/deployment.d.ts",
      "dist/constructs/addons/addon.d.ts",
      "dist/verify/security/rules/index.js",
      "bin/domino-eks.js",
      "dist/cli/domino-eks.js",
      "charts/karpenter-node-pools/Chart.yaml",
      "charts/karpenter-node-pools/templates/manifests.yaml",
      "charts/karpenter-node-pools/values.yaml",
    ]));
    const stray = packed.files.filter((f) => /^(dist\/(scripts|main|__tests__)|scripts\/|__tests__|examples|cdktf\.out)/.test(f) || f.endsWith(".tsbuildinfo"));
    expect(stray).toEqual([]);
  });

  test("every compiled file it ships has its source (no leftovers of deleted files; `npm pack` rebuilds dist/ first)", () => {
    const orphans = packed.files
      .filter((f) => f.startsWith("dist/") && f.endsWith(".js"))
      .filter((f) => !fs.existsSync(path.join(ROOT, f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))));
    expect(orphans).toEqual([]);
  });

  test("the packed domino-eks command synthesizes a config file, with no sources to build", () => {
    const { consumer } = packed;
    const bin = path.join(consumer, "node_modules", "domino-eks-cdktf", "bin", "domino-eks.js");
    fs.writeFileSync(path.join(consumer, "domino-eks.yml"), "deployId: packed\n");
    const out = run(process.execPath, [bin, "synth", "--out", "bin-out"], consumer);
    expect(out).toMatch(/^Read domino-eks\.yml \(sha256 [0-9a-f]{12}\): 1 deployment\(s\)\./);
    expect(fs.readdirSync(path.join(consumer, "bin-out", "stacks")).sort()).toEqual(["packed-cluster", "packed-infra", "packed-k8s", "packed-nodes"]);
    expect(run(process.execPath, [bin, "validate", "--out", "bin-out"], consumer)).toMatch(/OK: 4 stacks verified/);
    expect(fs.existsSync(path.join(consumer, "node_modules", "domino-eks-cdktf", "dist", ".app-built"))).toBe(false);
    fs.rmSync(path.join(consumer, "domino-eks.yml"));
  }, 120_000);

  test("the packed command finds the Karpenter node-pools chart it ships and copies it beside the k8s stack", () => {
    const { consumer } = packed;
    const bin = path.join(consumer, "node_modules", "domino-eks-cdktf", "bin", "domino-eks.js");
    fs.writeFileSync(path.join(consumer, "karpenter.yml"), "deployId: packed-karp\nautoscaling: {compute: karpenter}\n");
    run(process.execPath, [bin, "synth", "--config", "karpenter.yml", "--out", "karp-out"], consumer);
    const stack = path.join(consumer, "karp-out", "stacks", "packed-karp-k8s");
    const releases = Object.values(JSON.parse(fs.readFileSync(path.join(stack, "cdk.tf.json"), "utf8")).resource.helm_release) as { name: string; chart: string }[];
    const chart = releases.find((r) => r.name === "karpenter-node-pools")!.chart;
    expect(fs.readFileSync(path.join(stack, chart, "templates", "manifests.yaml"), "utf8")).toContain("{{ toYaml . }}");
    fs.rmSync(path.join(consumer, "karpenter.yml"));
  }, 120_000);

  test("a fresh consumer project compiles against the packed types and synthesizes the example", () => {
    const { consumer } = packed;
    run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(consumer, "tsconfig.json")], consumer);
    run(process.execPath, [path.join(consumer, "dist", "main.js")], consumer);
    const stacksDir = path.join(consumer, "cdktf.out", "stacks");
    expect(fs.readdirSync(stacksDir).sort()).toEqual(["acme-cluster", "acme-infra", "acme-k8s", "acme-nodes"]);
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));
    expect(read("acme-infra").resource.aws_s3_bucket["team-bucket"].bucket).toBe("acme-team");
    expect(Object.values(read("acme-cluster").resource.aws_iam_role).map((r) => (r as { name: string }).name)).toContain("acme-external-secrets");
    expect(Object.values(read("acme-k8s").resource.helm_release).map((r) => (r as { name: string }).name).sort()).toEqual(
      ["calico", "cluster-autoscaler", "external-secrets"],
    );
  }, 120_000);
});
