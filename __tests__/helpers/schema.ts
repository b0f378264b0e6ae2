import * as path from "path";
import { formatProblem } from "../../verify/problem";
import { checkTerraformJson } from "../../verify/schema/check-stack";
import { bundledSchemaDir, loadSchemaSet } from "../../verify/schema/load";
import type { SchemaSet } from "../../verify/schema/types";
import type { Json } from "./json";

export const AWS_SCHEMA = "aws-6.25.0";
export const KUBERNETES_SCHEMA = "kubernetes-2.38.0";
export const HELM_SCHEMA = "helm-3.0.2";

/** Parsed once per test file: the aws schema alone is ~5 MB of JSON. */
const schemaSets = new Map<string, SchemaSet>();

/** Provider-schema problems of a synthesized stack, checked against only the named bundled schemas. */
export function schemaProblems(json: Json, schemas: readonly string[] = [AWS_SCHEMA]): string[] {
  const key = schemas.join(",");
  let set = schemaSets.get(key);
  if (!set) {
    set = loadSchemaSet({ bundled: false, schemaFiles: schemas.map((name) => path.join(bundledSchemaDir()!, `${name}.json.gz`)) });
    schemaSets.set(key, set);
  }
  return checkTerraformJson("stack", json, set).map(formatProblem);
}
