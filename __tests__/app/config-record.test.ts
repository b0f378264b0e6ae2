/**
 * Synth records which config built the output folder; validate and values read that record instead of whatever config
 * the environment names now, and say so when the two differ.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_RECORD_FILE, countResources, readConfigRecord, sha256Of } from "../../cli/config-record";
import { runSynth, synthSummary } from "../../cli/synth-command";
import { main as validate } from "../../cli/validate";

const ROOT = path.resolve(__dirname, "../..");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("the config record", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-record-"));
  const out = path.join(dir, "out");
  const config = path.join(dir, "public-api.yaml");
  const text = fs.readFileSync(path.join(ROOT, "examples/public-api.yaml"), "utf8");
  fs.writeFileSync(config, text);
  const saved = process.env.DOMINO_EKS_CONFIG;
  afterAll(() => {
    if (saved === undefined) delete process.env.DOMINO_EKS_CONFIG;
    else process.env.DOMINO_EKS_CONFIG = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const synth = capture();
  const code = runSynth(["--config", config, "--out", out], synth.io, {}, dir);

  test("synth records the config's name, hash and text, and each stack's resource count", () => {
    expect(code).toBe(0);
    const record = readConfigRecord(out);
    expect(record).toMatchObject({ format: 1, config, sha256: sha256Of(text), text });
    expect(record?.deployments.map((d) => d.deployId)).toEqual(["domino-pub"]);
    const stacks = record?.deployments[0].stacks ?? [];
    expect(stacks.map((s) => s.name)).toEqual(["domino-pub-infra", "domino-pub-cluster", "domino-pub-nodes", "domino-pub-k8s"]);
    for (const s of stacks) {
      const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", s.name, "cdk.tf.json"), "utf8"));
      expect(s.resources).toBe(countResources(json));
      expect(s.resources).toBeGreaterThan(0);
    }
  });

  test("synth prints the config it read, each stack with its resource count, and the next step", () => {
    const record = readConfigRecord(out)!;
    expect(synth.err).toEqual([]);
    expect(synth.out).toEqual([synthSummary(record, out)]);
    const lines = synth.out[0].split("\n");
    expect(lines[0]).toBe(`Read ${config} (sha256 ${sha256Of(text).slice(0, 12)}): 1 deployment(s).`);
    expect(lines[1]).toBe("  domino-pub (us-west-2)");
    expect(lines[2]).toMatch(new RegExp(`^ {4}${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/stacks/domino-pub-infra +\\d+ resources$`));
    expect(lines).toContain(`Recorded in ${path.join(out, CONFIG_RECORD_FILE)}.`);
    expect(lines.at(-1)).toBe(`e.g. terraform -chdir=${out}/stacks/domino-pub-infra init && terraform -chdir=${out}/stacks/domino-pub-infra plan`);
  });

  test("--quiet prints nothing; --help prints the usage; an unknown option is a usage error", () => {
    const quiet = capture();
    expect(runSynth(["--config", config, "--out", out, "--quiet"], quiet.io, {}, dir)).toBe(0);
    expect(quiet.out).toEqual([]);
    const help = capture();
    expect(runSynth(["--help"], help.io, {}, dir)).toBe(0);
    expect(help.out[0]).toMatch(/^usage: domino-eks synth \[--config FILE\] \[--out DIR\] \[--locks DIR\] \[--quiet\]/);
    const bad = capture();
    expect(runSynth(["--bogus"], bad.io, {}, dir)).toBe(2);
    expect(bad.err[0]).toMatch(/^synth: Unknown option '--bogus'/);
  });

  test("validate judges the stacks against the recorded config and says when the current one differs", () => {
    // The current config is the embedded default: judged against it, the stacks' admin role ARN (arn:aws:...) would be
    // a literal partition the default config never wrote.
    delete process.env.DOMINO_EKS_CONFIG;
    const run = capture();
    expect(validate(["--out", out], run.io)).toBe(0);
    expect(run.err).toEqual([
      `note: ${out} was synthesized from ${config} (sha256 ${sha256Of(text).slice(0, 12)}); the current config is embedded default (the spec's reference deployment), not ${config}: checking against the config as synthesized. Run synth again to check the current config.`,
    ]);
    process.env.DOMINO_EKS_CONFIG = config;
    const same = capture();
    expect(validate(["--out", out], same.io)).toBe(0);
    expect(same.err).toEqual([]);
    fs.appendFileSync(config, "# edited\n");
    const edited = capture();
    expect(validate(["--out", out], edited.io)).toBe(0);
    expect(edited.err[0]).toMatch(new RegExp(`; ${config.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} has changed since: checking against the config as synthesized`));
  });

  test("without a record (another tool wrote the folder), validate reads the current config as before", () => {
    fs.rmSync(path.join(out, CONFIG_RECORD_FILE));
    delete process.env.DOMINO_EKS_CONFIG;
    const run = capture();
    expect(validate(["--out", out], run.io)).toBe(1);
    expect(run.out.join("\n")).toMatch(/arn:aws:iam::111122223333:role\/platform-admins/);
  });
});
