/**
 * `npm run addresses`: synthesizes every examples/*.yaml (not examples/invalid/) into a temporary folder and rewrites
 * addresses/<example>.json with the Terraform address of every managed resource, per stack. With `--check` it writes
 * nothing and exits 1 when a list differs. See ./address-contract.ts for why the lists matter.
 * Exit codes: 0 up to date (or rewritten), 1 differences found (--check), 2 usage or input error.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { parseArgs } from "util";
import { synthesizeFile } from "./synth";
import { breaksState, collectAddresses, compareAddresses, describeDiff, formatAddressFile, type AddressLists, type MovedByStack } from "./address-contract";
import { ConfigError } from "../constructs/config/problems";
import { readSynthesizedStacks } from "../verify/stacks";

export const EXAMPLES_DIR = "examples";
export const ADDRESSES_DIR = "addresses";

export const EXIT_OK = 0;
export const EXIT_DIFFERENT = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `usage: npm run addresses [-- --check]

Synthesizes every ${EXAMPLES_DIR}/*.yaml and the library example (${EXAMPLES_DIR}/library/) and rewrites
${ADDRESSES_DIR}/<example>.json: per stack, the sorted addresses (<type>.<logical id>) of its managed resources.

  --check            write nothing; exit 1 and list the differences when a file is not up to date
  --accept-removal   also rewrite a list from which an address disappears without a moved block (the resource
                     will be destroyed on the next apply: only when that is intended)
  -h, --help         print this help and exit

A committed address that disappears makes Terraform destroy and recreate the resource: add a migration
(constructs/core/migrations.ts) that moves it, and record the change in CHANGELOG.md.`;

/** The valid examples: examples/*.yaml, without the examples/invalid/ folder. */
export function exampleFiles(root: string): string[] {
  const dir = path.join(root, EXAMPLES_DIR);
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".yaml")).map((e) => e.name).sort();
}

/**
 * The library example (examples/library/, a consumer app) has a list of its own, `library.json`: its deployment is
 * built by code, not read from a config file. The compiled example sits beside this file's folder in dist/, and
 * imports the package by its own name (package.json `exports` makes that resolve to this build).
 */
export const LIBRARY_EXAMPLE = "library";

/** Synthesizes the library example into outDir (`<outDir>/stacks/<stack>/cdk.tf.json`). */
export function synthesizeLibraryExample(outDir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require("../examples/library/deployment") as { defineDeployment: (app: App) => unknown };
  const app = new App({ outdir: outDir });
  example.defineDeployment(app);
  app.synth();
}

export function libraryExampleAddresses(outDir: string): { addresses: AddressLists; moved: MovedByStack } {
  synthesizeLibraryExample(outDir);
  return collectAddresses(Object.fromEntries(readSynthesizedStacks(outDir).map((s) => [s.name, s.json])));
}

/** Synthesizes one example into outDir and collects its addresses and moved blocks. */
export function exampleAddresses(file: string, outDir: string): { addresses: AddressLists; moved: MovedByStack } {
  synthesizeFile(file, outDir);
  return collectAddresses(Object.fromEntries(readSynthesizedStacks(outDir).map((s) => [s.name, s.json])));
}

/** Runs the command in root; returns the exit code instead of exiting, so tests can call it. */
export function main(argv: readonly string[], io: CliIo, root: string = process.cwd()): number {
  let check: boolean;
  let acceptRemoval: boolean;
  try {
    const options = { check: { type: "boolean" }, "accept-removal": { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
    const { values } = parseArgs({ args: [...argv], options, strict: true });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    check = values.check ?? false;
    acceptRemoval = values["accept-removal"] ?? false;
  } catch (error) {
    io.stderr(`addresses: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const addressesDir = path.join(root, ADDRESSES_DIR);
  const examples = exampleFiles(root);
  const withLibrary = fs.existsSync(path.join(root, EXAMPLES_DIR, LIBRARY_EXAMPLE, "deployment.ts"));
  const all = withLibrary ? [...examples, LIBRARY_EXAMPLE] : examples;
  const expectedFiles = new Set(all.map((e) => `${e.replace(/\.yaml$/, "")}.json`));
  const stale = fs.existsSync(addressesDir) ? fs.readdirSync(addressesDir).filter((f) => f.endsWith(".json") && !expectedFiles.has(f)).sort() : [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-addresses-"));
  const report: string[] = [];
  let different = stale.length > 0;
  let breaking = false;
  let refused = false;
  try {
    for (const example of all) {
      const name = example.replace(/\.yaml$/, "");
      const file = path.join(addressesDir, `${name}.json`);
      const shown = path.posix.join(ADDRESSES_DIR, `${name}.json`);
      const synthesized = example === LIBRARY_EXAMPLE
        ? libraryExampleAddresses(path.join(tmp, name))
        : exampleAddresses(path.join(root, EXAMPLES_DIR, example), path.join(tmp, name));
      const text = formatAddressFile(synthesized.addresses);
      const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
      if (old === text) continue;
      different = true;
      const diff = old === undefined ? undefined : compareAddresses(JSON.parse(old) as AddressLists, synthesized.addresses, synthesized.moved);
      const breaks = diff !== undefined && breaksState(diff);
      breaking ||= breaks;
      const lines = diff === undefined ? ["new file"] : describeDiff(diff);
      report.push(`${shown}${check ? " is not up to date" : ""}:`, ...(lines.length > 0 ? lines : ["formatting only"]).map((l) => `  ${l}`));
      if (breaks && !acceptRemoval && !check) {
        refused = true;
        report.push(`  not written: resources would be destroyed (add a migration, or pass --accept-removal if that is intended)`);
      } else if (!check) {
        fs.mkdirSync(addressesDir, { recursive: true });
        fs.writeFileSync(file, text);
        report.push(`  wrote ${shown}`);
      }
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`addresses: ${error.message}`);
    return EXIT_USAGE;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const f of stale) {
    report.push(`${path.posix.join(ADDRESSES_DIR, f)}: no ${EXAMPLES_DIR}/${f.replace(/\.json$/, ".yaml")}${check ? "" : "; removed"}`);
    if (!check) fs.rmSync(path.join(addressesDir, f));
  }

  if (!different) {
    io.stdout(`${ADDRESSES_DIR}/: all ${all.length} address lists are up to date`);
    return EXIT_OK;
  }
  const advice = breaking
    ? ["Some resources would be destroyed and recreated: if that is not intended, add a migration (constructs/core/migrations.ts)."]
    : [];
  if (check) {
    io.stderr([...report, "", "Run `npm run addresses` to rewrite the lists, and record address changes in CHANGELOG.md.", ...advice].join("\n"));
    return EXIT_DIFFERENT;
  }
  if (refused) {
    io.stderr([...report, "", ...advice].join("\n"));
    return EXIT_DIFFERENT;
  }
  io.stdout([...report, "", "Record address changes in CHANGELOG.md.", ...advice].join("\n"));
  return EXIT_OK;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  });
}
