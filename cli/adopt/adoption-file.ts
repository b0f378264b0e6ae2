/**
 * The adoption file `domino-eks adopt` writes and `domino-eks synth` reads (named by the config's
 * adoption.importsFile): the import blocks per stage, each with the address of Domino's state it came from.
 */
import * as path from "path";
import { z } from "zod";
import type { DeploymentConfig } from "../../constructs/config/deployment-config";
import { STAGES } from "../../constructs/config/naming";
import { ConfigError, type Problem } from "../../constructs/config/problems";
import type { ImportBlock } from "../../constructs/core/imports";
import { readConfigFile } from "../config-file";

export const ADOPTION_FORMAT = "domino-eks-adoption/1";

const importSchema = z.strictObject({
  stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
  to: z.string().regex(/^[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*$/, { error: "must be a resource address such as aws_s3_bucket.buckets_blobs_1A2B3C4D" }),
  id: z.string().min(1, { error: "must be the import id of the resource" }),
  from: z.string().optional().describe("the address in Domino's state"),
});

export const adoptionFileSchema = z.strictObject({
  format: z.literal(ADOPTION_FORMAT, { error: `must be ${ADOPTION_FORMAT}` }),
  deployId: z.string(),
  imports: z.array(importSchema),
});

export type AdoptionFile = z.infer<typeof adoptionFileSchema>;

export function renderAdoptionFile(file: AdoptionFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The import blocks of each deployment whose config names an adoption file, read relative to the config file's
 * folder. Problems (a missing file, a wrong shape, another deployment's file) are thrown at once as a ConfigError.
 */
export function readImports(configs: readonly DeploymentConfig[], configFile: string | undefined, cwd: string): Map<string, ImportBlock[]> {
  const out = new Map<string, ImportBlock[]>();
  const problems: Problem[] = [];
  configs.forEach((config, i) => {
    const adoption = (config as { adoption?: { importsFile?: string } }).adoption;
    const name = adoption?.importsFile;
    if (!name) return;
    const field = configs.length > 1 ? `deployments[${i}].adoption.importsFile` : "adoption.importsFile";
    const base = configFile ? path.dirname(path.resolve(cwd, configFile)) : cwd;
    const file = path.resolve(base, name);
    let text: string;
    try {
      text = readConfigFile(file, configFile ?? "config", field);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      problems.push({ path: field, message: `names ${file}, which is not JSON (${(error as Error).message})` });
      return;
    }
    const parsed = adoptionFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ path: `${field} (${file}${issue.path.length ? ` ${issue.path.map(String).join(".")}` : ""})`, message: issue.message });
      return;
    }
    if (parsed.data.deployId !== config.deployId) {
      problems.push({ path: field, message: `names ${file}, the adoption file of deployment ${JSON.stringify(parsed.data.deployId)}, not of ${JSON.stringify(config.deployId)}` });
      return;
    }
    out.set(config.deployId, parsed.data.imports.map(({ stage, to, id }) => ({ stage, to, id })));
  });
  if (problems.length > 0) throw new ConfigError(configFile ?? "config", problems);
  return out;
}
