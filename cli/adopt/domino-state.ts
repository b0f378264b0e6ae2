/**
 * The three states of a deployment made with Domino's Terraform (dominodatalab/terraform-aws-eks 3.x), read together:
 * lookups by type, by name within a module, and by AWS id (Domino's resources refer to each other by id across stages).
 */
import type { DominoStage, StateResource } from "./state";

export class DominoState {
  private readonly ids = new Map<string, StateResource>();

  constructor(readonly resources: readonly StateResource[]) {
    for (const r of resources) {
      const id = r.values.id;
      if (r.mode === "managed" && typeof id === "string" && !this.ids.has(id)) this.ids.set(id, r);
    }
  }

  /** Managed resources of a type, optionally only those of one resource name (`aws_subnet.private`). */
  managed(type: string, name?: string): StateResource[] {
    return this.resources.filter((r) => r.mode === "managed" && r.type === type && (name === undefined || r.name === name));
  }

  /** Data sources of a type, optionally of one name. */
  data(type: string, name?: string): StateResource[] {
    return this.resources.filter((r) => r.mode === "data" && r.type === type && (name === undefined || r.name === name));
  }

  /** The managed resource whose `id` attribute is `id` (a security group, a file system, a subnet). */
  byId(id: unknown): StateResource | undefined {
    return typeof id === "string" ? this.ids.get(id) : undefined;
  }

  /** Managed resources of one stage. */
  ofStage(stage: DominoStage): StateResource[] {
    return this.resources.filter((r) => r.stage === stage && r.mode === "managed");
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The first element of a nested block list (`rule[0]`, `vpc_config[0]`), as Terraform stores blocks. */
export function block(value: unknown): Record<string, unknown> {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "object" && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : {};
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** The name at the end of an IAM ARN: `arn:aws:iam::1:role/path/name` -> `name`. */
export function arnName(arn: unknown): string | undefined {
  const s = str(arn);
  return s ? s.slice(s.lastIndexOf("/") + 1) : undefined;
}
