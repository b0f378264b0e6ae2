/**
 * The Amazon VPC CNI (EKS add-on; spec, "Network plugin"): pod addresses from the VPC, installed with the cluster so
 * nodes become ready. With pod subnets (`network.podCidr`, or `existingVpc.podSubnetIds`), custom networking: pods
 * take addresses from those subnets through one ENIConfig per zone.
 */
import { Token } from "cdktf";
import type { DeploymentPlan } from "../../config/plan";
import type { InfraOutputs } from "../../core/stage-outputs";
import { itemAt } from "../../core/token-list";
import type { ClusterAddonContext, ClusterContribution, DominoAddon } from "../addon";
import { vpcCniConfiguration } from "./configuration";

export { vpcCniConfiguration, type PodSubnet, type VpcCniConfigInput } from "./configuration";

import { VPC_CNI_EKS_ADDON } from "./defaults";

export { VPC_CNI_EKS_ADDON } from "./defaults";

/**
 * True when the VPC CNI's custom networking is on: pod subnets planned (`network.podCidr`), given with a brought VPC
 * (`existingVpc.podSubnetIds`), or handed on by the infra stage's VPC provider.
 */
export function usesPodSubnets(plan: DeploymentPlan, infra?: InfraOutputs): boolean {
  const fromProvider = infra !== undefined && !Token.isUnresolved(infra.podSubnetIds) && infra.podSubnetIds.length > 0;
  return fromProvider || plan.zones.some((z) => z.podCidr !== undefined) || (plan.config.network.existingVpc?.podSubnetIds.length ?? 0) > 0;
}

export class VpcCniAddon implements DominoAddon {
  readonly name = "vpc-cni";
  readonly eksAddonNames = [VPC_CNI_EKS_ADDON];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const { plan } = ctx;
    const podSubnets = usesPodSubnets(plan, ctx.infra)
      ? plan.zones.map((z, i) => ({ zoneName: ctx.zoneName(z.zoneId), subnetId: itemAt(ctx.infra.podSubnetIds, i) }))
      : [];
    const configurationValues = vpcCniConfiguration({ region: plan.region, podSubnets, nodeSecurityGroupId: ctx.nodeSecurityGroupId });
    return { eksAddons: [{ name: VPC_CNI_EKS_ADDON, ...(configurationValues ? { configurationValues } : {}) }] };
  }
}
