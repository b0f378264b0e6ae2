/**
 * Launch-template user data for a pool's kubelet settings, in the form each EKS-optimized AMI reads and EKS merges
 * with its own: a nodeadm NodeConfig in a MIME multipart document for Amazon Linux 2023, Bottlerocket settings TOML
 * for Bottlerocket. Pure: settings in, base64 text out. No user data at all when the pool sets nothing, so a launch
 * template keeps its current version.
 */
import { Document } from "yaml";
import type { KubeletSettings } from "../config/node-pools";

const BOUNDARY = "//";

/** AL2023: a NodeConfig with only the kubelet part (EKS fills in the cluster for a managed node group). */
export function nodeadmUserData(k: KubeletSettings): string {
  const config: Record<string, unknown> = {
    ...(k.maxPods !== undefined ? { maxPods: k.maxPods } : {}),
    ...(k.kubeAPIQPS !== undefined ? { kubeAPIQPS: k.kubeAPIQPS } : {}),
    ...(k.kubeAPIBurst !== undefined ? { kubeAPIBurst: k.kubeAPIBurst } : {}),
    ...(Object.keys(k.evictionHard).length > 0 ? { evictionHard: { ...k.evictionHard } } : {}),
  };
  const kubelet = { ...(Object.keys(config).length > 0 ? { config } : {}), ...(k.extraFlags.length > 0 ? { flags: [...k.extraFlags] } : {}) };
  const nodeConfig = new Document({ apiVersion: "node.eks.aws/v1alpha1", kind: "NodeConfig", spec: { kubelet } }).toString({ lineWidth: 0 });
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

/** Bottlerocket: settings.kubernetes (max-pods, kube-api-qps, kube-api-burst) and its eviction-hard table. */
export function bottlerocketUserData(k: KubeletSettings): string {
  const lines = ["[settings.kubernetes]"];
  if (k.maxPods !== undefined) lines.push(`max-pods = ${k.maxPods}`);
  if (k.kubeAPIQPS !== undefined) lines.push(`kube-api-qps = ${k.kubeAPIQPS}`);
  if (k.kubeAPIBurst !== undefined) lines.push(`kube-api-burst = ${k.kubeAPIBurst}`);
  const eviction = Object.entries(k.evictionHard);
  if (eviction.length > 0) {
    lines.push("", "[settings.kubernetes.eviction-hard]", ...eviction.map(([signal, value]) => `${tomlString(signal)} = ${tomlString(value)}`));
  }
  return `${lines.join("\n")}\n`;
}

/** The launch template's user_data (base64) for a pool's kubelet settings, or undefined when it sets none. */
export function kubeletUserData(amiType: string, kubelet: KubeletSettings | undefined): string | undefined {
  if (!kubelet) return undefined;
  const text = amiType.startsWith("BOTTLEROCKET") ? bottlerocketUserData(kubelet) : nodeadmUserData(kubelet);
  return Buffer.from(text, "utf8").toString("base64");
}
