/**
 * `npm run terraform-check`: synthesizes every examples/*.yaml (not examples/invalid/) and the library example into a
 * temporary folder and runs the real terraform on every stack whose providers the mirror holds: `terraform validate`
 * and a mock plan (`terraform test` against mocked providers, with plausible values for the remote-state reads).
 * Providers come from a filesystem mirror only (no network). See ./terraform/ for the parts.
 * Exit codes: 0 no errors (version-skew warnings allowed), 1 errors, 2 usage or setup problem.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { exampleFiles, EXAMPLES_DIR, LIBRARY_EXAMPLE, synthesizeLibraryExample } from "./addresses";
import { synthesizeFile } from "./synth";
import { formatReport, runTerraformChecks, type AppStacks } from "./terraform/run";
import { findMirror, findTerraform, MIRROR_ENV, TerraformSetupError } from "./terraform/setup";
import { ConfigError } from "../constructs/config/problems";
import { loadSchemaSet } from "../verify/schema/load";
import { readSynthesizedStacks } from "../verify/stacks";

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Stacks at a time: each terraform process loads the AWS provider (CPU-bound), so about one per core, 2 to 4. */
export const DEFAULT_JOBS = Math.max(2, Math.min(4, os.cpus().length));

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = `usage: npm run terraform-check [-- options]

Synthesizes every ${EXAMPLES_DIR}/*.yaml and the library example (${EXAMPLES_DIR}/library/) into a temporary folder, and
for every stack whose providers the mirror holds runs terraform validate and a mock plan (terraform test with
mocked providers: no credentials, no network). Stacks whose providers the mirror lacks (the k8s stacks' kubernetes
and helm, unless the mirror holds them) are left to the provider-schema check of npm run validate.

  --example NAME   only this example (reference, reference.yaml, ${LIBRARY_EXAMPLE}); repeatable
  --jobs N         stacks checked at a time (default ${DEFAULT_JOBS})
  --mirror DIR     provider mirror (default: $${MIRROR_ENV}, else /opt/tf-plugins, else ~/.terraform.d/plugins)
  --keep           keep the temporary folder (synthesized stacks, copies, generated test files) and print its path
  -h, --help       print this help and exit

A provider version the mirror does not have is replaced in the copies by the one it has; errors about arguments
the bundled schema (the version the bindings are written for) defines and the mirrored version does not are
printed as version-skew warnings and do not fail the run.

Exit status: 0 no errors, 1 errors, 2 usage or setup problem (no terraform, no mirror).`;

const OPTIONS = {
  example: { type: "string", multiple: true },
  jobs: { type: "string" },
  mirror: { type: "string" },
  keep: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseJobs(value: string | undefined, fallback: number = DEFAULT_JOBS): number {
  if (value === undefined) return fallback;
  if (!/^[1-9][0-9]*$/.test(value)) throw new TerraformSetupError(`--jobs: expected a positive whole number, got ${JSON.stringify(value)}`);
  return parseInt(value, 10);
}

/** The examples to run: all of them, or the ones named (with or without .yaml). */
export function selectExamples(root: string, names: readonly string[] | undefined): string[] {
  const withLibrary = fs.existsSync(path.join(root, EXAMPLES_DIR, LIBRARY_EXAMPLE, "deployment.ts"));
  const all = [...exampleFiles(root), ...(withLibrary ? [LIBRARY_EXAMPLE] : [])];
  if (names === undefined || names.length === 0) return all;
  return names.map((name) => {
    const found = all.find((e) => e === name || e === `${name}.yaml` || e.replace(/\.yaml$/, "") === name.replace(/^examples\//, "").replace(/\.yaml$/, ""));
    if (found === undefined) throw new TerraformSetupError(`--example ${name}: no such example (${all.map((e) => e.replace(/\.yaml$/, "")).join(", ")})`);
    return found;
  });
}

export async function main(argv: readonly string[], io: CliIo, root: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>["values"];
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    io.stderr(`terraform-check: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  let tmp: string | undefined;
  try {
    const jobs = parseJobs(values.jobs);
    const examples = selectExamples(root, values.example);
    const terraform = findTerraform(env);
    const mirror = findMirror(values.mirror, env);
    if (mirror === undefined) {
      throw new TerraformSetupError(`no provider mirror: pass --mirror DIR or set ${MIRROR_ENV} (terraform-check installs providers from a filesystem mirror only, never from the network)`);
    }
    io.stdout(`terraform ${terraform.version} (${terraform.path}), providers from the mirror ${mirror}, ${jobs} job(s)`);

    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-terraform-check-"));
    const started = Date.now();
    const apps: AppStacks[] = [];
    const synthErrors: string[] = [];
    for (const example of examples) {
      const name = example.replace(/\.yaml$/, "");
      const outDir = path.join(tmp, "synth", name);
      try {
        if (example === LIBRARY_EXAMPLE) synthesizeLibraryExample(outDir);
        else synthesizeFile(path.join(root, EXAMPLES_DIR, example), outDir);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        synthErrors.push(`${name}: synth failed: ${error.message}`);
        continue;
      }
      apps.push({ label: name, outDir, stacks: readSynthesizedStacks(outDir) });
    }
    const stackCount = apps.reduce((n, app) => n + app.stacks.length, 0);
    io.stdout(`synthesized ${apps.length} example(s), ${stackCount} stacks, in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const workDir = path.join(tmp, "work");
    fs.mkdirSync(workDir);
    const report = await runTerraformChecks(apps, { terraform, mirror, jobs, workDir, bundled: loadSchemaSet(), env, progress: io.stdout });
    const lines = [...synthErrors.map((e) => `error: ${e}`), ...formatReport(report)];
    if (values.keep) lines.push(`kept ${tmp}`);
    io.stdout(lines.join("\n"));
    const failed = synthErrors.length > 0 || report.results.some((r) => r.status === "failed");
    return failed ? EXIT_ERRORS : EXIT_OK;
  } catch (error) {
    if (!(error instanceof TerraformSetupError)) throw error;
    io.stderr(`terraform-check: ${error.message}`);
    return EXIT_USAGE;
  } finally {
    if (tmp !== undefined && !values.keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`terraform-check: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
