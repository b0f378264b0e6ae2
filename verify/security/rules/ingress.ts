/** No security-group ingress from the whole internet except on ports the deployment explicitly opened. */
import { asList, formatPath, isExpression, isObject, JsonObject, PathSegment } from "../../json";
import { TerraformBlock } from "../../stacks";
import { isAnywhere } from "../cidr";
import { resourcesOfType, RuleContext, SecurityRule, StackIndex, Violation } from "../context";
import { ALL_PORTS, formatPortRange, isRangeAllowed, PortRange } from "../ports";

export { isAnywhere } from "../cidr";

const PORT_PROTOCOLS: Readonly<Record<string, string>> = { tcp: "tcp", udp: "udp", "6": "tcp", "17": "udp" };
const ALL_PROTOCOLS = new Set(["-1", "all"]);

export interface OpenedPorts {
  /** All ports for protocol -1, non-port protocols (icmp) and unverifiable expressions. */
  readonly ports: PortRange;
  readonly label: string;
  /** `tcp`, `udp`, `all` (protocol -1), or undefined for other protocols and expressions. */
  readonly protocol?: "tcp" | "udp" | "all";
}

/** A literal port number; NaN for null, expressions and anything else. */
function literalPort(value: unknown): number {
  return typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value)) ? Number(value) : NaN;
}

export function openedPorts(protocol: unknown, fromPort: unknown, toPort: unknown): OpenedPorts {
  const name = PORT_PROTOCOLS[String(protocol).toLowerCase()] as "tcp" | "udp" | undefined;
  const from = literalPort(fromPort);
  const to = literalPort(toPort);
  if (name !== undefined && Number.isInteger(from) && Number.isInteger(to)) {
    const ports = { from, to };
    return { ports, label: `${name} port ${formatPortRange(ports)}`, protocol: name };
  }
  if (ALL_PROTOCOLS.has(String(protocol).toLowerCase())) return { ports: ALL_PORTS, label: "all protocols and ports", protocol: "all" };
  if (name === undefined && !isExpression(protocol)) return { ports: ALL_PORTS, label: `protocol ${String(protocol)}` };
  return { ports: ALL_PORTS, label: "ports that cannot be verified offline", protocol: name };
}

export interface CidrValue {
  readonly value: unknown;
  readonly path: readonly PathSegment[];
}

/** One security-group rule, wherever it is written: inline in a group, or its own resource. */
export interface GroupRule {
  readonly block: TerraformBlock;
  readonly direction: "ingress" | "egress";
  /** Path of the rule inside `block` (`["ingress", 0]`), empty for a rule resource. */
  readonly base: readonly PathSegment[];
  readonly body: JsonObject;
  readonly cidrs: readonly CidrValue[];
  readonly opened: OpenedPorts;
  /** The `security_group_id` of a rule resource; undefined for a rule inline in its group (`block`). */
  readonly groupId?: unknown;
}

function cidrList(body: JsonObject, attribute: string, base: readonly PathSegment[]): CidrValue[] {
  const values = body[attribute];
  return asList(values).map((value, index) => ({ value, path: [...base, attribute, ...(Array.isArray(values) ? [index] : [])] }));
}

function inlineRules(group: TerraformBlock): GroupRule[] {
  return (["ingress", "egress"] as const).flatMap((direction) => {
    const rules = group.body[direction];
    return asList(rules).flatMap((rule, index): GroupRule[] => {
      if (!isObject(rule)) return [];
      const base = Array.isArray(rules) ? [direction, index] : [direction];
      return [
        {
          block: group,
          direction,
          base,
          body: rule,
          cidrs: [...cidrList(rule, "cidr_blocks", base), ...cidrList(rule, "ipv6_cidr_blocks", base)],
          opened: openedPorts(rule.protocol, rule.from_port, rule.to_port),
        },
      ];
    });
  });
}

function securityGroupRule(rule: TerraformBlock): GroupRule[] {
  const direction = rule.body.type;
  if (direction !== "ingress" && direction !== "egress") return [];
  return [
    {
      block: rule,
      direction,
      base: [],
      body: rule.body,
      cidrs: [...cidrList(rule.body, "cidr_blocks", []), ...cidrList(rule.body, "ipv6_cidr_blocks", [])],
      opened: openedPorts(rule.body.protocol, rule.body.from_port, rule.body.to_port),
      groupId: rule.body.security_group_id,
    },
  ];
}

function vpcRule(direction: "ingress" | "egress") {
  return (rule: TerraformBlock): GroupRule[] => [
    {
      block: rule,
      direction,
      base: [],
      body: rule.body,
      cidrs: [...cidrList(rule.body, "cidr_ipv4", []), ...cidrList(rule.body, "cidr_ipv6", [])],
      opened: openedPorts(rule.body.ip_protocol, rule.body.from_port, rule.body.to_port),
      groupId: rule.body.security_group_id,
    },
  ];
}

const SOURCES: ReadonlyArray<readonly [string, (block: TerraformBlock) => GroupRule[]]> = [
  ["aws_security_group", inlineRules],
  ["aws_security_group_rule", securityGroupRule],
  ["aws_vpc_security_group_ingress_rule", vpcRule("ingress")],
  ["aws_vpc_security_group_egress_rule", vpcRule("egress")],
];

/** Every ingress and egress rule of the stack (the default security group's are DEFAULT_SG_RESTRICTED's). */
export function groupRules(stack: StackIndex): GroupRule[] {
  return SOURCES.flatMap(([type, extract]) => resourcesOfType(stack, type).flatMap(extract));
}

function violations(rule: GroupRule, context: RuleContext): Violation[] {
  if (isRangeAllowed(rule.opened.ports, context.allowedIngressPorts)) return [];
  return rule.cidrs
    .filter((cidr) => isAnywhere(cidr.value))
    .map((cidr) => ({
      address: rule.block.address,
      path: formatPath(cidr.path),
      message: `public ingress from ${String(cidr.value)} on ${rule.opened.label}, not an explicitly allowed public port`,
    }));
}

const noPublicIngress: SecurityRule = {
  id: "NO_PUBLIC_INGRESS",
  rationale: "Ingress from 0.0.0.0/0 or ::/0 exposes the cluster to the internet; only explicitly opened ports may be public.",
  checkov: ["CKV_AWS_260", "CKV_AWS_277"],
  trivy: ["AVD-AWS-0107"],
  check: (context) =>
    groupRules(context.stack)
      .filter((rule) => rule.direction === "ingress")
      .flatMap((rule) => violations(rule, context)),
};

export const NETWORK_RULES: readonly SecurityRule[] = [noPublicIngress];
