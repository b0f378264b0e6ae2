/**
 * The compiled entry point as users run it (`npm test` compiles to dist/ first): exit codes, messages, and that a
 * failed synth leaves an earlier cdktf.out exactly as it was.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/main.js");

function run(cwd: string, env: Record<string, string> = {}) {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does) first`);
  const { CDKTF_OUTDIR: _o, DOMINO_EKS_CONFIG: _c, ...base } = process.env;
  return spawnSync(process.execPath, [MAIN], { cwd, env: { ...base, ...env }, encoding: "utf8" });
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${fs.statSync(p).mtimeMs}:${fs.readFileSync(p, "utf8")}`;
    }
  };
  walk(dir);
  return out;
}

describe("main", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-cli-"));
  });

  it("synthesizes the four stacks of the default deployment with no config", () => {
    const result = run(cwd);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(cwd, "cdktf.out/stacks")).sort()).toEqual(["domino-cluster", "domino-infra", "domino-k8s", "domino-nodes"]);
    expect(fs.readdirSync(cwd).filter((f) => f.startsWith("cdktf.out"))).toEqual(["cdktf.out"]);
  });

  it("honours CDKTF_OUTDIR, creating its parent folders", () => {
    expect(run(cwd, { CDKTF_OUTDIR: "elsewhere/deeper/out" }).status).toBe(0);
    expect(fs.existsSync(path.join(cwd, "elsewhere/deeper/out/manifest.json"))).toBe(true);
  });

  it("reports every config problem, exits 1 without a stack trace, and leaves cdktf.out untouched", () => {
    expect(run(cwd).status).toBe(0);
    const before = snapshot(path.join(cwd, "cdktf.out"));
    fs.writeFileSync(path.join(cwd, "bad.yaml"), "deployId: Prod\navailabilityZones: [usw2-az1, usw2-az2]\nnetwork: {privateSubnetPrefix: 25}\n");
    const bad = run(cwd, { DOMINO_EKS_CONFIG: "bad.yaml" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(
      [
        "bad.yaml: 3 problem(s) in the deployment config:",
        "  deployId: must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        "  availabilityZones: two zones are not supported: they leave an even number of nodes in a single failure domain; use one zone, or three for highly available platform services (a deployment adopted from Domino's Terraform in two zones may set adoption.twoZones: true)",
        "  network.privateSubnetPrefix: is /25; subnets that hold nodes or pods must be /23 or larger (every pod takes a subnet address with the VPC CNI)",
        "Nothing was synthesized; the output folder is unchanged.",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(cwd, "bad.yaml"), "availabilityZones: [usw2-az1, usw2-az2]\nnetwork: {privateSubnetPrefix: 25}\n");
    const rules = run(cwd, { DOMINO_EKS_CONFIG: "bad.yaml" });
    expect(rules.status).toBe(1);
    expect(rules.stderr.split("\n").slice(1, 3)).toEqual([
      expect.stringMatching(/^ {2}availabilityZones: two zones are not supported/),
      expect.stringMatching(/^ {2}network\.privateSubnetPrefix: is \/25; subnets that hold nodes or pods must be \/23 or larger/),
    ]);
    expect(rules.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(path.join(cwd, "cdktf.out"))).toEqual(before);
    expect(fs.readdirSync(cwd).filter((f) => f.startsWith("cdktf.out"))).toEqual(["cdktf.out"]);
  });

  it("scripts/app.js (the app command of cdktf.json and npm run synth) builds when needed and runs the app", () => {
    const app = path.join(ROOT, "scripts/app.js");
    const { CDKTF_OUTDIR: _o, DOMINO_EKS_CONFIG: _c, ...base } = process.env;
    const ok = spawnSync(process.execPath, [app], { cwd, env: base, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(fs.readdirSync(path.join(cwd, "cdktf.out/stacks")).sort()).toEqual(["domino-cluster", "domino-infra", "domino-k8s", "domino-nodes"]);
    fs.writeFileSync(path.join(cwd, "domino-eks.yaml"), "availabilityZones: [usw2-az1, usw2-az2]\n");
    const bad = spawnSync(process.execPath, [app], { cwd, env: base, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^domino-eks\.yaml: 1 problem\(s\) in the deployment config:\n {2}availabilityZones: two zones are not supported/);
  }, 60_000);

  it("fails `cdktf synth` the same way (the CLI runs the app command)", () => {
    fs.writeFileSync(
      path.join(cwd, "cdktf.json"),
      JSON.stringify({ language: "typescript", app: `"${process.execPath}" "${MAIN}"`, terraformProviders: [], terraformModules: [] }),
    );
    fs.writeFileSync(path.join(cwd, "domino-eks.yaml"), "fargateProfiles: [{name: compute}]\n");
    const cli = spawnSync(process.execPath, [path.join(ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth"], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" },
      encoding: "utf8",
    });
    expect(cli.status).not.toBe(0);
    expect(`${cli.stdout}${cli.stderr}`).toContain("fargateProfiles: Domino cannot be installed on EKS Fargate");
    expect(fs.existsSync(path.join(cwd, "cdktf.out/stacks"))).toBe(false);
  }, 60_000);
});
