import { App, Testing } from "cdktf";
import { parseConfig } from "../../constructs/config/load";
import { planDeployment } from "../../constructs/config/plan";
import { InfraStack } from "../../constructs/infra/infra-stack";
import type { JsonObject } from "../../constructs/verify/json";
import { checkTerraformJson } from "../../constructs/verify/schema/check-stack";
import { loadSchemaSet } from "../../constructs/verify/schema/load";
import type { SchemaSet } from "../../constructs/verify/schema/types";

// Synthesized stack JSON is walked freely in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Synthesized {
  readonly stack: InfraStack;
  readonly json: Json;
}

export function synthInfra(yaml = ""): Synthesized {
  const plan = planDeployment(parseConfig(yaml, "test.yaml")[0]);
  const stack = new InfraStack(Testing.app() as App, plan);
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type (or of a type and `name` argument). */
export function only(json: Json, type: string, name?: string): Json {
  const all = Object.values(resources(json, type)).filter((r: Json) => name === undefined || r.name === name);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function dataSources(json: Json, type: string): Record<string, Json> {
  return json.data?.[type] ?? {};
}

/** The policy document a `${data.aws_iam_policy_document.<name>.json}` reference points at. */
export function policyDocument(json: Json, reference: string): Json {
  const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  return json.data.aws_iam_policy_document[m[1]];
}

/** `${aws_x.name.attr}` -> name */
export function refName(reference: string): string {
  const m = /^\$\{[a-z0-9_]+\.([^.}]+)\.[a-z_]+\}$/.exec(reference);
  if (!m) throw new Error(`not a resource reference: ${reference}`);
  return m[1];
}

let schemas: SchemaSet | undefined;

export function schemaProblems(json: Json): string[] {
  schemas ??= loadSchemaSet();
  return checkTerraformJson("infra", json as JsonObject, schemas).map((p) => `${p.address} ${p.path}: ${p.message}`);
}

/** Every ingress CIDR of every security group and ingress rule in the stack. */
export function ingressCidrs(json: Json): string[] {
  const inline = Object.values(resources(json, "aws_security_group")).flatMap((sg: Json) =>
    (sg.ingress ?? []).flatMap((rule: Json) => [...(rule.cidr_blocks ?? []), ...(rule.ipv6_cidr_blocks ?? [])]),
  );
  const rules = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).flatMap((r: Json) => [r.cidr_ipv4, r.cidr_ipv6]);
  const legacy = Object.values(resources(json, "aws_security_group_rule"))
    .filter((r: Json) => r.type === "ingress")
    .flatMap((r: Json) => [...(r.cidr_blocks ?? []), ...(r.ipv6_cidr_blocks ?? [])]);
  return [...inline, ...rules, ...legacy].filter((c): c is string => typeof c === "string");
}
