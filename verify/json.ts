/** Plain-JSON helpers shared by the schema and security checks. */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string Terraform evaluates as a template: `${...}` interpolations or `%{...}` directives (`$${` is an escape). */
export function isExpression(value: unknown): boolean {
  return typeof value === "string" && /(^|[^$])[$%]\{/.test(value);
}

/** Terraform JSON lets a single block be written as an object or as an array of objects. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first object of a block written either as one object or as a one-element array. */
export function firstObject(value: unknown): JsonObject | undefined {
  const first = asList(value)[0];
  return isObject(first) ? first : undefined;
}

/** A literal boolean, accepting the strings Terraform converts to bool. Undefined when not a literal bool. */
export function literalBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Path segments, rendered Terraform-style: `rule[0].apply_server_side_encryption_by_default.sse_algorithm`. */
export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return text === "" ? segment : `${text}.${segment}`;
    return `${text}[${JSON.stringify(segment)}]`;
  }, "");
}

/** Short description of a value for messages: `string "abc"`, `object`, `list`. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  if (typeof value === "object") return "object";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}
