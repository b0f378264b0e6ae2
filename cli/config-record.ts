/**
 * Which config built an output folder. Synth writes `<out>/domino-eks-config.json` beside the stacks: the config's
 * name, its SHA-256 and its text, and each deployment's stacks with their resource counts. validate (and describe)
 * judge the stacks against that record, not against whatever config the environment names now, and say so when the
 * two differ: a bare `validate` after `DOMINO_EKS_CONFIG=x.yaml synth` used to check x's stacks against the default.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { STAGES, stackName } from "../constructs/config/naming";
import { configText, EMBEDDED_DEFAULT, type ConfigSource } from "./config-file";

export const CONFIG_RECORD_FILE = "domino-eks-config.json";

export interface StackRecord {
  readonly name: string;
  /** Resources (not data sources) in the stack's cdk.tf.json. */
  readonly resources: number;
}

export interface ConfigRecord {
  readonly format: 1;
  /** The config file as it was named (DOMINO_EKS_CONFIG's value, domino-eks.yaml), or the embedded default. */
  readonly config: string;
  /** SHA-256 of the config text (of `{}` for the embedded default). */
  readonly sha256: string;
  /** The config text, so later commands read exactly what synth read; null for the embedded default. */
  readonly text: string | null;
  readonly deployments: readonly { readonly deployId: string; readonly region: string; readonly stacks: readonly StackRecord[] }[];
}

export function sha256Of(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Resources per stack of a synthesized output folder (data sources are not counted). */
export function countResources(stackJson: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(stackJson.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

export function buildConfigRecord(source: ConfigSource, configs: readonly DeploymentConfig[], outDir: string): ConfigRecord {
  return {
    format: 1,
    config: source.name,
    sha256: sha256Of(configText(source)),
    text: source.text ?? null,
    deployments: configs.map((c) => ({
      deployId: c.deployId,
      region: c.region,
      stacks: STAGES.map((stage) => {
        const name = stackName(c.deployId, stage);
        const json = JSON.parse(fs.readFileSync(path.join(outDir, "stacks", name, "cdk.tf.json"), "utf8"));
        return { name, resources: countResources(json) };
      }),
    })),
  };
}

export function writeConfigRecord(outDir: string, record: ConfigRecord): void {
  fs.writeFileSync(path.join(outDir, CONFIG_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record of an output folder, or undefined when synth wrote none there (an older release, or no synth yet). */
export function readConfigRecord(outDir: string): ConfigRecord | undefined {
  const file = path.join(outDir, CONFIG_RECORD_FILE);
  if (!fs.existsSync(file)) return undefined;
  try {
    const record = JSON.parse(fs.readFileSync(file, "utf8")) as ConfigRecord;
    return record.format === 1 && typeof record.sha256 === "string" ? record : undefined;
  } catch {
    return undefined;
  }
}

/** The source a record stands for, as parseConfig reads it. */
export function recordedSource(record: ConfigRecord): ConfigSource {
  return record.text === null ? { name: EMBEDDED_DEFAULT } : { name: record.config, text: record.text };
}

/** A note when the config the environment names now is not the one that built the output folder; else undefined. */
export function recordDrift(record: ConfigRecord, current: ConfigSource, outDir: string): string | undefined {
  const same = record.config === current.name && record.sha256 === sha256Of(configText(current));
  if (same) return undefined;
  const now = current.name === record.config ? `${current.name} has changed since` : `the current config is ${current.name}, not ${record.config}`;
  return `note: ${outDir} was synthesized from ${record.config} (sha256 ${record.sha256.slice(0, 12)}); ${now}: checking against the config as synthesized. Run synth again to check the current config.`;
}
