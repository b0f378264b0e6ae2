/**
 * Terraform's JSON diagnostics (`terraform validate -json`, `terraform test -json`) and their classification:
 * an error about an argument, block or type that the bundled provider schema (the version the bindings are shaped by)
 * defines but the installed provider does not, or defines differently, is version skew: the synthesized JSON is
 * right for the version the stacks ask for, only the provider at hand is another one. Everything else is an error.
 * Pure: no terraform, no files.
 */
import { asList, isObject, type JsonObject } from "../../verify/json";
import type { NestedAttributeType, ProviderSchema, SchemaAttribute, SchemaBlock, SchemaBlockType } from "../../verify/schema/types";

export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly snippet?: { readonly context?: string | null; readonly code?: string };
}

export type Verdict = "error" | "skew" | "warning";

function asDiagnostic(value: unknown): TerraformDiagnostic | undefined {
  if (!isObject(value) || typeof value.summary !== "string") return undefined;
  const snippet = isObject(value.snippet) ? value.snippet : undefined;
  return {
    severity: value.severity === "warning" ? "warning" : "error",
    summary: value.summary,
    detail: typeof value.detail === "string" ? value.detail : undefined,
    address: typeof value.address === "string" ? value.address : undefined,
    snippet: snippet
      ? { context: typeof snippet.context === "string" ? snippet.context : undefined, code: typeof snippet.code === "string" ? snippet.code : undefined }
      : undefined,
  };
}

/** `terraform validate -json` output: one JSON document. Undefined when stdout is not that document. */
export function parseValidateOutput(stdout: string): { valid: boolean; diagnostics: TerraformDiagnostic[] } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!isObject(document) || !Array.isArray(document.diagnostics)) return undefined;
  const diagnostics = document.diagnostics.map(asDiagnostic).filter((d): d is TerraformDiagnostic => d !== undefined);
  return { valid: document.valid === true, diagnostics };
}

/** `terraform test -json` output: one JSON message a line; the diagnostics and the summary's status. */
export function parseTestOutput(stdout: string): { status?: string; diagnostics: TerraformDiagnostic[] } {
  const diagnostics: TerraformDiagnostic[] = [];
  let status: string | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObject(message)) continue;
    if (message.type === "diagnostic") {
      const diagnostic = asDiagnostic(message.diagnostic);
      if (diagnostic) diagnostics.push(diagnostic);
    } else if (message.type === "test_summary" && isObject(message.test_summary) && typeof message.test_summary.status === "string") {
      status = message.test_summary.status;
    }
  }
  return { status, diagnostics };
}

/** The block a diagnostic is about: its `address`, else the snippet's context (`resource.aws_x.y`, `data.aws_x.y`). */
export function diagnosticAddress(diagnostic: TerraformDiagnostic): string | undefined {
  if (diagnostic.address) return diagnostic.address;
  const context = diagnostic.snippet?.context ?? undefined;
  if (!context) return undefined;
  const match = /^(resource\.|data\.)?([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/.exec(context);
  if (!match) return undefined;
  return match[1] === "data." ? `data.${match[2]}` : match[2];
}

/** `<summary>: <detail>` on one line. */
export function describeDiagnostic(diagnostic: TerraformDiagnostic): string {
  const detail = (diagnostic.detail ?? "").replace(/\s+/g, " ").trim();
  const summary = diagnostic.summary.replace(/\s+/g, " ").trim();
  return detail === "" ? summary : `${summary}: ${detail}`;
}

/** What a diagnostic names: an argument or block of its block, a resource or data source type, or a referenced attribute. */
export type Subject =
  | { readonly kind: "argument"; readonly name: string }
  | { readonly kind: "type"; readonly mode: "resource" | "data"; readonly type: string }
  | { readonly kind: "reference"; readonly name: string };

const ARGUMENT_PATTERNS: readonly RegExp[] = [
  /An argument named "([^"]+)" is not expected here/,
  /No argument or block type is named "([^"]+)"/,
  /Blocks of type "([^"]+)" are not expected here/,
  /Can't configure a value for "([^"]+)"/,
  /The argument "([^"]+)" is required/,
  /Insufficient ([A-Za-z0-9_]+) blocks/,
  /Too many ([A-Za-z0-9_]+) blocks/,
  /Inappropriate value for attribute "([^"]+)"/,
  // provider validation of values (SDKv2 and plugin framework)
  /^"([A-Za-z0-9_.[\]]+)" \(/,
  /expected ([A-Za-z0-9_.[\]]+) to be/,
  /invalid value for ([A-Za-z0-9_.[\]]+)/,
  /^Attribute ([A-Za-z0-9_.[\]]+) /,
  /"([A-Za-z0-9_]+)": (?:conflicts with|one of|all of|only one of)/,
];

/** The summaries of the errors that can be version skew; anything else is an error whatever it names. */
const SKEW_SUMMARIES = /^(Unsupported argument|Extraneous JSON object property|Unsupported block type|Value for unconfigurable attribute|Missing required argument|Insufficient .* blocks|Too many .* blocks|Incorrect attribute value type|Invalid resource type|Invalid data source|Unsupported attribute|Invalid value|invalid value|expected |".*" \(|Invalid Attribute Value|Attribute )/;

export function diagnosticSubject(diagnostic: TerraformDiagnostic): Subject | undefined {
  if (diagnostic.severity !== "error" || !SKEW_SUMMARIES.test(diagnostic.summary)) return undefined;
  const text = `${diagnostic.summary}\n${diagnostic.detail ?? ""}`;
  const type = /does not support (resource type|data source) "([^"]+)"/.exec(text);
  if (type) return { kind: "type", mode: type[1] === "data source" ? "data" : "resource", type: type[2] };
  const reference = /no argument, nested block, or exported attribute named "([^"]+)"/.exec(text);
  if (reference) return { kind: "reference", name: reference[1] };
  for (const pattern of ARGUMENT_PATTERNS) {
    const match = pattern.exec(diagnostic.summary) ?? pattern.exec(diagnostic.detail ?? "");
    if (match) {
      const name = match[1].replace(/\[\d*\]/g, "").split(".").pop() as string;
      return { kind: "argument", name };
    }
  }
  return undefined;
}

/** Whether a diagnostic could be version skew, so the installed provider's schema is worth loading. */
export function mayBeSkew(diagnostic: TerraformDiagnostic): boolean {
  return diagnosticSubject(diagnostic) !== undefined;
}

// --- schema comparison --------------------------------------------------------------------------------------------

type Definition = { readonly kind: "attribute"; readonly def: SchemaAttribute } | { readonly kind: "block"; readonly def: SchemaBlockType };

function nestedAsBlock(nested: NestedAttributeType): SchemaBlock {
  return { attributes: nested.attributes };
}

function childBlock(definition: Definition | undefined): SchemaBlock | undefined {
  if (definition === undefined) return undefined;
  if (definition.kind === "block") return definition.def.block;
  return definition.def.nested_type ? nestedAsBlock(definition.def.nested_type) : undefined;
}

function lookup(block: SchemaBlock | undefined, name: string): Definition | undefined {
  const attribute = block?.attributes?.[name];
  if (attribute !== undefined) return { kind: "attribute", def: attribute };
  const blockType = block?.block_types?.[name];
  return blockType === undefined ? undefined : { kind: "block", def: blockType };
}

function lookupPath(block: SchemaBlock | undefined, path: readonly string[]): Definition | undefined {
  let current = block;
  let found: Definition | undefined;
  for (const name of path) {
    found = lookup(current, name);
    if (found === undefined) return undefined;
    current = childBlock(found);
  }
  return found;
}

function normalizeNested(nested: NestedAttributeType | undefined): unknown {
  if (nested === undefined) return undefined;
  return {
    nesting_mode: nested.nesting_mode,
    min_items: nested.min_items ?? 0,
    max_items: nested.max_items ?? 0,
    attributes: Object.fromEntries(Object.entries(nested.attributes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalizeAttribute(v)])),
  };
}

function normalizeAttribute(attribute: SchemaAttribute): unknown {
  return {
    type: attribute.type ?? null,
    nested: normalizeNested(attribute.nested_type) ?? null,
    required: attribute.required === true,
    optional: attribute.optional === true,
    computed: attribute.computed === true,
  };
}

/** The same definition, ignoring descriptions and deeper levels of a block (those are compared on their own). */
function sameDefinition(a: Definition, b: Definition): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "attribute") return JSON.stringify(normalizeAttribute(a.def)) === JSON.stringify(normalizeAttribute(b.def as SchemaAttribute));
  const x = a.def;
  const y = b.def as SchemaBlockType;
  return x.nesting_mode === y.nesting_mode && (x.min_items ?? 0) === (y.min_items ?? 0) && (x.max_items ?? 0) === (y.max_items ?? 0);
}

/** Every path (nested block and attribute names) at which `name` is defined in a block schema. */
function pathsOf(block: SchemaBlock, name: string, prefix: readonly string[] = [], depth = 0): string[][] {
  if (depth > 12) return [];
  const paths: string[][] = [];
  if (lookup(block, name) !== undefined) paths.push([...prefix, name]);
  for (const [child, blockType] of Object.entries(block.block_types ?? {})) paths.push(...pathsOf(blockType.block, name, [...prefix, child], depth + 1));
  for (const [child, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.nested_type) paths.push(...pathsOf(nestedAsBlock(attribute.nested_type), name, [...prefix, child], depth + 1));
  }
  return paths;
}

/** Whether the configuration body has the nested blocks of `parents` (objects or lists of them, `dynamic` content). */
function bodyHasParents(body: JsonObject | undefined, parents: readonly string[]): boolean {
  if (body === undefined) return true;
  let level: JsonObject[] = [body];
  for (const name of parents) {
    const next: JsonObject[] = [];
    for (const item of level) {
      for (const value of asList(item[name])) if (isObject(value)) next.push(value);
      const dynamic = isObject(item.dynamic) ? item.dynamic[name] : undefined;
      for (const spec of asList(dynamic)) if (isObject(spec) && isObject(spec.content)) next.push(spec.content);
    }
    if (next.length === 0) return false;
    level = next;
  }
  return true;
}

export interface SchemaPair {
  /** The bundled schema (the version the bindings are shaped by). */
  readonly bundled?: ProviderSchema;
  /** `terraform providers schema -json` of the provider installed for the run. */
  readonly installed?: ProviderSchema;
}

export interface ClassifyInput {
  readonly diagnostic: TerraformDiagnostic;
  /** The stack's cdk.tf.json (to find the block and the nesting of an argument). */
  readonly stack: JsonObject;
  /** Schemas of a provider by its local name in the stack (`aws`); undefined for providers without a bundled schema. */
  readonly schemas: (providerName: string) => SchemaPair | undefined;
}

function parseAddress(address: string | undefined): { mode: "resource" | "data"; type: string; name: string } | undefined {
  if (address === undefined) return undefined;
  const match = /^(?:module\.[^.]+\.)*(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/.exec(address);
  return match ? { mode: match[1] ? "data" : "resource", type: match[2], name: match[3] } : undefined;
}

function schemasOf(block: "resource" | "data", type: string, pair: SchemaPair): { bundled?: SchemaBlock; installed?: SchemaBlock } {
  const key = block === "data" ? "data_source_schemas" : "resource_schemas";
  return { bundled: pair.bundled?.[key]?.[type]?.block, installed: pair.installed?.[key]?.[type]?.block };
}

function bodyOf(stack: JsonObject, mode: "resource" | "data", type: string, name: string): JsonObject | undefined {
  const section = stack[mode];
  const byType = isObject(section) ? section[type] : undefined;
  const body = isObject(byType) ? byType[name] : undefined;
  const first = asList(body)[0];
  return isObject(first) ? first : undefined;
}

/** Which provider serves a type: its prefix, the local name in required_providers (`aws_s3_bucket` -> `aws`). */
export function providerOfType(type: string): string {
  return type.split("_")[0];
}

/** A defined-here-not-there verdict for a subject, against one pair of schemas. */
function isSkew(subject: Subject, input: ClassifyInput): boolean {
  const diagnostic = input.diagnostic;
  if (subject.kind === "type") {
    const pair = input.schemas(providerOfType(subject.type));
    if (pair?.bundled === undefined || pair.installed === undefined) return false;
    const { bundled, installed } = schemasOf(subject.mode, subject.type, pair);
    return bundled !== undefined && installed === undefined;
  }
  if (subject.kind === "reference") {
    const code = diagnostic.snippet?.code ?? "";
    const pattern = new RegExp(`(data\\.)?([a-z][a-z0-9_]*)\\.[A-Za-z0-9_-]+(?:\\[[^\\]]*\\])?\\.${subject.name.replace(/[^A-Za-z0-9_]/g, "")}\\b`, "g");
    for (const match of code.matchAll(pattern)) {
      const pair = input.schemas(providerOfType(match[2]));
      if (pair?.bundled === undefined || pair.installed === undefined) continue;
      const { bundled, installed } = schemasOf(match[1] ? "data" : "resource", match[2], pair);
      const want = lookup(bundled, subject.name);
      const have = lookup(installed, subject.name);
      if (want !== undefined && (have === undefined || !sameDefinition(want, have))) return true;
    }
    return false;
  }
  const target = parseAddress(diagnosticAddress(diagnostic));
  if (target === undefined) return false;
  const pair = input.schemas(providerOfType(target.type));
  if (pair?.bundled === undefined || pair.installed === undefined) return false;
  const { bundled, installed } = schemasOf(target.mode, target.type, pair);
  if (bundled === undefined) return false;
  if (installed === undefined) return true;
  const body = bodyOf(input.stack, target.mode, target.type, target.name);
  for (const path of pathsOf(bundled, subject.name)) {
    if (!bodyHasParents(body, path.slice(0, -1))) continue;
    const want = lookupPath(bundled, path);
    const have = lookupPath(installed, path);
    if (want !== undefined && (have === undefined || !sameDefinition(want, have))) return true;
  }
  return false;
}

/** error, skew (an error explained by the installed provider being another version) or warning. */
export function classifyDiagnostic(input: ClassifyInput): Verdict {
  if (input.diagnostic.severity === "warning") return "warning";
  const subject = diagnosticSubject(input.diagnostic);
  return subject !== undefined && isSkew(subject, input) ? "skew" : "error";
}
