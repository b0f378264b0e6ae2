/**
 * What a terraform run needs before any stack: the terraform binary, a provider mirror and the CLI configuration
 * that installs from it, and the provider versions the mirror holds. Version constraints are evaluated here too.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isObject, type JsonObject } from "../../verify/json";

/** A problem with the machine or the options, not with the stacks: exit 2, no stack trace. */
export class TerraformSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerraformSetupError";
  }
}

/** Mock providers and `override_data` came in 1.7; `override_during = plan` (used for ACM certificates) in 1.11. */
export const MIN_TERRAFORM_VERSION = "1.11.0";

export interface TerraformBinary {
  readonly path: string;
  readonly version: string;
}

export const DEFAULT_REGISTRY = "registry.terraform.io";

/** The terraform on PATH (or `TERRAFORM_BINARY`), with its version. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): TerraformBinary {
  const explicit = env.TERRAFORM_BINARY;
  const names = process.platform === "win32" ? ["terraform.exe", "terraform"] : ["terraform"];
  const candidates = explicit
    ? [explicit]
    : (env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "").flatMap((dir) => names.map((name) => path.join(dir, name)));
  const binary = candidates.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
  if (binary === undefined) {
    throw new TerraformSetupError(
      explicit
        ? `TERRAFORM_BINARY names ${explicit}, which is not an executable file`
        : `no terraform on PATH: install Terraform ${MIN_TERRAFORM_VERSION} or later (https://developer.hashicorp.com/terraform/install) and run again`,
    );
  }
  const run = spawnSync(binary, ["version", "-json"], { encoding: "utf8", env: { ...env, CHECKPOINT_DISABLE: "1" }, timeout: 60_000 });
  let version: string | undefined;
  try {
    const parsed: unknown = JSON.parse(run.stdout ?? "");
    version = isObject(parsed) && typeof parsed.terraform_version === "string" ? parsed.terraform_version : undefined;
  } catch {
    version = /Terraform v(\d+\.\d+\.\d+)/.exec(run.stdout ?? "")?.[1];
  }
  if (version === undefined) throw new TerraformSetupError(`${binary} version -json printed no version (${(run.stderr || run.error?.message || "").trim()})`);
  if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    throw new TerraformSetupError(`${binary} is Terraform ${version}; the mock plans need ${MIN_TERRAFORM_VERSION} or later (mock providers with override_during)`);
  }
  return { path: binary, version };
}

// --- versions and constraints -------------------------------------------------------------------------------------

function parts(version: string): { numbers: number[]; pre: string } {
  const [core, pre = ""] = version.trim().replace(/^v/, "").split("-", 2);
  return { numbers: core.split(".").map((n) => parseInt(n, 10) || 0), pre };
}

export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length, 3); i++) {
    const d = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === "") return 1;
  if (y.pre === "") return -1;
  return x.pre.localeCompare(y.pre);
}

/** Whether `version` meets a Terraform version constraint (`~> 6.25`, `>= 5.0, < 7`, `6.25.0`); empty meets all. */
export function satisfies(version: string, constraint: string | undefined): boolean {
  if (constraint === undefined || constraint.trim() === "") return true;
  return constraint.split(",").every((clause) => {
    const match = /^\s*(~>|>=|<=|!=|=|>|<)?\s*v?([0-9][0-9A-Za-z.+-]*)\s*$/.exec(clause);
    if (!match) return false;
    const [, op = "=", want] = match;
    const c = compareVersions(version, want);
    switch (op) {
      case "=":
        return c === 0;
      case "!=":
        return c !== 0;
      case ">":
        return c > 0;
      case ">=":
        return c >= 0;
      case "<":
        return c < 0;
      case "<=":
        return c <= 0;
      case "~>": {
        // ~> 6.25 allows 6.x from 6.25; ~> 6.25.1 allows 6.25.x from 6.25.1.
        const segments = want.split("-")[0].split(".").map((n) => parseInt(n, 10) || 0);
        if (c < 0) return false;
        const fixed = segments.slice(0, Math.max(1, segments.length - 1));
        const have = parts(version).numbers;
        return fixed.every((n, i) => (have[i] ?? 0) === n);
      }
    }
    return false;
  });
}

// --- providers of a stack -----------------------------------------------------------------------------------------

export interface RequiredProvider {
  /** Local name, e.g. `aws`. */
  readonly name: string;
  /** Full source address, lower case: `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  readonly version?: string;
}

export function normalizeSource(source: string | undefined, name: string): string {
  const parts = (source ?? name).toLowerCase().split("/");
  if (parts.length === 1) return `${DEFAULT_REGISTRY}/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `${DEFAULT_REGISTRY}/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

export function requiredProviders(json: JsonObject): RequiredProvider[] {
  const terraform = isObject(json.terraform) ? json.terraform : {};
  const required = isObject(terraform.required_providers) ? terraform.required_providers : {};
  return Object.entries(required)
    .map(([name, spec]) => {
      const body = isObject(spec) ? spec : {};
      const version = typeof spec === "string" ? spec : typeof body.version === "string" ? body.version : undefined;
      return { name, source: normalizeSource(typeof body.source === "string" ? body.source : undefined, name), version };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

// --- the mirror ---------------------------------------------------------------------------------------------------

export const DEFAULT_MIRRORS = ["/opt/tf-plugins"];
export const MIRROR_ENV = "TF_PLUGIN_MIRROR";

/** `--mirror DIR`, else TF_PLUGIN_MIRROR, else /opt/tf-plugins, else ~/.terraform.d/plugins; undefined when none exists. */
export function findMirror(option: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string | undefined {
  const isDir = (dir: string) => {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  };
  for (const [given, what] of [[option, "--mirror"], [env[MIRROR_ENV], MIRROR_ENV]] as const) {
    if (given === undefined || given === "") continue;
    const dir = path.resolve(given);
    if (!isDir(dir)) throw new TerraformSetupError(`${what} names ${given}, which is not a directory`);
    return dir;
  }
  return [...DEFAULT_MIRRORS, path.join(home, ".terraform.d", "plugins")].find(isDir);
}

/** Terraform's name of this machine's platform: `linux_amd64`, `darwin_arm64`, ... */
export function currentPlatform(): string {
  const arch = ({ x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" } as Record<string, string>)[process.arch] ?? process.arch;
  const osName = process.platform === "win32" ? "windows" : process.platform;
  return `${osName}_${arch}`;
}

/**
 * Versions per provider source in a filesystem mirror, for this platform. Both layouts Terraform reads:
 * unpacked `HOST/NS/TYPE/VERSION/OS_ARCH/` and packed `HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`.
 */
export function mirrorProviders(dir: string, platform: string = currentPlatform()): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const entries = (d: string) => {
    try {
      return fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  for (const host of entries(dir).filter((e) => e.isDirectory())) {
    for (const ns of entries(path.join(dir, host.name)).filter((e) => e.isDirectory())) {
      for (const type of entries(path.join(dir, host.name, ns.name)).filter((e) => e.isDirectory())) {
        const typeDir = path.join(dir, host.name, ns.name, type.name);
        const versions = new Set<string>();
        for (const entry of entries(typeDir)) {
          if (entry.isDirectory() && /^\d+\.\d+\.\d+/.test(entry.name) && fs.existsSync(path.join(typeDir, entry.name, platform))) versions.add(entry.name);
          const zip = new RegExp(`^terraform-provider-${type.name}_(\\d+\\.\\d+\\.\\d+[^_]*)_${platform}\\.zip$`).exec(entry.name);
          if (entry.isFile() && zip) versions.add(zip[1]);
        }
        if (versions.size > 0) {
          result.set(`${host.name}/${ns.name}/${type.name}`.toLowerCase(), [...versions].sort(compareVersions));
        }
      }
    }
  }
  return result;
}

/** The newest mirrored version meeting the constraint; else the newest, to which the copy's constraint is rewritten. */
export function chooseVersion(available: readonly string[], constraint: string | undefined): { version: string; rewrite: boolean } | undefined {
  if (available.length === 0) return undefined;
  const sorted = [...available].sort(compareVersions);
  const meeting = sorted.filter((v) => satisfies(v, constraint));
  if (meeting.length > 0) return { version: meeting[meeting.length - 1], rewrite: false };
  return { version: sorted[sorted.length - 1], rewrite: true };
}

/** The CLI configuration of a run: every registry provider from the mirror, nothing from the network. */
export function cliConfigText(mirror: string): string {
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    "  }",
    "  direct {",
    '    exclude = ["registry.terraform.io/*/*"]',
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Provider versions recorded in a `.terraform.lock.hcl`, by source address. */
export function lockedVersions(lockText: string): Map<string, string> {
  const versions = new Map<string, string>();
  const pattern = /provider\s+"([^"]+)"\s*\{[^}]*?version\s*=\s*"([^"]+)"/g;
  for (const match of lockText.matchAll(pattern)) versions.set(match[1].toLowerCase(), match[2]);
  return versions;
}
