import { App, Testing } from "cdktf";
import { InfraStack } from "../../constructs/infra/infra-stack";
import { planOf } from "../helpers/config";
import { bodies, type Json } from "../helpers/json";

export interface Synthesized {
  readonly stack: InfraStack;
  readonly json: Json;
}

export function synthInfra(yaml = ""): Synthesized {
  const stack = new InfraStack(Testing.app() as App, { plan: planOf(yaml) });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

/** The one resource of a type (or of a type and `name` argument). */
export function only(json: Json, type: string, name?: string): Json {
  const all = bodies(json, type).filter((r: Json) => name === undefined || r.name === name);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** `${aws_x.name.attr}` -> name */
export function refName(reference: string): string {
  const m = /^\$\{[a-z0-9_]+\.([^.}]+)\.[a-z_]+\}$/.exec(reference);
  if (!m) throw new Error(`not a resource reference: ${reference}`);
  return m[1];
}

/** Every ingress CIDR of every security group and ingress rule in the stack. */
export function ingressCidrs(json: Json): string[] {
  const inline = bodies(json, "aws_security_group").flatMap((sg: Json) =>
    (sg.ingress ?? []).flatMap((rule: Json) => [...(rule.cidr_blocks ?? []), ...(rule.ipv6_cidr_blocks ?? [])]),
  );
  const rules = bodies(json, "aws_vpc_security_group_ingress_rule").flatMap((r: Json) => [r.cidr_ipv4, r.cidr_ipv6]);
  const legacy = bodies(json, "aws_security_group_rule")
    .filter((r: Json) => r.type === "ingress")
    .flatMap((r: Json) => [...(r.cidr_blocks ?? []), ...(r.ipv6_cidr_blocks ?? [])]);
  return [...inline, ...rules, ...legacy].filter((c): c is string => typeof c === "string");
}
