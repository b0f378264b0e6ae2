/** The domino-eks command: its subcommands, their --help, and usage errors. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDominoEks, USAGE } from "../../cli/domino-eks";
import { renderJsonSchema } from "../../cli/write-json-schema";

const ROOT = path.resolve(__dirname, "../..");

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDominoEks(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("domino-eks", () => {
  test("lists its commands; no command is a usage error, an unknown one is named", async () => {
    expect(await cli("--help")).toEqual({ code: 0, out: USAGE, err: "" });
    for (const command of ["synth", "validate", "values", "schema", "upgrade-check"]) expect(USAGE).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect((await cli()).code).toBe(2);
    const unknown = await cli("deploy");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^domino-eks: unknown command "deploy"\n\nusage: domino-eks <command>/);
  });

  test.each([
    ["synth", /^usage: domino-eks synth /],
    ["validate", /^usage: domino-eks validate \[options\]/],
    ["values", /^Usage: domino-eks values \[<deployId>\]/],
    ["schema", /^usage: domino-eks schema \[--out FILE\]/],
    ["upgrade-check", /^usage: domino-eks upgrade-check \[<deployId>\] \[--current VERSION\]/],
  ])("%s --help", async (command, usage) => {
    const run = await cli(command, "--help");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(usage);
    expect(run.err).toBe("");
  });

  test("schema prints the JSON Schema, or writes it with --out; anything else is a usage error", async () => {
    expect((await cli("schema")).out).toBe(renderJsonSchema().trimEnd());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-schema-")), "s.json");
    expect((await cli("schema", "--out", file)).code).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe(renderJsonSchema());
    expect(fs.readFileSync(path.join(ROOT, "domino-eks.schema.json"), "utf8")).toBe(renderJsonSchema());
    expect((await cli("schema", "--bogus")).code).toBe(2);
  });

  test("bin/domino-eks.js runs in a checkout (and is the package's bin)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ "domino-eks": "bin/domino-eks.js" });
    expect(pkg.scripts.validate).toBe("node bin/domino-eks.js validate");
    const run = spawnSync(process.execPath, [path.join(ROOT, "bin/domino-eks.js"), "synth", "--help"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: domino-eks synth/);
  });
});
