/**
 * `domino-eks upgrade-check`: before a Kubernetes upgrade is applied, compares each deployment's `kubernetesVersion`
 * with the version its cluster runs, and refuses what EKS refuses: a downgrade, or a jump of more than one minor version.
 * The running version comes from `--current`, else from the applied cluster stage (`terraform output -raw
 * cluster_version`).
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { ConfigError } from "../constructs/config/problems";
import { stackName } from "../constructs/config/naming";
import { CONFIG_ENV, findConfigSource, parseConfigSource } from "./config-file";
import type { Io } from "./synth-command";

export const UPGRADE_CHECK_USAGE = `usage: domino-eks upgrade-check [<deployId>] [--current VERSION] [--config FILE] [--out DIR]

Checks that each deployment's kubernetesVersion is a step EKS takes from the version its cluster runs: the same
version, or the next minor version. A downgrade, or a jump of more than one minor version, is refused with the reason.

  <deployId>         check only this deployment of the config
  --current VERSION  the version the cluster runs now, such as 1.33 (needs a single deployment, or a deployId);
                     default: terraform -chdir=<out>/stacks/<deployId>-cluster output -raw cluster_version
  --config FILE      the config file (default: $${CONFIG_ENV}, else ./domino-eks.yaml or ./domino-eks.yml)
  --out DIR          the cdktf output folder holding the cluster stacks (default: $CDKTF_OUTDIR, else cdktf.out)
  -h, --help         print this help and exit

Exit status: 0 every deployment may go ahead, 1 a step is refused, 2 usage or input error.`;

export interface UpgradeCheckIo extends Io {
  /** Runs terraform with the arguments; the real one spawns the terraform on PATH. */
  readonly terraform: (args: readonly string[]) => Pick<SpawnSyncReturns<string>, "status" | "stdout" | "stderr" | "error">;
}

export interface UpgradeStep {
  readonly ok: boolean;
  /** One line: the verdict and its reason. */
  readonly summary: string;
  /** For a valid step, what to apply in which order. */
  readonly steps: readonly string[];
}

const MINOR = /^(\d+)\.(\d+)$/;

/** Reads `1.33` (or `1.33.5`, `v1.33.5-eks-...`, as EKS reports platform versions) as [major, minor]. */
export function parseMinorVersion(text: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.+-].*)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The verdict on moving a cluster from `current` to `target` (both `major.minor`). */
export function checkUpgrade(current: string, target: string): UpgradeStep {
  const [cMajor, cMinor] = parseMinorVersion(current) ?? [NaN, NaN];
  const [tMajor, tMinor] = parseMinorVersion(target) ?? [NaN, NaN];
  const from = `${cMajor}.${cMinor}`;
  const to = `${tMajor}.${tMinor}`;
  if (from === to) return { ok: true, summary: `${to}: no version change`, steps: [] };
  if (cMajor !== tMajor || tMinor < cMinor) {
    return { ok: false, summary: `${from} -> ${to} is refused: a downgrade; EKS cannot lower a cluster's Kubernetes version (set kubernetesVersion back to "${from}")`, steps: [] };
  }
  if (tMinor > cMinor + 1) {
    const next = `${cMajor}.${cMinor + 1}`;
    return {
      ok: false,
      summary: `${from} -> ${to} is refused: EKS upgrades one minor version at a time, and this skips ${Array.from({ length: tMinor - cMinor - 1 }, (_, i) => `${cMajor}.${cMinor + 1 + i}`).join(", ")}; set kubernetesVersion: "${next}", apply it, then go on`,
      steps: [],
    };
  }
  return {
    ok: true,
    summary: `${from} -> ${to}: one minor version, a step EKS takes`,
    steps: [
      `cluster stage: the control plane moves to ${to}, then vpc-cni, kube-proxy and the Pod Identity agent move to their versions for ${to}`,
      `nodes stage: every managed node group rolls to ${to} AMIs (one platform node at a time, half of a compute group at a time), then coredns and the EBS and EFS CSI drivers move`,
      `k8s stage: the cluster autoscaler's image follows ${to}`,
    ],
  };
}

/** What stays where it is on a version change because the config pins it: each is for the operator to check. */
export function pinnedNotes(config: DeploymentConfig): string[] {
  const v = config.kubernetesVersion;
  return [
    ...Object.entries(config.addons.versions).map(
      ([name, version]) => `  note: addons.versions pins ${name} at ${version}; check that it supports ${v} (aws eks describe-addon-versions --addon-name ${name} --kubernetes-version ${v}), or unpin it to follow`,
    ),
    ...(config.autoscaler.imageTag ? [`  note: autoscaler.imageTag pins ${config.autoscaler.imageTag}; the autoscaler must match the cluster's minor version (v${v}.x)`] : []),
  ];
}

/** The version the applied cluster stage reports, or an error message. */
function appliedVersion(deployId: string, outDir: string, io: UpgradeCheckIo): { version?: string; error?: string } {
  const stackDir = path.join(outDir, "stacks", stackName(deployId, "cluster"));
  const result = io.terraform([`-chdir=${stackDir}`, "output", "-raw", "cluster_version"]);
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return { error: code === "ENOENT" ? "terraform is not on PATH; give the running version with --current" : `could not run terraform: ${result.error.message}` };
  }
  const version = String(result.stdout ?? "").trim();
  if (result.status !== 0 || !parseMinorVersion(version)) {
    return { error: `terraform output -raw cluster_version failed in ${stackDir}; is the cluster stage applied and initialised (terraform init)? Or give the running version with --current` };
  }
  return { version };
}

export function runUpgradeCheck(argv: readonly string[], io: UpgradeCheckIo, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): number {
  let args: { current?: string; config?: string; out?: string; help?: boolean };
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { current: { type: "string" }, config: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    args = parsed.values;
    positionals = parsed.positionals;
  } catch (error) {
    io.stderr(`upgrade-check: ${(error as Error).message}\n\n${UPGRADE_CHECK_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(UPGRADE_CHECK_USAGE);
    return 0;
  }
  const usage = (message: string) => {
    io.stderr(`upgrade-check: ${message}`);
    return 2;
  };
  if (positionals.length > 1) return usage(`one deployId at most (got ${positionals.join(", ")})`);
  if (args.current !== undefined && !MINOR.test(args.current)) return usage(`--current: expected a Kubernetes minor version such as 1.33, got ${JSON.stringify(args.current)}`);

  let configs: DeploymentConfig[];
  try {
    const source = findConfigSource(args.config === undefined ? env : { ...env, [CONFIG_ENV]: args.config }, cwd);
    configs = parseConfigSource(source);
  } catch (error) {
    if (error instanceof ConfigError) return usage(error.message);
    throw error;
  }
  const [only] = positionals;
  const chosen = only === undefined ? configs : configs.filter((c) => c.deployId === only);
  if (chosen.length === 0) return usage(`the config has no deployment ${only}; it has ${configs.map((c) => c.deployId).join(", ")}`);
  if (args.current !== undefined && chosen.length > 1) return usage(`--current names one cluster's version, but the config has ${chosen.length} deployments: name one (${chosen.map((c) => c.deployId).join(", ")})`);

  const outDir = path.resolve(cwd, args.out ?? env.CDKTF_OUTDIR ?? "cdktf.out");
  let code = 0;
  for (const config of chosen) {
    const running = args.current !== undefined ? { version: args.current } : appliedVersion(config.deployId, outDir, io);
    if (running.version === undefined) {
      io.stderr(`${config.deployId}: ${running.error}`);
      code = Math.max(code, 2);
      continue;
    }
    const step = checkUpgrade(running.version, config.kubernetesVersion);
    (step.ok ? io.stdout : io.stderr)(`${config.deployId}: ${step.summary}`);
    if (step.steps.length > 0) {
      io.stdout(["  Apply in this order, each stage after the one before has finished:", ...step.steps.map((s, i) => `  ${i + 1}. ${s}`), ...pinnedNotes(config)].join("\n"));
    }
    if (!step.ok) code = Math.max(code, 1);
  }
  return code;
}

export const processUpgradeCheckIo: UpgradeCheckIo = {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  terraform: (args) => spawnSync("terraform", [...args], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }),
};
