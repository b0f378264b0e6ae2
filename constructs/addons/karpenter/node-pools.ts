/**
 * The EC2NodeClass and NodePool of a pool Karpenter runs (karpenter.k8s.aws/v1, karpenter.sh/v1, as the CRDs of the
 * pinned chart define them), as plain objects. Pure: pool and cluster facts in, manifests out; the k8s stage renders
 * them into the values of a local chart's release (node-pools-chart.ts).
 */
import { groupMaxPods, type PodNetworking } from "../../config/max-pods";
import type { KubeletSettings, NodePoolConfig } from "../../config/node-pools";
import type { Taint } from "../../config/schema";
import { bottlerocketUserData, nodeadmUserData } from "../../core/user-data";
import { karpenterAmiAlias } from "./ami";
import { EBS_AGENT_NOT_READY_TAINT } from "./defaults";

export const NODE_CLASS_API = { group: "karpenter.k8s.aws", apiVersion: "karpenter.k8s.aws/v1", kind: "EC2NodeClass" } as const;
export const NODE_POOL_API = { apiVersion: "karpenter.sh/v1", kind: "NodePool" } as const;

/** Well-known labels Karpenter's requirements use. `topology.k8s.aws/zone-id` is one of Karpenter's own (pkg/apis/v1/labels.go). */
export const ZONE_ID_LABEL = "topology.k8s.aws/zone-id";
export const CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";
export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";
export const INSTANCE_FAMILY_LABEL = "karpenter.k8s.aws/instance-family";
export const ARCH_LABEL = "kubernetes.io/arch";
export const OS_LABEL = "kubernetes.io/os";

/** The tag an EC2NodeClass selects the cluster's node security group by (the cluster stage sets it). */
export const DISCOVERY_TAG = "karpenter.sh/discovery";

/** Bottlerocket's OS volume; the pool's disk is its data volume. Karpenter's own default for the OS volume. */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

const CAPACITY_TYPES: Record<NodePoolConfig["capacityType"], string> = { ON_DEMAND: "on-demand", SPOT: "spot" };

/** What the manifests need besides the pool. */
export interface KarpenterManifestProps {
  /** The cluster's name: the discovery tag's value. */
  readonly clusterName: string;
  /**
   * The nodes' private subnets, one per zone (tokens of the infra stage): selected by id, never by a tag, so a brought
   * VPC's subnets, which are not this project's, carry nothing of it.
   */
  readonly subnetIds: readonly string[];
  /** The Karpenter node role's name (ClusterOutputs.karpenter.nodeRoleName). */
  readonly nodeRoleName: string;
  /** The deployment key: volumes are encrypted with it. */
  readonly kmsKeyArn: string;
  /** The deployment's tags (the AWS provider's default tags do not reach what Karpenter launches). */
  readonly tags: Readonly<Record<string, string>>;
  /** The VPC CNI's prefix delegation and custom networking: max pods of pools without their own. @default neither */
  readonly podNetworking?: PodNetworking;
  /**
   * The EBS CSI driver is installed: new nodes start with its agent-not-ready taint, which its node plugin removes.
   * Without the driver nothing would remove it. @default true
   */
  readonly ebsCsiDriver?: boolean;
}

export type Manifest = Record<string, unknown>;

const isBottlerocket = (amiType: string) => amiType.startsWith("BOTTLEROCKET");

/** `kubernetes.io/arch` of an EKS AMI type. */
export function archOf(amiType: string): "amd64" | "arm64" {
  return amiType.includes("ARM_64") ? "arm64" : "amd64";
}

/**
 * The EC2NodeClass's amiFamily and its one alias (ami.ts). The aliases resolve the standard, NVIDIA and Neuron variants
 * of the family and Karpenter picks the variant by instance type, so a GPU AMI type takes the same alias as its
 * standard one.
 */
export function amiSelectionOf(amiType: string, amiReleaseVersion?: string): { amiFamily: "AL2023" | "Bottlerocket"; alias: string } {
  return { amiFamily: isBottlerocket(amiType) ? "Bottlerocket" : "AL2023", alias: karpenterAmiAlias(amiType, amiReleaseVersion) };
}

/**
 * Block devices: AL2023 keeps everything on /dev/xvda, which takes the pool's disk; Bottlerocket keeps the OS on a small
 * /dev/xvda and images and pods' scratch space on the data volume /dev/xvdb, which takes the pool's disk. Every volume
 * is encrypted with the deployment key. `rootVolume` marks the volume Karpenter counts as the node's ephemeral storage.
 */
export function blockDeviceMappingsOf(pool: NodePoolConfig, kmsKeyArn: string): Manifest[] {
  const data = {
    volumeSize: `${pool.diskSizeGiB}Gi`,
    volumeType: pool.volumeType,
    ...(pool.iops !== undefined ? { iops: pool.iops } : {}),
    ...(pool.throughputMiBps !== undefined ? { throughput: pool.throughputMiBps } : {}),
    encrypted: true,
    kmsKeyID: kmsKeyArn,
    deleteOnTermination: true,
  };
  if (isBottlerocket(pool.amiType)) {
    return [
      { deviceName: "/dev/xvda", ebs: { volumeSize: `${BOTTLEROCKET_OS_VOLUME_GIB}Gi`, volumeType: "gp3", encrypted: true, kmsKeyID: kmsKeyArn, deleteOnTermination: true } },
      { deviceName: "/dev/xvdb", rootVolume: true, ebs: data },
    ];
  }
  return [{ deviceName: "/dev/xvda", rootVolume: true, ebs: data }];
}

/**
 * The pool's kubelet settings split the way Karpenter takes them: maxPods and evictionHard in the EC2NodeClass's
 * `kubelet` (Karpenter sizes nodes with them), the rest (kubeAPIQPS, kubeAPIBurst, extra flags), which the CRD has no
 * field for, in user data that Karpenter merges with its own: a nodeadm NodeConfig on AL2023, settings TOML on
 * Bottlerocket. Karpenter does not read the VPC CNI's prefix delegation and sizes max pods by single addresses, so with
 * prefix delegation and no maxPods of the pool's own, maxPods is the instance types' (max-pods.ts; the rules ask for it
 * where those are not known).
 */
export function kubeletOf(pool: NodePoolConfig, networking?: PodNetworking): { kubelet?: Manifest; userData?: string } {
  const k = pool.kubelet;
  const maxPods = k?.maxPods ?? (networking?.prefixDelegation && pool.instanceFamilies.length === 0 ? groupMaxPods(pool.instanceTypes, networking) : undefined);
  const kubelet = {
    ...(maxPods !== undefined ? { maxPods } : {}),
    ...(k && Object.keys(k.evictionHard).length > 0 ? { evictionHard: { ...k.evictionHard } } : {}),
  };
  const out = Object.keys(kubelet).length > 0 ? { kubelet } : {};
  if (!k) return out;
  const bottlerocket = isBottlerocket(pool.amiType);
  // Bottlerocket takes settings, not flags (the rules refuse extraFlags there).
  const rest: KubeletSettings = {
    ...(k.kubeAPIQPS !== undefined ? { kubeAPIQPS: k.kubeAPIQPS } : {}),
    ...(k.kubeAPIBurst !== undefined ? { kubeAPIBurst: k.kubeAPIBurst } : {}),
    evictionHard: {},
    extraFlags: bottlerocket ? [] : k.extraFlags,
  };
  const needsUserData = rest.kubeAPIQPS !== undefined || rest.kubeAPIBurst !== undefined || rest.extraFlags.length > 0;
  const userData = needsUserData ? (bottlerocket ? bottlerocketUserData({ amiType: pool.amiType, kubelet: rest }) : nodeadmUserData({ amiType: pool.amiType, kubelet: rest })) : undefined;
  return { ...out, ...(userData ? { userData } : {}) };
}

/** The pool's EC2NodeClass, named after the pool. */
export function ec2NodeClassOf(pool: NodePoolConfig, props: KarpenterManifestProps): Manifest {
  const ami = amiSelectionOf(pool.amiType, pool.amiReleaseVersion);
  const { kubelet, userData } = kubeletOf(pool, props.podNetworking);
  return {
    apiVersion: NODE_CLASS_API.apiVersion,
    kind: NODE_CLASS_API.kind,
    metadata: { name: pool.name },
    spec: {
      amiFamily: ami.amiFamily,
      // A custom image is selected by id; Karpenter still writes the family's bootstrap (nodeadm or settings TOML).
      amiSelectorTerms: [pool.amiId ? { id: pool.amiId } : { alias: ami.alias }],
      role: props.nodeRoleName,
      subnetSelectorTerms: props.subnetIds.map((id) => ({ id })),
      securityGroupSelectorTerms: [{ tags: { [DISCOVERY_TAG]: props.clusterName } }],
      blockDeviceMappings: blockDeviceMappingsOf(pool, props.kmsKeyArn),
      // As the managed node groups' launch templates: IMDSv2 only, hop limit 2 for pods on the node network.
      metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 2, httpTokens: "required" },
      ...(kubelet ? { kubelet } : {}),
      ...(userData ? { userData } : {}),
      tags: { ...props.tags, ...pool.tags },
    },
  };
}

/**
 * The NodePool's requirements: every zone of the pool in ONE requirement (so a pod bound to a volume's zone can always
 * get a node there), the capacity type, the instance types or families, the AMI's architecture, Linux.
 * instanceTypes and instanceFamilies together are refused by the rules (Karpenter ANDs requirements: both would
 * allow only the listed types that are also of the listed families).
 */
export function requirementsOf(pool: NodePoolConfig): Manifest[] {
  const instances = pool.instanceFamilies.length > 0
    ? { key: INSTANCE_FAMILY_LABEL, operator: "In", values: [...pool.instanceFamilies] }
    : { key: INSTANCE_TYPE_LABEL, operator: "In", values: [...pool.instanceTypes] };
  return [
    { key: ZONE_ID_LABEL, operator: "In", values: [...pool.availabilityZones] },
    { key: CAPACITY_TYPE_LABEL, operator: "In", values: [CAPACITY_TYPES[pool.capacityType]] },
    instances,
    { key: ARCH_LABEL, operator: "In", values: [archOf(pool.amiType)] },
    { key: OS_LABEL, operator: "In", values: ["linux"] },
  ];
}

const taintOf = (t: Taint): Manifest => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect });

/** The pool's NodePool, named after the pool, on its EC2NodeClass. */
export function nodePoolOf(pool: NodePoolConfig, ebsCsiDriver = true): Manifest {
  const k = pool.karpenter;
  if (!k) throw new Error(`pool ${pool.name} is not run by Karpenter`);
  const limits = {
    ...(k.limits.cpu !== undefined ? { cpu: k.limits.cpu } : {}),
    ...(k.limits.memoryGiB !== undefined ? { memory: `${k.limits.memoryGiB}Gi` } : {}),
    ...(k.limits.nvidiaGpus !== undefined ? { "nvidia.com/gpu": k.limits.nvidiaGpus } : {}),
  };
  return {
    apiVersion: NODE_POOL_API.apiVersion,
    kind: NODE_POOL_API.kind,
    metadata: { name: pool.name },
    spec: {
      template: {
        metadata: { labels: { ...pool.labels } },
        spec: {
          nodeClassRef: { group: NODE_CLASS_API.group, kind: NODE_CLASS_API.kind, name: pool.name },
          requirements: requirementsOf(pool),
          ...(pool.taints.length > 0 ? { taints: pool.taints.map(taintOf) } : {}),
          ...(ebsCsiDriver ? { startupTaints: [{ ...EBS_AGENT_NOT_READY_TAINT }] } : {}),
          expireAfter: k.expireAfter,
        },
      },
      disruption: {
        consolidationPolicy: k.consolidationPolicy,
        consolidateAfter: k.consolidateAfter,
        budgets: k.budgets.map((b) => ({
          nodes: b.nodes,
          ...(b.schedule !== undefined ? { schedule: b.schedule } : {}),
          ...(b.duration !== undefined ? { duration: b.duration } : {}),
          ...(b.reasons !== undefined ? { reasons: [...b.reasons] } : {}),
        })),
      },
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
      ...(k.weight !== undefined ? { weight: k.weight } : {}),
    },
  };
}

/** Every Karpenter pool's EC2NodeClass then NodePool, in the plan's pool order. */
export function karpenterManifests(pools: readonly NodePoolConfig[], props: KarpenterManifestProps): Manifest[] {
  return pools.flatMap((pool) => [ec2NodeClassOf(pool, props), nodePoolOf(pool, props.ebsCsiDriver ?? true)]);
}
