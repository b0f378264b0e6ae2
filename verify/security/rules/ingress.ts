/** No security-group ingress from the whole internet except on ports the deployment explicitly opened. */
import * as ipaddr from "ipaddr.js";
import { asList, formatPath, isExpression, isObject, JsonObject, PathSegment } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, Violation } from "../context";
import { ALL_PORTS, formatPortRange, isRangeAllowed, PortRange } from "../ports";

/** `0.0.0.0/0`, `::/0` and their spellings: any CIDR with a zero-length prefix. */
export function isAnywhere(cidr: unknown): boolean {
  if (typeof cidr !== "string" || isExpression(cidr)) return false;
  try {
    return ipaddr.parseCIDR(cidr.trim())[1] === 0;
  } catch {
    return false;
  }
}

const PORT_PROTOCOLS: Readonly<Record<string, string>> = { tcp: "tcp", udp: "udp", "6": "tcp", "17": "udp" };
const ALL_PROTOCOLS = new Set(["-1", "all"]);

interface OpenedPorts {
  /** All ports for protocol -1, non-port protocols (icmp) and unverifiable expressions. */
  readonly ports: PortRange;
  readonly label: string;
}

/** A literal port number; NaN for null, expressions and anything else. */
function literalPort(value: unknown): number {
  return typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value)) ? Number(value) : NaN;
}

function openedPorts(protocol: unknown, fromPort: unknown, toPort: unknown): OpenedPorts {
  const name = PORT_PROTOCOLS[String(protocol).toLowerCase()];
  const from = literalPort(fromPort);
  const to = literalPort(toPort);
  if (name !== undefined && Number.isInteger(from) && Number.isInteger(to)) {
    const ports = { from, to };
    return { ports, label: `${name} port ${formatPortRange(ports)}` };
  }
  if (ALL_PROTOCOLS.has(String(protocol).toLowerCase())) return { ports: ALL_PORTS, label: "all protocols and ports" };
  if (name === undefined && !isExpression(protocol)) return { ports: ALL_PORTS, label: `protocol ${String(protocol)}` };
  return { ports: ALL_PORTS, label: "ports that cannot be verified offline" };
}

interface IngressRule {
  readonly cidrs: ReadonlyArray<{ readonly value: unknown; readonly path: readonly PathSegment[] }>;
  readonly opened: OpenedPorts;
}

function cidrList(body: JsonObject, attribute: string, base: readonly PathSegment[]) {
  const values = body[attribute];
  return asList(values).map((value, index) => ({ value, path: [...base, attribute, ...(Array.isArray(values) ? [index] : [])] }));
}

function securityGroupIngress(group: TerraformBlock): IngressRule[] {
  const ingress = group.body.ingress;
  return asList(ingress).flatMap((rule, index) => {
    if (!isObject(rule)) return [];
    const base = Array.isArray(ingress) ? ["ingress", index] : ["ingress"];
    return [
      {
        cidrs: [...cidrList(rule, "cidr_blocks", base), ...cidrList(rule, "ipv6_cidr_blocks", base)],
        opened: openedPorts(rule.protocol, rule.from_port, rule.to_port),
      },
    ];
  });
}

function securityGroupRule(rule: TerraformBlock): IngressRule[] {
  if (rule.body.type !== "ingress") return [];
  return [
    {
      cidrs: [...cidrList(rule.body, "cidr_blocks", []), ...cidrList(rule.body, "ipv6_cidr_blocks", [])],
      opened: openedPorts(rule.body.protocol, rule.body.from_port, rule.body.to_port),
    },
  ];
}

function vpcIngressRule(rule: TerraformBlock): IngressRule[] {
  return [
    {
      cidrs: [...cidrList(rule.body, "cidr_ipv4", []), ...cidrList(rule.body, "cidr_ipv6", [])],
      opened: openedPorts(rule.body.ip_protocol, rule.body.from_port, rule.body.to_port),
    },
  ];
}

const SOURCES: ReadonlyArray<readonly [string, (block: TerraformBlock) => IngressRule[]]> = [
  ["aws_security_group", securityGroupIngress],
  ["aws_security_group_rule", securityGroupRule],
  ["aws_vpc_security_group_ingress_rule", vpcIngressRule],
];

function violations(block: TerraformBlock, rules: readonly IngressRule[], context: RuleContext): Violation[] {
  return rules.flatMap((rule) => {
    if (isRangeAllowed(rule.opened.ports, context.allowedIngressPorts)) return [];
    return rule.cidrs
      .filter((cidr) => isAnywhere(cidr.value))
      .map((cidr) => ({
        address: block.address,
        path: formatPath(cidr.path),
        message: `public ingress from ${String(cidr.value)} on ${rule.opened.label}, not an explicitly allowed public port`,
      }));
  });
}

const noPublicIngress: SecurityRule = {
  id: "NO_PUBLIC_INGRESS",
  rationale: "Ingress from 0.0.0.0/0 or ::/0 exposes the cluster to the internet; only explicitly opened ports may be public.",
  check: (context) =>
    SOURCES.flatMap(([type, extract]) =>
      resourcesOfType(context.stack, type).flatMap((block) => violations(block, extract(block), context)),
    ),
};

export const NETWORK_RULES: readonly SecurityRule[] = [noPublicIngress];
