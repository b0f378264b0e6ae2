/** Recursive check of a Terraform JSON block body against a provider-schema block. */
import { asList, describeValue, isObject, JsonObject, PathSegment } from "../json";
import { checkValueType, Finding, unknownMessage } from "./check-type";
import { NestedAttributeType, SchemaAttribute, SchemaBlock, SchemaBlockType } from "./types";

const NO_KEYS: ReadonlySet<string> = new Set();

/** Terraform JSON comment key, allowed in every block body; cdktf puts its construct metadata there. */
const COMMENT_KEY = "//";

const isUnset = (value: unknown): boolean => value === undefined || value === null;

function countMessage(count: number, min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && min > 0 && count < min) return `at least ${min} ${unit}(s) required, found ${count}`;
  if (max !== undefined && max > 0 && count > max) return `at most ${max} ${unit}(s) allowed, found ${count}`;
  return undefined;
}

function checkAttribute(value: unknown, attribute: SchemaAttribute, path: readonly PathSegment[]): Finding[] {
  if (isUnset(value)) return [];
  if (attribute.computed && !attribute.optional && !attribute.required) {
    return [{ path, message: "computed by the provider; cannot be set" }];
  }
  if (attribute.nested_type !== undefined) return checkNestedAttribute(value, attribute.nested_type, path);
  return attribute.type === undefined ? [] : checkValueType(value, attribute.type, path);
}

/** Plugin-framework nested attributes: written as attribute values, so lists must be real arrays. */
function checkNestedAttribute(value: unknown, nested: NestedAttributeType, path: readonly PathSegment[]): Finding[] {
  const block: SchemaBlock = { attributes: nested.attributes };
  const checkItem = (item: unknown, itemPath: readonly PathSegment[]) => checkBlockBody(item, block, itemPath);
  switch (nested.nesting_mode) {
    case "single":
      return checkItem(value, path);
    case "map":
      if (!isObject(value)) return [{ path, message: `expected map of objects, found ${describeValue(value)}` }];
      return Object.entries(value).flatMap(([key, item]) => checkItem(item, [...path, key]));
    case "list":
    case "set": {
      if (!Array.isArray(value)) return [{ path, message: `expected ${nested.nesting_mode} of objects, found ${describeValue(value)}` }];
      const count = countMessage(value.length, nested.min_items, nested.max_items, "item");
      return [
        ...(count === undefined ? [] : [{ path, message: count }]),
        ...value.flatMap((item, index) => checkItem(item, [...path, index])),
      ];
    }
  }
}

function checkNestedBlock(value: unknown, blockType: SchemaBlockType, path: readonly PathSegment[]): Finding[] {
  if (blockType.nesting_mode === "map") {
    if (!isObject(value)) return [{ path, message: `expected blocks keyed by label, found ${describeValue(value)}` }];
    return Object.entries(value).flatMap(([label, item]) =>
      asList(item).flatMap((body) => checkBlockBody(body, blockType.block, [...path, label])),
    );
  }
  // cdktf writes a single block as an object and repeated blocks as an array; Terraform accepts both.
  const items = asList(value);
  const single = blockType.nesting_mode === "single" || blockType.nesting_mode === "group";
  const count = countMessage(items.length, blockType.min_items, single ? 1 : blockType.max_items, "block");
  const itemPath = (index: number) => (Array.isArray(value) ? [...path, index] : path);
  return [
    ...(count === undefined ? [] : [{ path, message: count }]),
    ...items.flatMap((item, index) => checkBlockBody(item, blockType.block, itemPath(index))),
  ];
}

/** `dynamic "<name>" { for_each, content }` blocks, which cdktf emits for iterators. */
function checkDynamicBlocks(value: unknown, block: SchemaBlock, path: readonly PathSegment[]): Finding[] {
  if (!isObject(value)) return [{ path, message: `expected dynamic blocks keyed by block name, found ${describeValue(value)}` }];
  const blockTypes = block.block_types ?? {};
  return Object.entries(value).flatMap(([name, specs]) => {
    const blockType = blockTypes[name];
    if (blockType === undefined) return [{ path: [...path, name], message: unknownMessage("block type", name, Object.keys(blockTypes)) }];
    return asList(specs).flatMap((spec) =>
      isObject(spec) ? checkBlockBody(spec.content ?? {}, blockType.block, [...path, name, "content"]) : [],
    );
  });
}

function dynamicBlockNames(body: JsonObject): Set<string> {
  return new Set(isObject(body.dynamic) ? Object.keys(body.dynamic) : []);
}

function missingRequired(body: JsonObject, block: SchemaBlock, path: readonly PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    if (attribute.required && isUnset(body[name])) findings.push({ path: [...path, name], message: "missing required argument" });
  }
  const dynamic = dynamicBlockNames(body);
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    const min = blockType.min_items ?? 0;
    if (min > 0 && isUnset(body[name]) && !dynamic.has(name)) {
      findings.push({ path: [...path, name], message: `missing required block (at least ${min})` });
    }
  }
  return findings;
}

/**
 * Checks a block body: unknown arguments (with a suggestion), computed-only attributes that are set, required
 * arguments and blocks, block counts and literal value types, recursively. `ignoredKeys` are the meta-arguments
 * accepted at this level when the schema does not define them.
 */
export function checkBlockBody(
  body: unknown,
  block: SchemaBlock,
  path: readonly PathSegment[],
  ignoredKeys: ReadonlySet<string> = NO_KEYS,
): Finding[] {
  if (!isObject(body)) return [{ path, message: `expected a block (object), found ${describeValue(body)}` }];
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  const findings = missingRequired(body, block, path);
  for (const [key, value] of Object.entries(body)) {
    const keyPath = [...path, key];
    const attribute = attributes[key];
    const blockType = blockTypes[key];
    if (attribute !== undefined) findings.push(...checkAttribute(value, attribute, keyPath));
    else if (blockType !== undefined) findings.push(...(isUnset(value) ? [] : checkNestedBlock(value, blockType, keyPath)));
    else if (key === "dynamic") findings.push(...checkDynamicBlocks(value, block, keyPath));
    else if (key !== COMMENT_KEY && !ignoredKeys.has(key)) {
      findings.push({ path: keyPath, message: unknownMessage("argument", key, [...Object.keys(attributes), ...Object.keys(blockTypes)]) });
    }
  }
  return findings;
}
