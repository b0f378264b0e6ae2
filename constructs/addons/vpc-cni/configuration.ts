import { ZONE_LABEL } from "../../config/defaults";

/**
 * The VPC CNI add-on's configuration: custom networking (pods take addresses from the pod subnets) and prefix
 * delegation (nodes take /28 prefixes instead of single addresses).
 */
export interface PodSubnet {
  /** The zone name (token), the key the CNI looks up by the node's topology.kubernetes.io/zone label. */
  readonly zoneName: string;
  readonly subnetId: string;
}

export interface VpcCniConfigInput {
  readonly region: string;
  readonly podSubnets: readonly PodSubnet[];
  /** Security group of the pods' ENIs in the pod subnets. */
  readonly nodeSecurityGroupId: string;
  /** network.prefixDelegation; default false. */
  readonly prefixDelegation?: boolean;
  /** network.annotatePodIp; default false. */
  readonly annotatePodIp?: boolean;
}

/**
 * Free prefixes each node keeps attached beyond those in use: one, AWS's recommendation and the CNI's default, so a
 * node holds at most 15 unused addresses and a new pod rarely waits for an EC2 call (WARM_IP_TARGET and
 * MINIMUM_IP_TARGET, which trade EC2 calls for addresses, are left unset).
 */
export const WARM_PREFIX_TARGET = "1";

/**
 * configuration_values of vpc-cni, or undefined with neither pod subnets nor prefix delegation. With pod subnets the
 * add-on creates one ENIConfig per zone name. Zone names and ids are tokens: JSON.stringify keeps them as strings and
 * Terraform fills them in.
 */
export function vpcCniConfiguration(input: VpcCniConfigInput): string | undefined {
  const custom = input.podSubnets.length > 0;
  if (!custom && !input.prefixDelegation && !input.annotatePodIp) return undefined;
  const subnets: Record<string, { id: string; securityGroups: string[] }> = {};
  for (const s of input.podSubnets) subnets[s.zoneName] = { id: s.subnetId, securityGroups: [input.nodeSecurityGroupId] };
  return JSON.stringify({
    env: {
      ...(custom ? { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: ZONE_LABEL } : {}),
      ...(input.prefixDelegation ? { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET } : {}),
      ...(input.annotatePodIp ? { ANNOTATE_POD_IP: "true" } : {}),
    },
    ...(custom ? { eniConfig: { create: true, region: input.region, subnets } } : {}),
  });
}
