/** Provider-schema check of one synthesized stack, and of every stack in a cdktf output directory. */
import { asList, formatPath, isObject, JsonObject } from "../json";
import { compareProblems, Problem } from "../problem";
import { listBlocks, readSynthesizedStacks, SynthesizedStack, TerraformBlock } from "../stacks";
import { BUILTIN_PROVIDER } from "./builtin";
import { checkBlockBody } from "./check-block";
import { Finding, unknownMessage } from "./check-type";
import { loadSchemaSet, SchemaLoadOptions } from "./load";
import { ProviderSchema, Schema, SchemaSet } from "./types";

/** Terraform meta-arguments; `timeouts` only counts as one when the resource schema lacks it. */
const BLOCK_META_ARGUMENTS: ReadonlySet<string> = new Set([
  "count",
  "for_each",
  "depends_on",
  "provider",
  "lifecycle",
  "provisioner",
  "connection",
  "timeouts",
]);
const PROVIDER_META_ARGUMENTS: ReadonlySet<string> = new Set(["alias", "version"]);

/** `aws` → `registry.terraform.io/hashicorp/aws`; `hashicorp/aws` and full addresses are normalised the same way. */
export function normalizeProviderSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

/** The provider source address for a provider local name, honouring `terraform.required_providers`. */
export function providerAddress(localName: string, json: JsonObject): string {
  if (localName === "terraform") return BUILTIN_PROVIDER;
  const terraform = json.terraform;
  const required = isObject(terraform) && isObject(terraform.required_providers) ? terraform.required_providers[localName] : undefined;
  const source = isObject(required) && typeof required.source === "string" ? required.source : localName;
  return normalizeProviderSource(source);
}

/** The provider local name of a block: its `provider` meta-argument (`aws.east`), else the type prefix. */
function providerLocalName(block: TerraformBlock): string {
  const explicit = block.body.provider;
  if (typeof explicit === "string" && /^[a-z0-9-]+(\.|$)/.test(explicit)) return explicit.split(".")[0];
  return block.type.split("_")[0];
}

function toProblems(stack: string, address: string, findings: readonly Finding[]): Problem[] {
  return findings.map((finding) => ({ stack, address, path: formatPath(finding.path), message: finding.message }));
}

function schemaFor(provider: ProviderSchema, block: TerraformBlock): Schema | undefined {
  const schemas = block.mode === "data" ? provider.data_source_schemas : provider.resource_schemas;
  return schemas?.[block.type];
}

function checkBlock(stack: string, json: JsonObject, block: TerraformBlock, schemas: SchemaSet): Problem[] {
  const address = providerAddress(providerLocalName(block), json);
  const provider = schemas.providers.get(address);
  const kind = block.mode === "data" ? "data source" : "resource type";
  if (provider === undefined) {
    const message = `no schema for provider ${address} (${kind} ${block.type}); pass its \`terraform providers schema -json\` output with --schema`;
    return [{ stack, address: block.address, path: "", message }];
  }
  const schema = schemaFor(provider, block);
  if (schema === undefined) {
    const unchecked = schemas.uncheckedTypes.get(address);
    if (unchecked?.has(block.mode === "data" ? `data.${block.type}` : block.type)) return [];
    const known = Object.keys((block.mode === "data" ? provider.data_source_schemas : provider.resource_schemas) ?? {});
    return [{ stack, address: block.address, path: "", message: `${unknownMessage(kind, block.type, known)} (${address})` }];
  }
  return toProblems(stack, block.address, checkBlockBody(block.body, schema.block, [], BLOCK_META_ARGUMENTS));
}

/** Provider configurations are only checked when a schema file carries the provider's own schema. */
function checkProviders(stack: string, json: JsonObject, schemas: SchemaSet): Problem[] {
  const providers = json.provider;
  if (!isObject(providers)) return [];
  return Object.entries(providers).flatMap(([localName, configs]) => {
    const schema = schemas.providers.get(providerAddress(localName, json))?.provider;
    if (schema === undefined) return [];
    return asList(configs).flatMap((config) => {
      const alias = isObject(config) && typeof config.alias === "string" ? `.${config.alias}` : "";
      return toProblems(stack, `provider.${localName}${alias}`, checkBlockBody(config, schema.block, [], PROVIDER_META_ARGUMENTS));
    });
  });
}

/** Every schema problem of one stack's `cdk.tf.json`. */
export function checkTerraformJson(stack: string, json: JsonObject, schemas: SchemaSet): Problem[] {
  const blocks = [...listBlocks(json, "resource"), ...listBlocks(json, "data")];
  const problems = [...blocks.flatMap((block) => checkBlock(stack, json, block, schemas)), ...checkProviders(stack, json, schemas)];
  return problems.sort(compareProblems);
}

export function checkStacks(stacks: readonly SynthesizedStack[], schemas: SchemaSet): Problem[] {
  return stacks.flatMap((stack) => checkTerraformJson(stack.name, stack.json, schemas)).sort(compareProblems);
}

/** Reads `<outDir>/stacks/*\/cdk.tf.json` and checks them against the bundled (and given) provider schemas. */
export function checkStacksAgainstSchemas(outDir: string, options: SchemaLoadOptions = {}): Problem[] {
  return checkStacks(readSynthesizedStacks(outDir), loadSchemaSet(options));
}
