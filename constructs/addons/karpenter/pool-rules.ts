/**
 * Tags and labels a pool Karpenter runs may not carry, checked before synth so the NodePool and EC2NodeClass the k8s
 * stage renders are ones the API server (the CRDs' validation rules) accepts. The fields of a managed node group that
 * a Karpenter pool cannot take are rules.ts's.
 */
import { joinPath, type Problem } from "../../config/problems";
import type { Rule } from "../../config/rules";

/** Tag keys an EC2NodeClass's tags may not have (the CRD's rules): Karpenter sets them itself. */
const RESTRICTED_TAG = (key: string) =>
  key === "eks:eks-cluster-name" || key.startsWith("kubernetes.io/cluster") || ["karpenter.sh/nodepool", "karpenter.sh/nodeclaim", "karpenter.k8s.aws/ec2nodeclass"].includes(key);

/** Label keys a NodePool's template may not set (the CRD's rules, and labels Karpenter derives from requirements). */
function restrictedLabelReason(key: string): string | undefined {
  const domain = key.includes("/") ? key.split("/")[0] : "";
  if (key === "kubernetes.io/hostname") return "the node's hostname label is set by the kubelet";
  if (domain.endsWith("karpenter.sh") || domain.endsWith("karpenter.k8s.aws")) return "Karpenter sets the labels of its own domains (karpenter.sh, karpenter.k8s.aws) from the NodePool's requirements and the instance";
  // Karpenter's own check (a NodePool with such a label never becomes ready): Kubernetes' domains, but the node ones.
  const exception = ["node.kubernetes.io", "node-restriction.kubernetes.io", "kops.k8s.io"].some((d) => domain.endsWith(d));
  if (!exception && (domain.endsWith("kubernetes.io") || domain.endsWith("k8s.io"))) {
    return "Karpenter refuses labels in Kubernetes' domains (kubernetes.io, k8s.io) other than node.kubernetes.io and node-restriction.kubernetes.io; use one of those or a domain of your own";
  }
  return undefined;
}

export const karpenterPoolRule: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  const at = (path: PropertyKey[], message: string) => out.push({ path: joinPath(path), message });
  const karpenterPools = pools.filter((p) => p.scaler === "karpenter");
  for (const pool of karpenterPools) {
    const base = ["nodePools", pool.name];
    for (const key of Object.keys(pool.tags).filter(RESTRICTED_TAG)) {
      at([...base, "tags", key], "is a tag Karpenter sets itself on what it launches, which an EC2NodeClass may not set; remove it");
    }
    for (const key of Object.keys(pool.labels)) {
      const reason = restrictedLabelReason(key);
      if (reason) at([...base, "labels", key], `is not allowed on a pool run by Karpenter: ${reason}`);
    }
  }
  if (karpenterPools.length > 0) {
    for (const key of Object.keys(d.tags).filter(RESTRICTED_TAG)) {
      at(["tags", key], "is a tag Karpenter sets itself on what it launches, which the EC2NodeClasses (they carry the deployment's tags) may not set; remove it");
    }
  }
  return out;
};
