/** Fills each node pool from the spec's defaults and the pool's own fields. Pure; problems go to rules.ts. */
import {
  CALICO_CONTROL_PLANE_LABEL,
  DEFAULT_AMI_TYPE,
  DOMINO_LABEL_VALUE,
  DOMINO_NODE_LABEL,
  DEFAULT_GPU_AMI_TYPE,
  DEFAULT_KARPENTER_DISRUPTION,
  GPU_INSTANCE_FAMILY,
  NODE_POOL_LABEL,
  PLATFORM_POOL,
  SPEC_NODE_POOLS,
  type Scaler,
} from "./defaults";
import { vcpusOfInstanceType } from "./aws-facts";
import type { NodePoolInput, Taint } from "./schema";

export interface NodePoolConfig {
  readonly name: string;
  /** platform hosts Domino's services in one group across its zones (one per zone when adopted); compute pools get a group per zone. */
  readonly role: "platform" | "compute";
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  readonly diskSizeGiB: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly gpu: boolean;
  readonly amiType: string;
  readonly capacityType: "ON_DEMAND" | "SPOT";
  readonly availabilityZones: readonly string[];
  /** The EKS AMI release of its node groups; undefined lets EKS choose at creation. */
  readonly amiReleaseVersion?: string;
  /** The EBS type of the root volume (Bottlerocket: the data volume). */
  readonly volumeType: "gp3" | "gp2" | "io2";
  /** Provisioned IOPS; undefined leaves AWS's baseline (gp3 3000) and the launch template without iops. */
  readonly iops?: number;
  /** gp3 throughput in MiB/s; undefined leaves AWS's baseline (125). */
  readonly throughputMiBps?: number;
  /** The pool's own tags on its instances and volumes (over the deployment's). */
  readonly tags: Readonly<Record<string, string>>;
  /** The node groups' update config; the default is role-based. */
  readonly updateConfig: { readonly maxUnavailable: number } | { readonly maxUnavailablePercentage: number };
  /** The launch template's capacity reservation specification; undefined leaves it out. */
  readonly capacityReservation?: { readonly id: string } | { readonly resourceGroupArn: string } | { readonly preference: "open" | "none" };
  readonly instanceMetadataTags: boolean;
  /** Kubelet settings written into the launch template's user data; undefined writes none. */
  readonly kubelet?: KubeletSettings;
  /** What runs the pool: managed node groups scaled by the cluster autoscaler, or a Karpenter NodePool (no node groups). */
  readonly scaler: Scaler;
  /** Karpenter pools: instance families Karpenter may choose from, besides instanceTypes. */
  readonly instanceFamilies: readonly string[];
  /** Set on Karpenter pools only: the NodePool's settings with their defaults. */
  readonly karpenter?: KarpenterPoolSettings;
  /** A custom AMI: the launch template's image, the node groups' ami type CUSTOM; amiType then names its family only. */
  readonly amiId?: string;
}

/** A Karpenter pool's NodePool settings (`nodePools.<pool>.karpenter`) with defaults applied. */
export interface KarpenterPoolSettings {
  readonly consolidationPolicy: "WhenEmpty" | "WhenEmptyOrUnderutilized";
  readonly consolidateAfter: string;
  readonly expireAfter: string;
  readonly budgets: readonly KarpenterBudget[];
  /**
   * The NodePool's limits. cpu defaults to the ceiling of the node groups the pool would otherwise have (maxSize per
   * zone x zones x the largest instance type's vCPUs); undefined when that cannot be worked out (rules.ts asks for it).
   */
  readonly limits: { readonly cpu?: number; readonly memoryGiB?: number; readonly nvidiaGpus?: number };
  readonly weight?: number;
}

export interface KarpenterBudget {
  readonly nodes: string;
  readonly schedule?: string;
  readonly duration?: string;
  readonly reasons?: readonly ("Empty" | "Underutilized" | "Drifted")[];
}

/** A pool's kubelet settings (`nodePools.<pool>.kubelet`), as the nodes' user data carries them. */
export interface KubeletSettings {
  readonly maxPods?: number;
  readonly kubeAPIQPS?: number;
  readonly kubeAPIBurst?: number;
  /** Hard eviction thresholds by signal, such as `memory.available: 500Mi`. */
  readonly evictionHard: Readonly<Record<string, string>>;
  /** Extra kubelet command-line flags (Amazon Linux 2023 only). */
  readonly extraFlags: readonly string[];
}

type SpecPoolName = keyof typeof SPEC_NODE_POOLS;

function isSpecPool(name: string): name is SpecPoolName {
  return Object.prototype.hasOwnProperty.call(SPEC_NODE_POOLS, name);
}

export function hasGpuInstanceType(instanceTypes: readonly string[]): boolean {
  return instanceTypes.some((t) => GPU_INSTANCE_FAMILY.test(t));
}

/** True when an instance family carries NVIDIA GPUs (the same test as an instance type's: g5, p4d, not g5g). */
export function hasGpuInstanceFamily(families: readonly string[]): boolean {
  return families.some((f) => GPU_INSTANCE_FAMILY.test(`${f}.`));
}

const GPU_TAINT: Taint = { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" };

/** Custom pools that leave these out get the values of the spec's `default` compute pool. */
const CUSTOM_POOL_DEFAULTS = { minSize: 0, diskSizeGiB: SPEC_NODE_POOLS.default.diskSizeGiB };

/**
 * The pools of a deployment: the spec's three unless disabled, merged with the config's, plus custom pools.
 * Pools with `enabled: false` are left out. Missing instanceTypes/maxSize on a custom pool resolve to empty/0 so that
 * rules.ts reports them.
 */
export function resolveNodePools(
  inputs: Readonly<Record<string, NodePoolInput>>,
  deploymentZones: readonly string[],
  computeScaler: Scaler = "cluster-autoscaler",
): NodePoolConfig[] {
  const names = [...Object.keys(SPEC_NODE_POOLS), ...Object.keys(inputs).filter((n) => !isSpecPool(n))];
  const pools: NodePoolConfig[] = [];
  for (const name of names) {
    const input = inputs[name] ?? {};
    if (input.enabled === false) continue;
    pools.push(resolvePool(name, input, deploymentZones, computeScaler));
  }
  return pools;
}

function resolvePool(name: string, input: NodePoolInput, deploymentZones: readonly string[], computeScaler: Scaler): NodePoolConfig {
  const spec = isSpecPool(name) ? SPEC_NODE_POOLS[name] : undefined;
  const scaler: Scaler = name === PLATFORM_POOL ? "cluster-autoscaler" : input.scaler ?? computeScaler;
  // A Karpenter pool given instance families takes no spec instance types: its NodePool would require both at once.
  const families = scaler === "karpenter" && input.instanceFamilies !== undefined;
  const instanceTypes = input.instanceTypes ?? (families ? [] : spec?.instanceTypes ?? []);
  // Karpenter keeps no minimum: a spec pool's minimum does not carry over (an explicit one is a rules.ts problem).
  const minSize = input.minSize ?? (scaler === "karpenter" ? 0 : spec?.minSize ?? CUSTOM_POOL_DEFAULTS.minSize);
  const maxSize = input.maxSize ?? spec?.maxSize ?? 0;
  const gpu = input.gpu ?? hasGpuInstanceType([...instanceTypes, ...(families ? input.instanceFamilies ?? [] : []).map((family) => `${family}.`)]);
  const specTaints: readonly Taint[] | undefined = spec && "taints" in spec ? spec.taints : undefined;
  return {
    name,
    role: name === PLATFORM_POOL ? "platform" : "compute",
    instanceTypes,
    minSize,
    maxSize,
    // Left out, the initial size follows the spec's figure but stays inside the pool's own bounds.
    desiredSize: input.desiredSize ?? Math.min(Math.max(spec?.desiredSize ?? minSize, minSize), Math.max(maxSize, minSize)),
    diskSizeGiB: input.diskSizeGiB ?? spec?.diskSizeGiB ?? CUSTOM_POOL_DEFAULTS.diskSizeGiB,
    labels: { [NODE_POOL_LABEL]: name, ...spec?.labels, ...(gpu ? { "nvidia.com/gpu": "true" } : {}), ...dominoLabels(name, input), ...input.labels },
    taints: input.taints ?? specTaints ?? (gpu ? [GPU_TAINT] : []),
    gpu,
    amiType: input.amiType ?? (gpu ? DEFAULT_GPU_AMI_TYPE : DEFAULT_AMI_TYPE),
    capacityType: input.capacityType ?? "ON_DEMAND",
    availabilityZones: input.availabilityZones ?? deploymentZones,
    ...(input.amiReleaseVersion ? { amiReleaseVersion: input.amiReleaseVersion } : {}),
    volumeType: input.volumeType ?? "gp3",
    ...(input.iops !== undefined ? { iops: input.iops } : {}),
    ...(input.throughputMiBps !== undefined ? { throughputMiBps: input.throughputMiBps } : {}),
    tags: input.tags ?? {},
    updateConfig: updateConfigOf(name, input),
    ...(input.capacityReservation ? { capacityReservation: capacityReservationOf(input.capacityReservation) } : {}),
    instanceMetadataTags: input.instanceMetadataTags ?? false,
    ...(input.kubelet ? { kubelet: { ...input.kubelet, evictionHard: input.kubelet.evictionHard ?? {}, extraFlags: input.kubelet.extraFlags ?? [] } } : {}),
    scaler,
    instanceFamilies: input.instanceFamilies ?? [],
    ...(scaler === "karpenter" ? { karpenter: karpenterSettingsOf(input, instanceTypes, maxSize, (input.availabilityZones ?? deploymentZones).length) } : {}),
    ...(input.amiId ? { amiId: input.amiId } : {}),
  };
}

function karpenterSettingsOf(input: NodePoolInput, instanceTypes: readonly string[], maxSize: number, zoneCount: number): KarpenterPoolSettings {
  const k = input.karpenter ?? {};
  const d = DEFAULT_KARPENTER_DISRUPTION;
  const cpu = k.limits?.cpu ?? defaultCpuLimit(instanceTypes, input.instanceFamilies ?? [], maxSize, zoneCount);
  return {
    consolidationPolicy: k.consolidationPolicy ?? d.consolidationPolicy,
    consolidateAfter: k.consolidateAfter ?? d.consolidateAfter,
    expireAfter: k.expireAfter ?? d.expireAfter,
    budgets: k.budgets ?? d.budgets.map((b) => ({ ...b })),
    limits: {
      ...(cpu !== undefined ? { cpu } : {}),
      ...(k.limits?.memoryGiB !== undefined ? { memoryGiB: k.limits.memoryGiB } : {}),
      ...(k.limits?.nvidiaGpus !== undefined ? { nvidiaGpus: k.limits.nvidiaGpus } : {}),
    },
    ...(k.weight !== undefined ? { weight: k.weight } : {}),
  };
}

/**
 * The vCPUs of the node groups a Karpenter pool replaces at their largest: maxSize nodes in each zone of the largest
 * instance type. Undefined with instance families (any size) or a size whose vCPUs the name does not tell.
 */
export function defaultCpuLimit(instanceTypes: readonly string[], instanceFamilies: readonly string[], maxSize: number, zoneCount: number): number | undefined {
  if (instanceFamilies.length > 0 || instanceTypes.length === 0 || maxSize < 1) return undefined;
  const vcpus = instanceTypes.map(vcpusOfInstanceType);
  if (vcpus.some((v) => v === undefined)) return undefined;
  return maxSize * zoneCount * Math.max(...(vcpus as number[]));
}

/** The platform pool replaces one node at a time (it runs Domino's services); compute pools half a group. */
function updateConfigOf(name: string, input: NodePoolInput): NodePoolConfig["updateConfig"] {
  const u = input.updateConfig;
  if (u?.maxUnavailable !== undefined) return { maxUnavailable: u.maxUnavailable };
  if (u?.maxUnavailablePercentage !== undefined) return { maxUnavailablePercentage: u.maxUnavailablePercentage };
  return name === PLATFORM_POOL ? { maxUnavailable: 1 } : { maxUnavailablePercentage: 50 };
}

function capacityReservationOf(c: NonNullable<NodePoolInput["capacityReservation"]>): NonNullable<NodePoolConfig["capacityReservation"]> {
  if (c.id) return { id: c.id };
  if (c.resourceGroupArn) return { resourceGroupArn: c.resourceGroupArn };
  return { preference: c.preference ?? "open" };
}

/**
 * The labels Domino's reference gives a pool (defaults.ts, DOMINO_NODE_LABEL): `dominodatalab.com/domino-node` on every
 * pool unless a custom pool opts out with `dominoNode: false`, and the Calico control-plane label on the platform pool.
 * A pool's own label of the same key must have the same value (rules.ts, dominoLabelRules).
 */
export function dominoLabels(name: string, input: Pick<NodePoolInput, "dominoNode">): Record<string, string> {
  return {
    ...(name === PLATFORM_POOL ? { [CALICO_CONTROL_PLANE_LABEL]: DOMINO_LABEL_VALUE } : {}),
    ...(input.dominoNode === false && !isSpecPool(name) ? {} : { [DOMINO_NODE_LABEL]: DOMINO_LABEL_VALUE }),
  };
}
