/**
 * Reads one stage's Terraform state as `terraform show -json` or `terraform state pull` writes it, into one flat list
 * of resource instances with their full addresses. Both forms carry the same attributes; only the nesting differs
 * (show: `values.root_module` with nested `child_modules`; pull: version 4 `resources[]` with `instances[]`).
 */
import * as fs from "fs";
import type { Problem } from "../../constructs/config/problems";

/** The three stages of Domino's Terraform, each its own root configuration and state. */
export const DOMINO_STAGES = ["infra", "cluster", "nodes"] as const;
export type DominoStage = (typeof DOMINO_STAGES)[number];

/** One resource instance of a Domino state. */
export interface StateResource {
  readonly stage: DominoStage;
  /** The full instance address, e.g. `module.infra.module.storage.aws_s3_bucket.backups[0]`. */
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** The module path, e.g. `module.infra.module.storage`; empty at the root. */
  readonly module: string;
  /** `count` index or `for_each` key; undefined for a single instance. */
  readonly index?: string | number;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A state file is a few MB even for a large deployment; anything far larger is not one. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** Reads and parses a state file; problems name `field` (the command-line flag). */
export function readStateFile(file: string, stage: DominoStage, field: string): { resources: StateResource[]; problems: Problem[] } {
  const fail = (message: string) => ({ resources: [], problems: [{ path: field, message }] });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === "ENOENT" ? `names ${file}, which does not exist` : `names ${file}, which cannot be read (${code ?? "error"})`);
  }
  if (!stat.isFile()) return fail(`names ${file}, which is not a regular file; give the file \`terraform show -json\` or \`terraform state pull\` wrote`);
  if (stat.size > MAX_STATE_BYTES) return fail(`names ${file}, which is ${stat.size} bytes; a Terraform state is at most ${MAX_STATE_BYTES} bytes here`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    return fail(`names ${file}, which is not JSON (${(error as Error).message}); write it with \`terraform show -json > FILE\` or \`terraform state pull > FILE\``);
  }
  return parseState(parsed, stage, field);
}

/** Flattens either state form; an unknown shape is one problem naming the field. */
export function parseState(state: unknown, stage: DominoStage, field: string): { resources: StateResource[]; problems: Problem[] } {
  if (!isRecord(state)) return { resources: [], problems: [{ path: field, message: "is not a Terraform state (a JSON object from `terraform show -json` or `terraform state pull`)" }] };
  if (isRecord(state.values) || "format_version" in state) {
    const root = isRecord(state.values) ? state.values.root_module : undefined;
    if (!isRecord(root)) return { resources: [], problems: [{ path: field, message: "holds no resources: `terraform show -json` of an empty or never-applied state; give the stage's applied state" }] };
    return { resources: fromShowModule(root, stage), problems: [] };
  }
  if (state.version === 4 && Array.isArray(state.resources)) return { resources: fromPull(state.resources, stage), problems: [] };
  if (typeof state.version === "number" && state.version !== 4) {
    return { resources: [], problems: [{ path: field, message: `is a version ${state.version} state; this reads version 4 (Terraform 0.12 and later): run \`terraform state pull\` with a current Terraform` }] };
  }
  return { resources: [], problems: [{ path: field, message: "is neither `terraform show -json` output (format_version, values.root_module) nor a `terraform state pull` state (version 4, resources)" }] };
}

function fromShowModule(module: Record<string, unknown>, stage: DominoStage): StateResource[] {
  const out: StateResource[] = [];
  const moduleAddress = typeof module.address === "string" ? module.address : "";
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    // A deposed object (a create_before_destroy replacement left half done) is not the resource's current one.
    if (!isRecord(r) || typeof r.type !== "string" || typeof r.name !== "string" || r.deposed_key !== undefined) continue;
    const index = typeof r.index === "string" || typeof r.index === "number" ? r.index : undefined;
    out.push({
      stage,
      address: typeof r.address === "string" ? r.address : instanceAddress(moduleAddress, r.mode === "data" ? "data" : "managed", r.type, r.name, index),
      mode: r.mode === "data" ? "data" : "managed",
      type: r.type,
      name: r.name,
      module: moduleAddress,
      index,
      values: isRecord(r.values) ? r.values : {},
    });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
    if (isRecord(child)) out.push(...fromShowModule(child, stage));
  }
  return out;
}

function fromPull(resources: unknown[], stage: DominoStage): StateResource[] {
  const out: StateResource[] = [];
  for (const r of resources) {
    if (!isRecord(r) || typeof r.type !== "string" || typeof r.name !== "string") continue;
    const module = typeof r.module === "string" ? r.module : "";
    const mode = r.mode === "data" ? "data" : "managed";
    for (const instance of Array.isArray(r.instances) ? r.instances : []) {
      if (!isRecord(instance) || instance.deposed !== undefined) continue;
      const index = typeof instance.index_key === "string" || typeof instance.index_key === "number" ? instance.index_key : undefined;
      out.push({
        stage,
        address: instanceAddress(module, mode, r.type, r.name, index),
        mode,
        type: r.type,
        name: r.name,
        module,
        index,
        values: isRecord(instance.attributes) ? instance.attributes : {},
      });
    }
  }
  return out;
}

/** `module.a.aws_x.y["key"]`, as Terraform writes an instance address. */
export function instanceAddress(module: string, mode: "managed" | "data", type: string, name: string, index?: string | number): string {
  const key = index === undefined ? "" : typeof index === "number" ? `[${index}]` : `[${JSON.stringify(index)}]`;
  return `${module ? `${module}.` : ""}${mode === "data" ? "data." : ""}${type}.${name}${key}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
