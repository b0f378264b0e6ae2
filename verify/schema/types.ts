/** The parts of `terraform providers schema -json` output the checker reads. */

/** A cty type as Terraform prints it: `"string"`, `["list", "string"]`, `["object", {...}, ["optional attr"]]`. */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", Readonly<Record<string, CtyType>>, (readonly string[])?]
  | readonly ["tuple", readonly CtyType[]];

export type NestingMode = "single" | "group" | "list" | "set" | "map";

/** Attributes with `nested_type` (plugin-framework providers such as helm 3) instead of a cty `type`. */
export interface NestedAttributeType {
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
  readonly nesting_mode: Exclude<NestingMode, "group">;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedAttributeType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
}

export interface SchemaBlockType {
  readonly nesting_mode: NestingMode;
  readonly block: SchemaBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly block_types?: Readonly<Record<string, SchemaBlockType>>;
}

export interface Schema {
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider?: Schema;
  readonly resource_schemas?: Readonly<Record<string, Schema>>;
  readonly data_source_schemas?: Readonly<Record<string, Schema>>;
}

/** Provider schemas by lower-case source address, e.g. `registry.terraform.io/hashicorp/aws`. */
export interface SchemaSet {
  readonly providers: ReadonlyMap<string, ProviderSchema>;
  /** Types a bundled schema file is known to lack: accepted without checking (see provider-schemas/README.md). */
  readonly uncheckedTypes: ReadonlyMap<string, ReadonlySet<string>>;
}
