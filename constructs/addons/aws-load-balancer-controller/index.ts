/**
 * The AWS Load Balancer Controller's IAM, as one add-on: an IRSA role for its service account with AWS's published
 * controller policy (policy.ts), and its part of `domino_config`. Domino's installer deploys the controller itself.
 * Configured by the deployment's `loadBalancerController` field; `enabled: false` leaves everything out.
 */
import type { DeploymentPlan } from "../../config/plan";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, InstallerValuesContext } from "../addon";
import { requireRoleArn } from "../role-arns";
import { defaultLbcServiceAccount, LBC_ROLE_PURPOSE } from "./defaults";
import { LoadBalancerControllerPolicy } from "./policy";

export { LBC_POLICY_VERSION, LBC_ROLE_PURPOSE } from "./defaults";
export { LoadBalancerControllerPolicy, loadBalancerControllerStatements, type LoadBalancerControllerPolicyProps } from "./policy";

/** Namespace and service account the role trusts, with the defaults applied. */
export function loadBalancerControllerServiceAccount(plan: DeploymentPlan): { namespace: string; serviceAccount: string } {
  const c = plan.config.loadBalancerController;
  return { namespace: c.namespace ?? plan.config.namespaces.platform, serviceAccount: c.serviceAccount ?? defaultLbcServiceAccount(plan.deployId) };
}

export class AwsLoadBalancerControllerAddon implements DominoAddon {
  readonly name = "aws-load-balancer-controller";

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const c = ctx.plan.config.loadBalancerController;
    if (!c.enabled) return {};
    const policy = new LoadBalancerControllerPolicy(ctx.irsaScope, "load-balancer-controller-policy", {
      partition: ctx.partition.name,
      region: ctx.plan.region,
      accountId: ctx.accountId,
      vpcId: ctx.infra.vpcId,
    });
    const arn = ctx.serviceAccountRole(LBC_ROLE_PURPOSE, {
      ...loadBalancerControllerServiceAccount(ctx.plan),
      ...(c.roleName ? { roleName: c.roleName } : {}),
      inlinePolicies: { "load-balancer-controller": policy.json },
    });
    return { roleArns: { [LBC_ROLE_PURPOSE]: arn } };
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    const c = ctx.plan.config.loadBalancerController;
    return {
      loadBalancerController: {
        enabled: c.enabled,
        ...loadBalancerControllerServiceAccount(ctx.plan),
        roleArn: c.enabled ? requireRoleArn(ctx.cluster, LBC_ROLE_PURPOSE) : null,
        clusterName: ctx.cluster.clusterName,
        region: ctx.plan.region,
        vpcId: ctx.infra.vpcId,
      },
    };
  }
}
