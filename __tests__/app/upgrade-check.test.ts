/** upgrade-check: one minor version at a time, never down, with the running version from --current or terraform. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkUpgrade, parseMinorVersion, runUpgradeCheck, type UpgradeCheckIo } from "../../cli/upgrade-check";

function fakeIo(terraform: UpgradeCheckIo["terraform"] = () => ({ status: 1, stdout: "", stderr: "", error: undefined })) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: (readonly string[])[] = [];
  const io: UpgradeCheckIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    terraform: (args) => {
      calls.push(args);
      return terraform(args);
    },
  };
  return { io, out, err, calls };
}

function configDir(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-upgrade-"));
  fs.writeFileSync(path.join(dir, "domino-eks.yaml"), yaml);
  return dir;
}

describe("checkUpgrade", () => {
  test("the same version, and the next minor version, may go ahead", () => {
    expect(checkUpgrade("1.35", "1.35")).toEqual({ ok: true, summary: "1.35: no version change", steps: [] });
    const step = checkUpgrade("1.34", "1.35");
    expect(step.ok).toBe(true);
    expect(step.summary).toBe("1.34 -> 1.35: one minor version, a step EKS takes");
    expect(step.steps.map((s) => s.split(":")[0])).toEqual(["cluster stage", "nodes stage", "k8s stage"]);
  });

  test("a skip is refused, naming the versions skipped and the next step", () => {
    expect(checkUpgrade("1.32", "1.35")).toEqual({
      ok: false,
      summary: '1.32 -> 1.35 is refused: EKS upgrades one minor version at a time, and this skips 1.33, 1.34; set kubernetesVersion: "1.33", apply it, then go on',
      steps: [],
    });
  });

  test("a downgrade is refused", () => {
    expect(checkUpgrade("1.35", "1.34").summary).toBe('1.35 -> 1.34 is refused: a downgrade; EKS cannot lower a cluster\'s Kubernetes version (set kubernetesVersion back to "1.35")');
    expect(checkUpgrade("1.35", "1.34").ok).toBe(false);
  });

  test("reads the versions EKS reports", () => {
    expect(parseMinorVersion("1.33")).toEqual([1, 33]);
    expect(parseMinorVersion("v1.33.5-eks-3025e55")).toEqual([1, 33]);
    expect(parseMinorVersion("latest")).toBeUndefined();
  });
});

describe("domino-eks upgrade-check", () => {
  test("--current: a valid step prints the apply order and notes what the config pins; exit 0", () => {
    const dir = configDir('kubernetesVersion: "1.35"\naddons: {versions: {vpc-cni: v1.20.4-eksbuild.2}}\n');
    const c = fakeIo();
    expect(runUpgradeCheck(["--current", "1.34"], c.io, {}, dir)).toBe(0);
    expect(c.out[0]).toBe("domino: 1.34 -> 1.35: one minor version, a step EKS takes");
    expect(c.out[1]).toMatch(/^ {2}Apply in this order, each stage after the one before has finished:\n {2}1\. cluster stage: /);
    expect(c.out[1]).toContain("note: addons.versions pins vpc-cni at v1.20.4-eksbuild.2; check that it supports 1.35");
    expect(c.calls).toEqual([]);
  });

  test("a skip or a downgrade exits 1 with the reason on stderr", () => {
    const dir = configDir('kubernetesVersion: "1.35"\n');
    const skip = fakeIo();
    expect(runUpgradeCheck(["--current", "1.33"], skip.io, {}, dir)).toBe(1);
    expect(skip.err).toEqual(['domino: 1.33 -> 1.35 is refused: EKS upgrades one minor version at a time, and this skips 1.34; set kubernetesVersion: "1.34", apply it, then go on']);
    const down = fakeIo();
    expect(runUpgradeCheck(["--current", "1.36"], down.io, {}, dir)).toBe(1);
    expect(down.err[0]).toMatch(/^domino: 1\.36 -> 1\.35 is refused: a downgrade/);
  });

  test("without --current, reads the applied cluster stage's cluster_version output", () => {
    const dir = configDir('kubernetesVersion: "1.35"\n');
    const c = fakeIo(() => ({ status: 0, stdout: "1.34", stderr: "", error: undefined }));
    expect(runUpgradeCheck([], c.io, {}, dir)).toBe(0);
    expect(c.calls).toEqual([[`-chdir=${path.join(dir, "cdktf.out", "stacks", "domino-cluster")}`, "output", "-raw", "cluster_version"]]);
    const missing = fakeIo(() => ({ status: null, stdout: "", stderr: "", error: Object.assign(new Error("spawn terraform ENOENT"), { code: "ENOENT" }) }));
    expect(runUpgradeCheck([], missing.io, {}, dir)).toBe(2);
    expect(missing.err).toEqual(["domino: terraform is not on PATH; give the running version with --current"]);
    const unapplied = fakeIo();
    expect(runUpgradeCheck([], unapplied.io, {}, dir)).toBe(2);
    expect(unapplied.err[0]).toMatch(/terraform output -raw cluster_version failed in .*domino-cluster; is the cluster stage applied/);
  });

  test("usage errors: a bad --current, an unknown deployId, --current with several deployments", () => {
    const dir = configDir('deployments:\n  - {deployId: alpha}\n  - {deployId: beta, fqdn: beta.example.com, region: us-east-2, availabilityZones: [use2-az1, use2-az2, use2-az3]}\n');
    const bad = fakeIo();
    expect(runUpgradeCheck(["--current", "1.3x"], bad.io, {}, dir)).toBe(2);
    expect(bad.err).toEqual(['upgrade-check: --current: expected a Kubernetes minor version such as 1.33, got "1.3x"']);
    const unknown = fakeIo();
    expect(runUpgradeCheck(["gamma", "--current", "1.34"], unknown.io, {}, dir)).toBe(2);
    expect(unknown.err).toEqual(["upgrade-check: the config has no deployment gamma; it has alpha, beta"]);
    const several = fakeIo();
    expect(runUpgradeCheck(["--current", "1.34"], several.io, {}, dir)).toBe(2);
    expect(several.err[0]).toMatch(/--current names one cluster's version, but the config has 2 deployments: name one \(alpha, beta\)/);
    const one = fakeIo();
    expect(runUpgradeCheck(["beta", "--current", "1.34"], one.io, {}, dir)).toBe(0);
    expect(one.out[0]).toBe("beta: 1.34 -> 1.35: one minor version, a step EKS takes");
  });
});
