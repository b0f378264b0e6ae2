/**
 * The cluster autoscaler's Auto Scaling group tags: discovery (`--node-group-auto-discovery`) and the node-template
 * tags it reads to build a node of a group that is at zero. The IAM policy keys on the discovery tags too.
 */
export const AUTOSCALER_ENABLED_TAG = "k8s.io/cluster-autoscaler/enabled";

export function autoscalerOwnedTag(clusterName: string): string {
  return `k8s.io/cluster-autoscaler/${clusterName}`;
}

export function autoscalerDiscoveryTags(clusterName: string): Record<string, string> {
  return { [AUTOSCALER_ENABLED_TAG]: "true", [autoscalerOwnedTag(clusterName)]: "owned" };
}

const NODE_TEMPLATE = "k8s.io/cluster-autoscaler/node-template";

export function nodeTemplateLabelTag(label: string): string {
  return `${NODE_TEMPLATE}/label/${label}`;
}

export function nodeTemplateTaintTag(taintKey: string): string {
  return `${NODE_TEMPLATE}/taint/${taintKey}`;
}
