/**
 * How many pods a node can hold with the Amazon VPC CNI, from the instance type's network-interface facts. Pure data
 * and arithmetic; no cdktf.
 *
 * The facts (network interfaces of the default network card, IPv4 addresses per interface, default vCPUs, Nitro or
 * Xen) are EC2's, as `aws ec2 describe-instance-types` reports them (NetworkInfo.NetworkCards[default]
 * .MaximumNetworkInterfaces, NetworkInfo.Ipv4AddressesPerInterface, VCpuInfo.DefaultVCpus, Hypervisor) and the EC2 User
 * Guide lists them ("Maximum IP addresses per network interface"); each row was checked against the max-pods values of
 * awslabs/amazon-eks-ami's nodeadm/internal/kubelet/eni-max-pods.txt (interfaces x (addresses - 1) + 2).
 * The formula is the one of amazon-eks-ami's max-pods-calculator.sh, which the EKS User Guide points to ("Amazon EKS
 * recommended maximum Pods for each Amazon EC2 instance type").
 */

export interface InstanceNetworkFacts {
  /** Network interfaces on the default network card. */
  readonly enis: number;
  /** IPv4 addresses per interface (with prefix delegation: /28 prefixes per interface, one slot being the primary address). */
  readonly ipv4PerEni: number;
  readonly vcpus: number;
  /** Built on the Nitro System: only these take IP prefixes (prefix delegation). */
  readonly nitro: boolean;
}

type Row = readonly [enis: number, ipv4PerEni: number, vcpus: number];

/** One family's sizes; every size of a family shares its hypervisor. */
function family(name: string, nitro: boolean, sizes: Readonly<Record<string, Row>>): [string, InstanceNetworkFacts][] {
  return Object.entries(sizes).map(([size, [enis, ipv4PerEni, vcpus]]) => [`${name}.${size}`, { enis, ipv4PerEni, vcpus, nitro }]);
}

/** The general-purpose and memory-optimized sizes of the 5th to 7th Intel generations (m5, m6i, m7i, r5, r6i share them). */
const INTEL_SIZES: Readonly<Record<string, Row>> = {
  large: [3, 10, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "8xlarge": [8, 30, 32],
  "12xlarge": [8, 30, 48], "16xlarge": [15, 50, 64], "24xlarge": [15, 50, 96],
};

/** The instance types this project uses by default and their common neighbours. Types not listed are unknown here. */
export const INSTANCE_NETWORK_FACTS: ReadonlyMap<string, InstanceNetworkFacts> = new Map([
  ...family("m5", true, INTEL_SIZES),
  ...family("m6i", true, { ...INTEL_SIZES, "32xlarge": [15, 50, 128] }),
  ...family("m7i", true, { ...INTEL_SIZES, "48xlarge": [15, 50, 192] }),
  ...family("r5", true, INTEL_SIZES),
  ...family("r6i", true, { ...INTEL_SIZES, "32xlarge": [15, 50, 128] }),
  ...family("c5", true, {
    large: [3, 10, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "9xlarge": [8, 30, 36],
    "12xlarge": [8, 30, 48], "18xlarge": [15, 50, 72], "24xlarge": [15, 50, 96],
  }),
  ...family("c6i", true, { ...INTEL_SIZES, "32xlarge": [15, 50, 128] }),
  ...family("t3", true, { medium: [3, 6, 2], large: [3, 12, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8] }),
  ...family("g4dn", true, {
    xlarge: [3, 10, 4], "2xlarge": [3, 10, 8], "4xlarge": [3, 10, 16], "8xlarge": [4, 15, 32], "12xlarge": [8, 30, 48], "16xlarge": [4, 15, 64],
  }),
  ...family("g5", true, {
    xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "8xlarge": [8, 30, 32], "12xlarge": [15, 50, 48],
    "16xlarge": [8, 30, 64], "24xlarge": [15, 50, 96], "48xlarge": [7, 50, 192],
  }),
  ...family("g6", true, {
    xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "8xlarge": [8, 30, 32], "12xlarge": [8, 30, 48],
    "16xlarge": [15, 50, 64], "24xlarge": [15, 50, 96], "48xlarge": [15, 50, 192],
  }),
  ...family("p4d", true, { "24xlarge": [15, 50, 96] }),
  // The previous generations on the Xen hypervisor: no IP prefixes.
  ...family("p3", false, { "2xlarge": [4, 15, 8], "8xlarge": [8, 30, 32], "16xlarge": [8, 30, 64] }),
  ...family("m4", false, { large: [2, 10, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "10xlarge": [8, 30, 40], "16xlarge": [8, 30, 64] }),
  ...family("c4", false, { large: [3, 10, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "8xlarge": [8, 30, 36] }),
  ...family("r4", false, { large: [3, 10, 2], xlarge: [4, 15, 4], "2xlarge": [4, 15, 8], "4xlarge": [8, 30, 16], "8xlarge": [8, 30, 32], "16xlarge": [15, 50, 64] }),
]);

/** Addresses in one /28 prefix. */
export const IPV4_PER_PREFIX = 16;
/** The max-pods calculator's caps (Kubernetes scalability thresholds, and EKS's own testing above 30 vCPUs). */
export const MAX_PODS_CAP = { upTo30Vcpus: 110, above30Vcpus: 250 } as const;

export interface PodNetworking {
  /** The VPC CNI assigns /28 prefixes instead of single addresses (network.prefixDelegation). */
  readonly prefixDelegation: boolean;
  /** Pods take addresses from the pod subnets (network.podCidr): the primary interface carries none. */
  readonly customNetworking: boolean;
}

/** The eni-max-pods.txt figure: every interface's addresses less its primary, plus the 2 host-network pods; no cap. */
export function eniMaxPods(facts: InstanceNetworkFacts): number {
  return facts.enis * (facts.ipv4PerEni - 1) + 2;
}

/**
 * EKS's recommended max pods of a facts row: interfaces that may carry pods (all but the primary with custom
 * networking) times the pod addresses each holds (its addresses less the primary; with prefix delegation on Nitro,
 * 16 per slot), plus 2 host-network pods (aws-node, kube-proxy); at most 110, or 250 above 30 vCPUs.
 */
export function maxPodsOfFacts(facts: InstanceNetworkFacts, networking: PodNetworking): number {
  const enis = facts.enis - (networking.customNetworking ? 1 : 0);
  const perEni = (facts.ipv4PerEni - 1) * (networking.prefixDelegation && facts.nitro ? IPV4_PER_PREFIX : 1);
  const cap = facts.vcpus > 30 ? MAX_PODS_CAP.above30Vcpus : MAX_PODS_CAP.upTo30Vcpus;
  return Math.min(enis * perEni + 2, cap);
}

/** max pods of an instance type, or undefined when the type is not in INSTANCE_NETWORK_FACTS. */
export function maxPodsOf(instanceType: string, networking: PodNetworking): number | undefined {
  const facts = INSTANCE_NETWORK_FACTS.get(instanceType);
  return facts ? maxPodsOfFacts(facts, networking) : undefined;
}

/**
 * The max pods of a group of these instance types: the lowest (every node of a group gets the same kubelet setting),
 * or undefined when one is unknown.
 */
export function groupMaxPods(instanceTypes: readonly string[], networking: PodNetworking): number | undefined {
  const each = instanceTypes.map((t) => maxPodsOf(t, networking));
  if (each.length === 0 || each.some((n) => n === undefined)) return undefined;
  return Math.min(...(each as number[]));
}

/** The instance types of a list that are not in the table. */
export function unknownInstanceTypes(instanceTypes: readonly string[]): string[] {
  return instanceTypes.filter((t) => !INSTANCE_NETWORK_FACTS.has(t));
}

/** The deployment's pod networking as the max-pods formula needs it, from its `network` settings. */
export function podNetworkingOf(network: {
  readonly prefixDelegation: boolean;
  readonly podCidr?: string;
  readonly existingVpc?: { readonly podSubnetIds: readonly string[] };
}): PodNetworking {
  const customNetworking = network.existingVpc ? network.existingVpc.podSubnetIds.length > 0 : network.podCidr !== undefined;
  return { prefixDelegation: network.prefixDelegation, customNetworking };
}

/**
 * The max pods a pool's launch template sets: the pool's kubelet.maxPods; else, for a custom AMI (EKS sets none) or
 * with custom networking (the AMIs' default counts the primary interface, which then carries no pods), the instance
 * types' value; else undefined, leaving it to EKS (managed node groups compute it, prefix delegation included).
 */
export function launchTemplateMaxPods(
  pool: { readonly instanceTypes: readonly string[]; readonly amiId?: string; readonly kubelet?: { readonly maxPods?: number } },
  networking: PodNetworking,
): number | undefined {
  if (pool.kubelet?.maxPods !== undefined) return pool.kubelet.maxPods;
  if (!pool.amiId && !networking.customNetworking) return undefined;
  return groupMaxPods(pool.instanceTypes, networking);
}
