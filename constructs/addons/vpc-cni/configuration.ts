import { ZONE_LABEL } from "../../config/defaults";

/** The VPC CNI add-on's configuration for custom networking: pods take addresses from the pod subnets. */
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
}

/**
 * configuration_values of vpc-cni, or undefined without pod subnets. The add-on creates one ENIConfig per zone name.
 * Zone names and ids are tokens: JSON.stringify keeps them as strings and Terraform fills them in.
 */
export function vpcCniConfiguration(input: VpcCniConfigInput): string | undefined {
  if (input.podSubnets.length === 0) return undefined;
  const subnets: Record<string, { id: string; securityGroups: string[] }> = {};
  for (const s of input.podSubnets) subnets[s.zoneName] = { id: s.subnetId, securityGroups: [input.nodeSecurityGroupId] };
  return JSON.stringify({
    env: {
      AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true",
      ENI_CONFIG_LABEL_DEF: ZONE_LABEL,
    },
    eniConfig: { create: true, region: input.region, subnets },
  });
}
