/**
 * The adopted stacks of the full, byo-vpc and byo-kms fixtures, with their import blocks, through the real terraform:
 * `terraform validate` and a mock plan per AWS stack (the minimal fixture's are the example adopted.yaml, which
 * `npm run terraform-check` checks). Skipped without terraform on PATH and a provider mirror.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAdopt } from "../../cli/adopt/command";
import { runSynth } from "../../cli/synth-command";
import { runTerraformChecks } from "../../cli/terraform/run";
import { findMirror, findTerraform } from "../../cli/terraform/setup";
import { loadSchemaSet } from "../../verify/schema/load";
import { readSynthesizedStacks } from "../../verify/stacks";
import { terraformAvailable } from "../helpers/terraform";

const FIXTURES = path.join(__dirname, "..", "fixtures", "domino-terraform");

const hasTerraform = terraformAvailable();
const withTerraform = hasTerraform ? test : test.skip;
if (!hasTerraform) console.warn("adopt-terraform.test.ts: no terraform on PATH or no provider mirror; skipping");

withTerraform(
  "adopted full, byo-vpc and byo-kms stacks: terraform validate and a mock plan with the import blocks",
  async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-tf-"));
    const silent = { stdout: () => undefined, stderr: (t: string) => { throw new Error(t); } };
    try {
      const apps = ["full", "byo-vpc", "byo-kms"].map((shape) => {
        const dir = path.join(root, shape);
        const s = (stage: string) => path.join(FIXTURES, shape, `${stage}.json`);
        expect(runAdopt(["--infra", s("infra"), "--cluster", s("cluster"), "--nodes", s("nodes"), "--fqdn", "domino.acme.example.com", "--out", dir], silent)).toBe(0);
        expect(runSynth(["--out", path.join(dir, "cdktf.out"), "--quiet"], silent, {}, dir)).toBe(0);
        const outDir = path.join(dir, "cdktf.out");
        return { label: `adopted-${shape}`, outDir, stacks: readSynthesizedStacks(outDir) };
      });
      const imports = apps.flatMap((a) => a.stacks.flatMap((s) => (Array.isArray(s.json.import) ? s.json.import : [])));
      expect(imports.length).toBeGreaterThan(200);
      const workDir = path.join(root, "work");
      fs.mkdirSync(workDir);
      const report = await runTerraformChecks(apps, { terraform: findTerraform(), mirror: findMirror(undefined), jobs: 2, workDir, bundled: loadSchemaSet() });
      const ran = report.results.filter((r) => r.status !== "skipped");
      expect(ran).toHaveLength(9);
      expect(report.results.flatMap((r) => r.errors)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
  300_000,
);
