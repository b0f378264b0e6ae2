/** Loading `terraform providers schema -json` documents (plain or gzipped), bundled and user-supplied. */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { isObject } from "../json";
import { VerifyInputError } from "../stacks";
import { BUILTIN_PROVIDER, BUILTIN_SCHEMA } from "./builtin";
import { ProviderSchema, SchemaSet } from "./types";

const BUNDLED_DIR_NAME = "provider-schemas";

/** Types missing from the bundled files (listed in provider-schemas/README.md); `data.` marks data sources. */
const BUNDLED_SCHEMA_GAPS: Readonly<Record<string, readonly string[]>> = {
  "registry.terraform.io/hashicorp/aws": [
    "aws_quicksight_analysis",
    "aws_quicksight_dashboard",
    "aws_quicksight_template",
    "aws_wafv2_rule_group",
    "aws_wafv2_web_acl",
    "data.aws_quicksight_analysis",
  ],
};

type ProviderMap = ReadonlyMap<string, ProviderSchema>;

/** Parsed files, kept for the life of the process: the aws schema alone is ~5 MB of JSON. */
const parsedFiles = new Map<string, { stamp: string; providers: ProviderMap }>();

/** The repo's `provider-schemas/` folder, found from this file whether it runs from source or from `dist/`. */
export function bundledSchemaDir(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, BUNDLED_DIR_NAME);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function bundledSchemaFiles(dir: string | undefined = bundledSchemaDir()): string[] {
  if (dir === undefined) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json") || name.endsWith(".json.gz"))
    .sort()
    .map((name) => path.join(dir, name));
}

function decode(file: string, bytes: Buffer): string {
  const gzipped = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  try {
    return (gzipped ? zlib.gunzipSync(bytes) : bytes).toString("utf8");
  } catch (error) {
    throw new VerifyInputError(`${file}: cannot gunzip (${(error as Error).message})`);
  }
}

/** Provider schemas of one document, keyed by lower-case source address. */
export function parseSchemaDocument(file: string, text: string): Map<string, ProviderSchema> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new VerifyInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const schemas = isObject(document) ? document.provider_schemas : undefined;
  if (!isObject(schemas)) {
    throw new VerifyInputError(`${file}: not \`terraform providers schema -json\` output (no "provider_schemas" object)`);
  }
  const providers = new Map<string, ProviderSchema>();
  for (const [address, schema] of Object.entries(schemas)) {
    if (isObject(schema)) providers.set(address.toLowerCase(), schema as unknown as ProviderSchema);
  }
  return providers;
}

export function readSchemaFile(file: string): ProviderMap {
  const absolute = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new VerifyInputError(`schema file not found: ${file}`);
  }
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = parsedFiles.get(absolute);
  if (cached !== undefined && cached.stamp === stamp) return cached.providers;
  const providers = parseSchemaDocument(file, decode(file, fs.readFileSync(absolute)));
  parsedFiles.set(absolute, { stamp, providers });
  return providers;
}

export interface SchemaLoadOptions {
  /** User `terraform providers schema -json` files; each replaces the schema of every provider it contains. */
  readonly schemaFiles?: readonly string[];
  /** Start from the bundled `provider-schemas/` files (default true). */
  readonly bundled?: boolean;
}

export function loadSchemaSet(options: SchemaLoadOptions = {}): SchemaSet {
  const providers = new Map<string, ProviderSchema>([[BUILTIN_PROVIDER, BUILTIN_SCHEMA]]);
  const uncheckedTypes = new Map<string, ReadonlySet<string>>();
  if (options.bundled ?? true) {
    for (const file of bundledSchemaFiles()) {
      for (const [address, schema] of readSchemaFile(file)) {
        providers.set(address, schema);
        const gaps = BUNDLED_SCHEMA_GAPS[address];
        if (gaps !== undefined) uncheckedTypes.set(address, new Set(gaps));
      }
    }
  }
  for (const file of options.schemaFiles ?? []) {
    for (const [address, schema] of readSchemaFile(file)) {
      providers.set(address, schema);
      uncheckedTypes.delete(address);
    }
  }
  return { providers, uncheckedTypes };
}
