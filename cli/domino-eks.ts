/**
 * The `domino-eks` command (the package's bin): one entry for synth, validate, values and schema. The npm scripts
 * (`npm run synth`, `npm run validate`, ...) are aliases of these subcommands.
 */
import * as fs from "fs";
import * as path from "path";
import { runSynth, type Io } from "./synth-command";
import { JSON_SCHEMA_FILE, renderJsonSchema } from "./write-json-schema";

export { runSynth };

export const USAGE = `usage: domino-eks <command> [options]

Commands:
  synth      check the deployment config and write the Terraform stacks (cdktf.out/stacks/<deployId>-<stage>)
  validate   check the synthesized stacks offline: provider schemas and security rules; --terraform adds
             terraform validate and a mock plan per stack
  values     print the domino.yml fragment of an applied deployment (from the k8s stage's domino_config output)
  describe   before anyone applies: a summary per deployment with a Mermaid diagram and a monthly baseline
             estimate, written to cdktf.out/<deployId>.md
  upgrade-check
             before a Kubernetes upgrade: refuses a downgrade or a jump of more than one minor version from the
             version the cluster runs, and says in which order to apply the stages
  adopt      take over a deployment made with Domino's Terraform in place: from its three states, a config,
             an adoption file of import blocks and a report (ADOPTION.md)
  schema     write the config's JSON Schema (${JSON_SCHEMA_FILE}) for editor completion and checking

Run \`domino-eks <command> --help\` for a command's options.`;

const SCHEMA_USAGE = `usage: domino-eks schema [--out FILE]

Writes the JSON Schema of the deployment config; without --out it prints it.
  --out FILE   the file to write, e.g. ${JSON_SCHEMA_FILE}
  -h, --help   print this help and exit`;

function runSchema(argv: readonly string[], io: Io): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(SCHEMA_USAGE);
    return 0;
  }
  const [flag, file, ...rest] = argv;
  if (flag === undefined) {
    io.stdout(renderJsonSchema().trimEnd());
    return 0;
  }
  if (flag !== "--out" || file === undefined || rest.length > 0) {
    io.stderr(`schema: expected no arguments or --out FILE\n\n${SCHEMA_USAGE}`);
    return 2;
  }
  fs.writeFileSync(path.resolve(file), renderJsonSchema());
  io.stdout(`wrote ${path.resolve(file)}`);
  return 0;
}

/**
 * Runs one subcommand; resolves to its exit code (validate --terraform is asynchronous). Each command's module loads
 * only when that command runs: synth, the common case, loads none of validate's, describe's or the others'.
 */
export async function runDominoEks(argv: readonly string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "synth":
      return runSynth(rest, io, env);
    case "validate": {
      const { runCli: runValidate } = await import("./validate");
      return runValidate(rest, { ...io, ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`${text}\n`) } : {}) }, env);
    }
    case "values": {
      const { run: runValues, processIo: valuesIo } = await import("./domino-values");
      return runValues(rest, { ...valuesIo, stdout: (t) => io.stdout(t.replace(/\n$/, "")), stderr: (t) => io.stderr(t.replace(/\n$/, "")), env });
    }
    case "describe": {
      const { runDescribe } = await import("./describe/command");
      return runDescribe(rest, io, env);
    }
    case "upgrade-check": {
      const { processUpgradeCheckIo, runUpgradeCheck } = await import("./upgrade-check");
      return runUpgradeCheck(rest, { ...processUpgradeCheckIo, stdout: io.stdout, stderr: io.stderr }, env);
    }
    case "adopt": {
      const { runAdopt } = await import("./adopt/command");
      return runAdopt(rest, io);
    }
    case "schema":
      return runSchema(rest, io);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`domino-eks: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

/** The process entry (bin/domino-eks.js): arguments from argv, output to stdout and stderr, the exit code set. */
export function main(): void {
  process.env.CHECKPOINT_DISABLE ??= "1";
  void runDominoEks(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
