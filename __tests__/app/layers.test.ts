/**
 * Import layers (.dependency-cruiser.js): the real tree has no violation, and every rule fires on a small fixture tree
 * that breaks it. dependency-cruiser is ESM, so it runs as a child process, as `npm run layers` runs it. Both runs use
 * the same config file; its paths are relative to the folder depcruise runs in.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.js");

interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: { name: string }[];
}

/** The depcruise bin as npm links it, read from dependency-cruiser's package.json. */
function depcruiseBin(): string {
  const dir = path.join(ROOT, "node_modules/dependency-cruiser");
  const bin = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).bin as Record<string, string>;
  return path.join(dir, bin.depcruise);
}

/** The folders and files `npm run layers` checks, so the test and the script check the same thing. */
function layersTargets(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.layers;
  const [command, ...args] = script.trim().split(/\s+/);
  expect(command).toBe("depcruise");
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--config" || args[i] === "-c") i++;
    else if (!args[i].startsWith("-")) targets.push(args[i]);
  }
  return targets;
}

/** Runs depcruise with the project config in cwd and returns its violations (it exits non-zero when there are some). */
function cruise(cwd: string, targets: string[]): Promise<Violation[]> {
  const args = [depcruiseBin(), "--config", CONFIG, "--output-type", "json", ...targets];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout).summary.violations as Violation[]);
      } catch {
        reject(new Error(`depcruise did not report in ${cwd}:\n${stderr}\n${stdout.slice(0, 2000)}`));
      }
    });
  });
}

function describeViolation(v: Violation): string {
  const via = v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name).join(" -> ")})` : "";
  return `${v.rule.severity} ${v.rule.name}: ${v.from} -> ${v.to}${via}`;
}

/**
 * A tree that breaks every rule once (and some a second way), beside imports the rules allow. Each file lists its
 * imports; `type:` marks an `import type` (it must count as an edge too).
 */
const FIXTURE: Record<string, string[]> = {
  "main.ts": ["./cli/app"],
  // not-to-unresolvable, not-to-dev-dep (typescript is a devDependency of the fixture)
  "cli/app.ts": ["../constructs/deployment", "./format", "./missing", "typescript"],
  "cli/format.ts": [],
  // no-circular (the only cycle: every other forbidden import points at a file that imports nothing back)
  "cli/cycle-a.ts": ["./cycle-b"],
  "cli/cycle-b.ts": ["./cycle-a"],
  "scripts/bench.ts": ["../constructs/deployment"],
  // allowed: add-on folders from deployment.ts and index.ts; cdktf (a peerDependency + devDependency of the fixture)
  "constructs/deployment.ts": ["./addons/index", "./addons/bar/bar", "./k8s/k8s-stack", "cdktf"],
  "constructs/index.ts": ["./addons/foo/foo", "./deployment"],
  // allowed: the rule catalogue, zod, Node built-ins, its own folder
  "constructs/config/rules.ts": ["../../verify/security/rules/index", "zod", "path", "./naming"],
  "constructs/config/naming.ts": [],
  // allowed: an add-on's schema slice (config-is-pure, addon-folders-only-via-registry)
  "constructs/config/schema.ts": ["./naming", "../addons/foo/schema", "zod"],
  // config-is-pure, twice: another constructs/ folder, and cdktf by type only
  "constructs/config/plan.ts": ["../core/tags", "type:cdktf", "./naming"],
  "constructs/core/tags.ts": [],
  // core-below-stages; allowed: config, a provider by deep path
  "constructs/core/partition.ts": ["../infra/outputs", "../config/rules", "@cdktf/provider-aws/lib/data-aws-partition"],
  "constructs/infra/outputs.ts": [],
  // stage-order (infra -> nodes), no-provider-root-import; allowed: core
  "constructs/infra/network.ts": ["../nodes/outputs", "@cdktf/provider-aws", "../core/partition", "./outputs"],
  // library-not-front-end, library-uses-only-verify-rule-catalogue; allowed: an earlier stage
  "constructs/cluster/cluster-stack.ts": ["../../cli/format", "../../verify/json", "../infra/network"],
  "constructs/nodes/outputs.ts": [],
  // stage-order (nodes -> k8s, by type only); allowed: earlier stages
  "constructs/nodes/node-group.ts": ["type:../k8s/outputs", "../cluster/cluster-stack", "../infra/network"],
  "constructs/k8s/outputs.ts": [],
  // stages-know-no-addon and addon-folders-only-via-registry; allowed: the add-on interface, an earlier stage
  "constructs/k8s/k8s-stack.ts": ["../addons/addon", "../addons/foo/helper", "../nodes/node-group", "./outputs"],
  "constructs/addons/addon.ts": ["type:../config/plan"],
  "constructs/addons/index.ts": ["./addon", "./foo/foo", "./bar/bar"],
  // addons-independent; allowed: its own folder, the interface
  "constructs/addons/foo/foo.ts": ["./helper", "../addon", "../bar/bar"],
  "constructs/addons/foo/helper.ts": [],
  // addon-schema-slices-pure; allowed: zod, its own defaults
  "constructs/addons/foo/schema.ts": ["zod", "./defaults", "../../config/naming"],
  "constructs/addons/foo/defaults.ts": [],
  "constructs/addons/bar/bar.ts": ["type:../addon"],
  "verify/json.ts": [],
  // verify-standalone (by type only)
  "verify/stacks.ts": ["type:../constructs/config/naming", "./json"],
  "verify/security/rules/index.ts": ["../../json"],
};

const EXPECTED = [
  "error addon-folders-only-via-registry: constructs/k8s/k8s-stack.ts -> constructs/addons/foo/helper.ts",
  "error addon-schema-slices-pure: constructs/addons/foo/schema.ts -> constructs/config/naming.ts",
  "error addons-independent: constructs/addons/foo/foo.ts -> constructs/addons/bar/bar.ts",
  "error config-is-pure: constructs/config/plan.ts -> constructs/core/tags.ts",
  "error config-is-pure: constructs/config/plan.ts -> node_modules/cdktf/lib/index.js",
  "error core-below-stages: constructs/core/partition.ts -> constructs/infra/outputs.ts",
  "error library-not-front-end: constructs/cluster/cluster-stack.ts -> cli/format.ts",
  "error library-uses-only-verify-rule-catalogue: constructs/cluster/cluster-stack.ts -> verify/json.ts",
  "error no-circular: cli/cycle-a.ts -> cli/cycle-b.ts",
  "error no-provider-root-import: constructs/infra/network.ts -> node_modules/@cdktf/provider-aws/lib/index.js",
  "error not-to-dev-dep: cli/app.ts -> node_modules/typescript/lib/typescript.js",
  "error not-to-unresolvable: cli/app.ts -> ./missing",
  "error stage-order: constructs/infra/network.ts -> constructs/nodes/outputs.ts",
  "error stage-order: constructs/nodes/node-group.ts -> constructs/k8s/outputs.ts",
  "error stages-know-no-addon: constructs/k8s/k8s-stack.ts -> constructs/addons/foo/helper.ts",
  "error verify-standalone: verify/stacks.ts -> constructs/config/naming.ts",
];

function writeFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-layers-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  for (const [file, imports] of Object.entries(FIXTURE)) {
    const lines = imports.map((spec, i) =>
      spec.startsWith("type:") ? `import type * as t${i} from "${spec.slice(5)}";` : `import * as m${i} from "${spec}";`,
    );
    const used = imports.flatMap((spec, i) => (spec.startsWith("type:") ? [] : [`m${i}`]));
    write(file, `${lines.join("\n")}\nexport const uses = [${used.join(", ")}];\n`);
  }
  write(
    "package.json",
    JSON.stringify({
      name: "layers-fixture",
      private: true,
      dependencies: { zod: "*", "@cdktf/provider-aws": "*" },
      peerDependencies: { cdktf: "*" },
      devDependencies: { cdktf: "*", typescript: "*" },
    }),
  );
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", moduleResolution: "node", strict: true } }));
  // The repo's packages, so npm imports resolve (the config's node_modules patterns allow for the symlink).
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

describe("import layers (.dependency-cruiser.js)", () => {
  // Both cruises start at once: each is a node process of about 2 s.
  let real: Promise<Violation[]>;
  let fixture: Promise<Violation[]>;
  let fixtureDir: string;
  beforeAll(() => {
    real = cruise(ROOT, layersTargets());
    fixtureDir = writeFixture();
    fixture = cruise(fixtureDir, ["main.ts", "constructs", "cli", "verify", "scripts"]);
    // Keep an unawaited rejection from failing the run before the test that awaits it reports it.
    real.catch(() => undefined);
    fixture.catch(() => undefined);
  });
  afterAll(() => {
    if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
  });

  it("finds no violation in the app", async () => {
    expect((await real).map(describeViolation)).toEqual([]);
  }, 30_000);

  it("reports each rule on a fixture tree that breaks it, and nothing the rules allow", async () => {
    // Symlinked node_modules resolve to the repo's real path; name them as the fixture sees them.
    const found = (await fixture).map((v) =>
      describeViolation({ ...v, cycle: undefined }).replace(/ -> (?:\.\.\/)+.*?\/node_modules\//, " -> node_modules/"),
    );
    const local = [...new Set(found)].sort();
    expect(local).toEqual(EXPECTED);
    const rules = new Set(local.map((line) => line.split(" ")[1].replace(/:$/, "")));
    const config = require(CONFIG) as { forbidden: { name: string }[] };
    expect([...rules].sort()).toEqual([...new Set(config.forbidden.map((r) => r.name))].sort());
  }, 30_000);
});
