/** Rendering JSON values as HCL expressions, for the generated `.tftest.hcl` files. */
import type { JsonValue } from "../../verify/json";

/**
 * A quoted HCL string. JSON's escapes are HCL's, except that HCL has no `\b` and `\f` (written as `\u` escapes), and
 * `${` and `%{` start a template in HCL, so they are doubled (`$${`, `%%{`) to stay literal text.
 */
export function hclString(text: string): string {
  const json = JSON.stringify(text)
    .replace(/\\b/g, "\\u0008")
    .replace(/\\f/g, "\\u000c");
  return json.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** A JSON value as an HCL expression, indented for a block nested `depth` levels deep. Object keys are always quoted. */
export function hclValue(value: JsonValue, depth = 0): string {
  if (value === null) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = "  ".repeat(depth + 1);
  const outer = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${hclValue(item, depth + 1)},`).join("\n")}\n${outer}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([key, item]) => `${inner}${hclString(key)} = ${hclValue(item, depth + 1)}`).join("\n")}\n${outer}}`;
}

/** One `name = value` line of a block body nested `depth` levels deep. */
export function hclAttribute(name: string, value: JsonValue, depth: number): string {
  return `${"  ".repeat(depth)}${name} = ${hclValue(value, depth)}`;
}
