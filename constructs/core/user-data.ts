/**
 * Launch-template user data of a pool, in the form each AMI family reads: a nodeadm NodeConfig in a MIME multipart
 * document for Amazon Linux 2023, Bottlerocket settings TOML for Bottlerocket.
 *
 * On an EKS-optimized AMI, EKS merges it with its own (which joins the node to the cluster, with the node group's
 * labels and taints), so it carries only the kubelet settings. With a custom AMI (amiId) EKS neither bootstraps the
 * node nor merges user data: it then carries the cluster connection, max pods, and the labels and taints for the
 * kubelet to register with (EKS applies the node group's taints to custom-AMI nodes only asynchronously, after they
 * join). Pure but for encoding: values may be Terraform tokens (the cluster stage's outputs), and then the base64 is
 * Terraform's. No user data at all when there is nothing to say, so a launch template keeps its current version.
 */
import { Fn, Token } from "cdktf";
import { Document } from "yaml";
import type { KubeletSettings } from "../config/node-pools";
import type { Taint } from "../config/schema";

const BOUNDARY = "//";

/** What a custom-AMI node needs to join the cluster (tokens of the cluster stage, or literals). */
export interface ClusterConnection {
  readonly name: string;
  readonly apiServerEndpoint: string;
  /** Base64 of the cluster's CA bundle, as EKS's DescribeCluster returns it. */
  readonly certificateAuthority: string;
  /** The cluster's service IPv4 CIDR. */
  readonly serviceCidr: string;
  /** The cluster DNS service address: the service CIDR's tenth address. */
  readonly clusterDnsIp: string;
}

export interface NodeUserDataInput {
  readonly amiType: string;
  readonly kubelet?: KubeletSettings;
  /** The kubelet's max pods (the pool's kubelet.maxPods, or computed); undefined leaves the AMI's or EKS's. */
  readonly maxPods?: number;
  /** Set for a custom AMI: the node bootstraps itself with these. */
  readonly customAmi?: {
    readonly cluster: ClusterConnection;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly Taint[];
  };
}

/**
 * Labels in kubernetes.io and k8s.io namespaces that the NodeRestriction admission plugin lets a kubelet set on its own
 * node; a kubelet given any other label there refuses to start. EKS applies the node group's labels anyway.
 */
const KUBELET_LABELS = new Set([
  "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os", "beta.kubernetes.io/instance-type", "beta.kubernetes.io/arch",
  "beta.kubernetes.io/os", "node.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
]);
const inNamespace = (prefix: string, ns: string) => prefix === ns || prefix.endsWith(`.${ns}`);

/** True when the kubelet may register its node with this label (--node-labels, Bottlerocket node-labels). */
export function kubeletMaySetLabel(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return true;
  const prefix = key.slice(0, slash);
  if (!inNamespace(prefix, "kubernetes.io") && !inNamespace(prefix, "k8s.io")) return true;
  return KUBELET_LABELS.has(key) || inNamespace(prefix, "kubelet.kubernetes.io") || inNamespace(prefix, "node.kubernetes.io");
}

function registeredLabels(labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(labels).filter(([key]) => kubeletMaySetLabel(key));
}

const taintText = (t: Taint) => `${t.key}${t.value !== undefined ? `=${t.value}` : ""}:${t.effect}`;

/** AL2023: a NodeConfig with the cluster (custom AMI only) and the kubelet's config and flags. */
export function nodeadmUserData(input: NodeUserDataInput): string {
  const k = input.kubelet;
  const custom = input.customAmi;
  const config: Record<string, unknown> = {
    ...(input.maxPods !== undefined ? { maxPods: input.maxPods } : {}),
    ...(k?.kubeAPIQPS !== undefined ? { kubeAPIQPS: k.kubeAPIQPS } : {}),
    ...(k?.kubeAPIBurst !== undefined ? { kubeAPIBurst: k.kubeAPIBurst } : {}),
    ...(k && Object.keys(k.evictionHard).length > 0 ? { evictionHard: { ...k.evictionHard } } : {}),
  };
  const labels = custom ? registeredLabels(custom.labels) : [];
  const flags = [
    ...(labels.length > 0 ? [`--node-labels=${labels.map(([key, value]) => `${key}=${value}`).join(",")}`] : []),
    ...(custom && custom.taints.length > 0 ? [`--register-with-taints=${custom.taints.map(taintText).join(",")}`] : []),
    ...(k?.extraFlags ?? []),
  ];
  const kubelet = { ...(Object.keys(config).length > 0 ? { config } : {}), ...(flags.length > 0 ? { flags } : {}) };
  const cluster = custom
    ? {
        cluster: {
          name: custom.cluster.name,
          apiServerEndpoint: custom.cluster.apiServerEndpoint,
          certificateAuthority: custom.cluster.certificateAuthority,
          cidr: custom.cluster.serviceCidr,
        },
      }
    : {};
  const spec = { ...cluster, ...(Object.keys(kubelet).length > 0 ? { kubelet } : {}) };
  const nodeConfig = new Document({ apiVersion: "node.eks.aws/v1alpha1", kind: "NodeConfig", spec }).toString({ lineWidth: 0 });
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    "---",
    nodeConfig.trimEnd(),
    "",
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
}

const tomlString = (s: string) => JSON.stringify(s);

/**
 * Bottlerocket: settings.kubernetes (the cluster with a custom AMI; max-pods, kube-api-qps, kube-api-burst) and its
 * node-labels, node-taints and eviction-hard tables. A taint key with several effects takes a list.
 */
export function bottlerocketUserData(input: NodeUserDataInput): string {
  const k = input.kubelet;
  const custom = input.customAmi;
  const lines = ["[settings.kubernetes]"];
  if (custom) {
    const c = custom.cluster;
    lines.push(
      `cluster-name = ${tomlString(c.name)}`,
      `api-server = ${tomlString(c.apiServerEndpoint)}`,
      `cluster-certificate = ${tomlString(c.certificateAuthority)}`,
      `cluster-dns-ip = ${tomlString(c.clusterDnsIp)}`,
    );
  }
  if (input.maxPods !== undefined) lines.push(`max-pods = ${input.maxPods}`);
  if (k?.kubeAPIQPS !== undefined) lines.push(`kube-api-qps = ${k.kubeAPIQPS}`);
  if (k?.kubeAPIBurst !== undefined) lines.push(`kube-api-burst = ${k.kubeAPIBurst}`);
  const table = (name: string, entries: readonly [string, string][]) => {
    if (entries.length > 0) lines.push("", `[settings.kubernetes.${name}]`, ...entries.map(([key, value]) => `${tomlString(key)} = ${value}`));
  };
  if (custom) {
    table("node-labels", registeredLabels(custom.labels).map(([key, value]) => [key, tomlString(value)]));
    const byKey = new Map<string, string[]>();
    for (const t of custom.taints) byKey.set(t.key, [...(byKey.get(t.key) ?? []), `${t.value ?? ""}:${t.effect}`]);
    table("node-taints", [...byKey].map(([key, values]) => [key, values.length === 1 ? tomlString(values[0]) : `[${values.map(tomlString).join(", ")}]`]));
  }
  table("eviction-hard", Object.entries(k?.evictionHard ?? {}).map(([signal, value]) => [signal, tomlString(value)]));
  return `${lines.join("\n")}\n`;
}

/**
 * Base64 of user data: computed here, or Terraform's base64encode when it holds tokens. Then the text becomes a
 * Terraform string around the token references: cdktf escapes its newlines and `${`; backslashes, quotes and `%{`
 * (a template directive) are escaped here.
 */
function encode(text: string): string {
  if (!Token.isUnresolved(text)) return Buffer.from(text, "utf8").toString("base64");
  return Fn.base64encode(text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%\{/g, "%%{"));
}

/** The launch template's user_data (base64), or undefined when the pool needs none. */
export function nodeUserData(input: NodeUserDataInput): string | undefined {
  if (!input.kubelet && input.maxPods === undefined && !input.customAmi) return undefined;
  const text = input.amiType.startsWith("BOTTLEROCKET") ? bottlerocketUserData(input) : nodeadmUserData(input);
  return encode(text);
}
