/** The node security group's ports from the control plane: built-in and `network.extraNodePortsFromControlPlane`. Pure. */
import { NODE_DNS_PORT, NODE_PORTS_FROM_CONTROL_PLANE } from "./defaults";
import type { NodePort } from "./schema";

export interface NodePortRule {
  readonly protocol: "tcp" | "udp";
  readonly fromPort: number;
  readonly toPort: number;
  readonly description: string;
  /** Construct id of the ingress rule: a Terraform address, stable while the entry is unchanged. */
  readonly id: string;
}

/** The inclusive range of a port entry: 8081 or "30000-32767". The schema has checked the syntax. */
export function portRangeOf(port: number | string): [number, number] {
  if (typeof port === "number") return [port, port];
  const [from, to] = port.split("-").map(Number);
  return [from, to];
}

/** The built-in rules; ids of the TCP ports keep the form `nodes-<port>-from-cluster` they have always had. */
export function builtInNodePorts(): NodePortRule[] {
  return [
    ...NODE_PORTS_FROM_CONTROL_PLANE.map((port): NodePortRule => ({
      protocol: "tcp", fromPort: port, toPort: port, description: `Control plane to the nodes on ${port}`, id: `nodes-${port}-from-cluster`,
    })),
    { protocol: "tcp", fromPort: NODE_DNS_PORT, toPort: NODE_DNS_PORT, description: "Control plane to CoreDNS on the nodes (DNS over TCP)", id: `nodes-${NODE_DNS_PORT}-from-cluster` },
    { protocol: "udp", fromPort: NODE_DNS_PORT, toPort: NODE_DNS_PORT, description: "Control plane to CoreDNS on the nodes (DNS over UDP)", id: `nodes-${NODE_DNS_PORT}-udp-from-cluster` },
  ];
}

/** The config's extra entries as rules: ids `nodes-extra-<protocol>-<from>[-<to>]-from-cluster`. */
export function extraNodePorts(entries: readonly NodePort[]): NodePortRule[] {
  return entries.map((e) => {
    const [fromPort, toPort] = portRangeOf(e.port);
    const span = fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
    return {
      protocol: e.protocol,
      fromPort,
      toPort,
      description: e.description ?? `Control plane to the nodes on ${e.protocol} ${span} (network.extraNodePortsFromControlPlane)`,
      id: `nodes-extra-${e.protocol}-${span}-from-cluster`,
    };
  });
}
