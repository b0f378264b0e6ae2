/** The output swap: Terraform's working files survive a synth, and the cdktf CLI finds the folders it expects. */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { runByCdktfCli, synthesize, withoutStackTraces } from "../../cli/synth";

const two = parseConfig("deployments:\n  - deployId: alpha\n    fqdn: alpha.example.com\n  - deployId: beta\n    fqdn: beta.example.com\n", "two.yaml");
const one = parseConfig("deployId: alpha\nfqdn: alpha.example.com\n", "one.yaml");

const stacksIn = (out: string) => fs.readdirSync(path.join(out, "stacks")).sort();

/** What the cdktf CLI does around the app: list stack folders before, delete the ones the app did not write after. */
function likeCdktfCli(out: string, run: () => void): void {
  const before = fs.existsSync(path.join(out, "stacks")) ? stacksIn(out) : [];
  run();
  const written = Object.keys(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks);
  for (const dir of before.filter((d) => !written.includes(d))) fs.rmSync(path.join(out, "stacks", dir), { recursive: true });
}

describe("the synth output swap", () => {
  let out: string;
  beforeAll(() => {
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-swap-")), "cdktf.out");
    synthesize(two, out);
  });

  it("drops a stack's assets folder the new synth no longer writes (a config without Karpenter pools)", () => {
    const dir = path.join(out, "stacks", "alpha-k8s");
    fs.mkdirSync(path.join(dir, "assets", "karpenter-node-pools_chart_X", "hash"), { recursive: true });
    synthesize(two, out);
    expect(fs.existsSync(path.join(dir, "assets"))).toBe(false);
  });

  it("keeps each stack's lock file, .terraform folder and saved plan, and rewrites the synthesized JSON", () => {
    const dir = path.join(out, "stacks", "alpha-infra");
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), "# lock\n");
    fs.mkdirSync(path.join(dir, ".terraform", "providers"), { recursive: true });
    fs.writeFileSync(path.join(dir, "plan"), "saved plan");
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), "stale");
    synthesize(two, out);
    expect(fs.readFileSync(path.join(dir, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
    expect(fs.existsSync(path.join(dir, ".terraform", "providers"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "plan"), "utf8")).toBe("saved plan");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")).resource).toBeDefined();
  });

  it("under the cdktf CLI leaves a vanished stack's folder for the CLI to delete, so the first synth after succeeds", () => {
    likeCdktfCli(out, () => synthesize(one, out, { keepOrphanedStacks: true }));
    expect(stacksIn(out)).toEqual(["alpha-cluster", "alpha-infra", "alpha-k8s", "alpha-nodes"]);
  });

  it("on its own drops a vanished stack's folder", () => {
    synthesize(two, out);
    synthesize(one, out);
    expect(stacksIn(out)).toEqual(["alpha-cluster", "alpha-infra", "alpha-k8s", "alpha-nodes"]);
  });

  it("knows the cdktf CLI by the variables it sets for the app", () => {
    expect(runByCdktfCli({ CDKTF_OUTDIR: "cdktf.out", CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" })).toBe(true);
    expect(runByCdktfCli({ CDKTF_OUTDIR: "cdktf.out" })).toBe(false);
    expect(runByCdktfCli({})).toBe(false);
  });
});

describe("withoutStackTraces", () => {
  const frames = () => {
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder);
    return holder.stack ?? "";
  };

  it("captures no stack and puts Error.stackTraceLimit back as it was", () => {
    const before = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
    const inside = withoutStackTraces(() => {
      Error.stackTraceLimit = Number.MAX_SAFE_INTEGER; // as cdktf does around its capture: no effect here
      return frames();
    });
    expect(inside).toBe("");
    expect(Object.getOwnPropertyDescriptor(Error, "stackTraceLimit")).toEqual(before);
    expect(frames()).toMatch(/\n\s+at /);
  });

  it("leaves the tokens cdktf creates meanwhile with an empty creation stack (in a plain Node process, as synth runs)", () => {
    const script = `const { Lazy } = require("cdktf"); const { withoutStackTraces } = require(${JSON.stringify(path.resolve(__dirname, "../../dist/cli/synth.js"))});
      const stack = () => Lazy.anyValue({ produce: () => 1 }).creationStack.length;
      process.stdout.write(JSON.stringify([stack(), withoutStackTraces(stack), stack()]));`;
    const { DOMINO_EKS_DEBUG: _d, ...env } = process.env;
    const [before, inside, after] = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env })) as number[];
    expect(before).toBeGreaterThan(0);
    expect(inside).toBe(0);
    expect(after).toBe(before);
  });

  it("keeps them with DOMINO_EKS_DEBUG, for a bug report", () => {
    process.env.DOMINO_EKS_DEBUG = "1";
    try {
      expect(withoutStackTraces(frames)).toMatch(/\n\s+at /);
    } finally {
      delete process.env.DOMINO_EKS_DEBUG;
    }
  });
});
