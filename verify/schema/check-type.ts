/**
 * Type check of literal attribute values against cty types. Deliberately lenient where Terraform converts:
 * numbers and bools are valid strings, numeric strings are valid numbers, "true"/"false" are valid bools.
 * Expressions (`${...}`) have unknown types and are skipped.
 */
import { describeValue, isExpression, isObject, PathSegment } from "../json";
import { closestName } from "./suggest";
import { CtyType } from "./types";

export interface Finding {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export function describeType(type: CtyType): string {
  if (typeof type === "string") return type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${describeType(type[1])}`;
    case "object":
      return "object";
    case "tuple":
      return "tuple";
  }
}

function mismatch(value: unknown, type: CtyType, path: readonly PathSegment[]): Finding[] {
  return [{ path, message: `expected ${describeType(type)}, found ${describeValue(value)}` }];
}

const BOOL_STRINGS = new Set(["true", "false", "1", "0"]);

function isNumericString(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

function checkPrimitive(value: unknown, type: "string" | "number" | "bool", path: readonly PathSegment[]): Finding[] {
  const ok =
    type === "string"
      ? typeof value === "string" || typeof value === "number" || typeof value === "boolean"
      : type === "number"
        ? typeof value === "number" || (typeof value === "string" && isNumericString(value))
        : typeof value === "boolean" || (typeof value === "string" && BOOL_STRINGS.has(value));
  return ok ? [] : mismatch(value, type, path);
}

function checkObject(
  value: unknown,
  attributeTypes: Readonly<Record<string, CtyType>>,
  type: CtyType,
  path: readonly PathSegment[],
): Finding[] {
  if (!isObject(value)) return mismatch(value, type, path);
  // Missing object attributes are not reported: Terraform fills them with null for attributes-as-blocks.
  return Object.entries(value).flatMap(([key, item]) => {
    const itemType = attributeTypes[key];
    if (itemType === undefined) {
      return [{ path: [...path, key], message: unknownMessage("attribute", key, Object.keys(attributeTypes)) }];
    }
    return checkValueType(item, itemType, [...path, key]);
  });
}

export function unknownMessage(kind: string, name: string, candidates: Iterable<string>): string {
  const suggestion = closestName(name, candidates);
  return `unknown ${kind} "${name}"${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}`;
}

export function checkValueType(value: unknown, type: CtyType, path: readonly PathSegment[]): Finding[] {
  if (value === null || value === undefined || isExpression(value)) return [];
  if (typeof type === "string") {
    return type === "dynamic" ? [] : checkPrimitive(value, type, path);
  }
  switch (type[0]) {
    case "list":
    case "set": {
      if (!Array.isArray(value)) return mismatch(value, type, path);
      const elementType = type[1];
      return value.flatMap((item, index) => checkValueType(item, elementType, [...path, index]));
    }
    case "map": {
      if (!isObject(value)) return mismatch(value, type, path);
      const elementType = type[1];
      return Object.entries(value).flatMap(([key, item]) => checkValueType(item, elementType, [...path, key]));
    }
    case "object":
      return checkObject(value, type[1], type, path);
    case "tuple": {
      const elementTypes = type[1];
      if (!Array.isArray(value) || value.length !== elementTypes.length) return mismatch(value, type, path);
      return value.flatMap((item, index) => checkValueType(item, elementTypes[index], [...path, index]));
    }
  }
}
