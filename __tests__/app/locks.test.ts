/** Committed lock files: locks/<stack>.terraform.lock.hcl is copied into its stack at every synth, over what init left. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runSynth } from "../../cli/synth-command";

const LOCK = `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.25.0"
  constraints = "~> 6.25"
  hashes = ["h1:committed="]
}
`;

describe("committed lock files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-locks-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const stack = (name: string) => path.join(dir, "cdktf.out", "stacks", name);
  const run = (...argv: string[]) => {
    const err: string[] = [];
    const code = runSynth(["--quiet", ...argv], { stdout: () => undefined, stderr: (t) => err.push(t) }, {}, dir);
    return { code, err };
  };

  test("each lock file of ./locks lands in its stack as .terraform.lock.hcl; stacks without one get none", () => {
    fs.mkdirSync(path.join(dir, "locks"));
    fs.writeFileSync(path.join(dir, "locks", "domino-infra.terraform.lock.hcl"), LOCK);
    expect(run()).toEqual({ code: 0, err: [] });
    expect(fs.readFileSync(path.join(stack("domino-infra"), ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
    expect(fs.existsSync(path.join(stack("domino-cluster"), ".terraform.lock.hcl"))).toBe(false);
  });

  test("the committed lock wins over the one init rewrote; init's own files (.terraform/, other stacks' locks) survive", () => {
    fs.writeFileSync(path.join(stack("domino-infra"), ".terraform.lock.hcl"), "# rewritten by init\n");
    fs.writeFileSync(path.join(stack("domino-cluster"), ".terraform.lock.hcl"), "# cluster lock from init\n");
    fs.mkdirSync(path.join(stack("domino-cluster"), ".terraform", "providers"), { recursive: true });
    expect(run().code).toBe(0);
    expect(fs.readFileSync(path.join(stack("domino-infra"), ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
    expect(fs.readFileSync(path.join(stack("domino-cluster"), ".terraform.lock.hcl"), "utf8")).toBe("# cluster lock from init\n");
    expect(fs.existsSync(path.join(stack("domino-cluster"), ".terraform", "providers"))).toBe(true);
  });

  test("a lock file that names no stack is a warning; --locks picks another folder", () => {
    fs.writeFileSync(path.join(dir, "locks", "prod-infra.terraform.lock.hcl"), LOCK);
    const warned = run();
    expect(warned.code).toBe(0);
    expect(warned.err).toEqual([
      `warning: ${path.join(dir, "locks", "prod-infra.terraform.lock.hcl")} is the lock file of no stack this config writes (stacks: domino-cluster, domino-infra, domino-k8s, domino-nodes)`,
    ]);
    fs.mkdirSync(path.join(dir, "other-locks"));
    fs.writeFileSync(path.join(dir, "other-locks", "domino-k8s.terraform.lock.hcl"), LOCK);
    expect(run("--locks", "other-locks")).toEqual({ code: 0, err: [] });
    expect(fs.readFileSync(path.join(stack("domino-k8s"), ".terraform.lock.hcl"), "utf8")).toBe(LOCK);
  });
});
