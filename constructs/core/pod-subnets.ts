/**
 * Whether the VPC CNI's custom networking is on (pods in pod subnets of their own), for every add-on that depends on
 * it: the VPC CNI's ENIConfigs, Karpenter's reserved interface.
 */
import { Token } from "cdktf";
import type { DeploymentPlan } from "../config/plan";
import type { InfraOutputs } from "./stage-outputs";

/**
 * True when pods take their addresses from pod subnets: planned (`network.podCidr`), given with a brought VPC
 * (`existingVpc.podSubnetIds`), or handed on by the infra stage's VPC provider.
 */
export function usesPodSubnets(plan: DeploymentPlan, infra?: InfraOutputs): boolean {
  const fromProvider = infra !== undefined && !Token.isUnresolved(infra.podSubnetIds) && infra.podSubnetIds.length > 0;
  return fromProvider || plan.zones.some((z) => z.podCidr !== undefined) || (plan.config.network.existingVpc?.podSubnetIds.length ?? 0) > 0;
}
