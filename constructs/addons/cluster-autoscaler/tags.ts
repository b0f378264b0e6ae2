/**
 * The cluster autoscaler's Auto Scaling group tags: discovery (`--node-group-auto-discovery`) and the node-template
 * tags it reads to build a node of a group that is at zero. The IAM policy keys on the discovery tags too.
 */
import { DOMINO_LABEL_VALUE, DOMINO_NODE_LABEL, EBS_ZONE_LABEL, ZONE_LABEL } from "../../config/defaults";

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

export function nodeTemplateResourceTag(resource: string): string {
  return `${NODE_TEMPLATE}/resources/${resource}`;
}

/**
 * The FUSE devices (smarter-device-manager's `smarter-devices/fuse` extended resource) a node offers, as Domino's
 * reference tags its groups (dominodatalab/terraform-aws-eks v3.49.0, modules/nodes/nodes.tf, `local.asg_tags`): the
 * autoscaler can then scale a group up from zero for a pod that requests FUSE. Only on Domino's nodes (labelled
 * `dominodatalab.com/domino-node: "true"`), where Domino runs smarter-device-manager: a custom pool with
 * `dominoNode: false` offers no FUSE devices, and the tag would make the autoscaler add nodes that never satisfy the pod.
 */
export const FUSE_RESOURCE = "smarter-devices/fuse";
export const FUSE_DEVICES_PER_NODE = "20";

/**
 * The tags the cluster autoscaler reads on a node group's Auto Scaling group: discovery, and node-template labels,
 * taints and, on Domino's nodes, the FUSE resource (plus the zone labels of a one-zone group) so it can build a node of
 * a group at zero.
 */
export function autoscalerGroupTags(
  clusterName: string,
  pool: { readonly labels: Readonly<Record<string, string>>; readonly taints: readonly { key: string; value?: string; effect: string }[] },
  zoneName?: string,
): Record<string, string> {
  const fuse = pool.labels[DOMINO_NODE_LABEL] === DOMINO_LABEL_VALUE ? { [nodeTemplateResourceTag(FUSE_RESOURCE)]: FUSE_DEVICES_PER_NODE } : {};
  const tags: Record<string, string> = { ...autoscalerDiscoveryTags(clusterName), ...fuse };
  for (const [key, value] of Object.entries(pool.labels)) tags[nodeTemplateLabelTag(key)] = value;
  for (const taint of pool.taints) tags[nodeTemplateTaintTag(taint.key)] = `${taint.value ?? ""}:${taint.effect}`;
  if (zoneName !== undefined) {
    tags[nodeTemplateLabelTag(ZONE_LABEL)] = zoneName;
    tags[nodeTemplateLabelTag(EBS_ZONE_LABEL)] = zoneName;
  }
  return tags;
}
