/**
 * The Amazon VPC CNI (EKS add-on; spec, "Network plugin"): pod addresses from the VPC, installed with the cluster so
 * nodes become ready. Its permissions (AmazonEKS_CNI_Policy) are on an IRSA role of the aws-node service account, not
 * on the node role, as AWS recommends: other pods on a node cannot use them. (IRSA, not Pod Identity: the Pod Identity
 * agent runs as pods, which need the CNI first.) With pod subnets (`network.podCidr`, or `existingVpc.podSubnetIds`), custom networking: pods
 * take addresses from those subnets through one ENIConfig per zone. With `network.prefixDelegation`, nodes take /28
 * prefixes instead of single addresses.
 */
import { usesPodSubnets } from "../../core/pod-subnets";
import { itemAt } from "../../core/token-list";
import type { ClusterAddonContext, ClusterContribution, DominoAddon } from "../addon";
import { vpcCniConfiguration } from "./configuration";

export { vpcCniConfiguration, type PodSubnet, type VpcCniConfigInput } from "./configuration";

import { VPC_CNI_EKS_ADDON, VPC_CNI_ROLE_PURPOSE, VPC_CNI_SERVICE_ACCOUNT } from "./defaults";

export { VPC_CNI_EKS_ADDON, VPC_CNI_ROLE_PURPOSE, VPC_CNI_SERVICE_ACCOUNT } from "./defaults";

export class VpcCniAddon implements DominoAddon {
  readonly name = "vpc-cni";
  readonly eksAddonNames = [VPC_CNI_EKS_ADDON];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const { plan } = ctx;
    const podSubnets = usesPodSubnets(plan, ctx.infra)
      ? plan.zones.map((z, i) => ({ zoneName: ctx.zoneName(z.zoneId), subnetId: itemAt(ctx.infra.podSubnetIds, i) }))
      : [];
    const configurationValues = vpcCniConfiguration({
      region: plan.region,
      podSubnets,
      nodeSecurityGroupId: ctx.nodeSecurityGroupId,
      prefixDelegation: plan.config.network.prefixDelegation,
      annotatePodIp: plan.config.network.annotatePodIp,
    });
    const roleArn = ctx.serviceAccountRole(VPC_CNI_ROLE_PURPOSE, {
      namespace: VPC_CNI_SERVICE_ACCOUNT.namespace,
      serviceAccount: VPC_CNI_SERVICE_ACCOUNT.name,
      managedPolicyArns: [ctx.partition.awsManagedPolicyArn("AmazonEKS_CNI_Policy")],
    });
    return {
      eksAddons: [{ name: VPC_CNI_EKS_ADDON, serviceAccountRoleArn: roleArn, ...(configurationValues ? { configurationValues } : {}) }],
      roleArns: { [VPC_CNI_ROLE_PURPOSE]: roleArn },
    };
  }
}
