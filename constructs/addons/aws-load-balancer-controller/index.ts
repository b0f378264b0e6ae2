/**
 * The AWS Load Balancer Controller, as one add-on: an IRSA role for its service account with AWS's published
 * controller policy (policy.ts), optionally its Helm chart (chart.ts; off by default, Domino's installer deploys the
 * controller itself), and its part of `domino_config`. Configured by the deployment's `loadBalancerController`
 * field; `enabled: false` leaves everything out.
 */
import type { DeploymentPlan } from "../../config/plan";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, InstallerValuesContext, K8sAddonContext } from "../addon";
import { releaseNamespaceDependencies } from "../release-namespace";
import { requireRoleArn } from "../role-arns";
import { LoadBalancerControllerChart } from "./chart";
import { defaultLbcServiceAccount, LBC_CHART, LBC_IMAGE, LBC_ROLE_PURPOSE } from "./defaults";
import { LoadBalancerControllerPolicy } from "./policy";
import { chartNeedsRoleRule } from "./rules";

export { LBC_CHART, LBC_IMAGE, LBC_POLICY_VERSION, LBC_ROLE_PURPOSE } from "./defaults";
export { LoadBalancerControllerChart, loadBalancerControllerValues, type LoadBalancerControllerChartProps } from "./chart";
export { LoadBalancerControllerPolicy, loadBalancerControllerStatements, type LoadBalancerControllerPolicyProps } from "./policy";

/** Namespace and service account the role trusts, with the defaults applied. */
export function loadBalancerControllerServiceAccount(plan: DeploymentPlan): { namespace: string; serviceAccount: string } {
  const c = plan.config.loadBalancerController;
  return { namespace: c.namespace ?? plan.config.namespaces.platform, serviceAccount: c.serviceAccount ?? defaultLbcServiceAccount(plan.deployId) };
}

export class AwsLoadBalancerControllerAddon implements DominoAddon {
  readonly name = "aws-load-balancer-controller";
  readonly helmCharts = [LBC_CHART.chart];
  readonly rules = [chartNeedsRoleRule];

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

  k8s(ctx: K8sAddonContext): void {
    const c = ctx.plan.config.loadBalancerController;
    if (!c.enabled || !c.chart.enabled) return;
    const account = loadBalancerControllerServiceAccount(ctx.plan);
    const registry = ctx.mirrors.imageRegistry(LBC_IMAGE.registry);
    new LoadBalancerControllerChart(ctx.scope, "load-balancer-controller", {
      chartVersion: c.chart.version,
      namespace: account.namespace,
      serviceAccount: account.serviceAccount,
      roleArn: requireRoleArn(ctx.cluster, LBC_ROLE_PURPOSE),
      clusterName: ctx.cluster.clusterName,
      region: ctx.plan.region,
      vpcId: ctx.infra.vpcId,
      repository: ctx.mirrors.chartRepository(LBC_CHART.chart, LBC_CHART.repository),
      ...(registry !== LBC_IMAGE.registry ? { imageRepository: `${registry}/${LBC_IMAGE.repository}` } : {}),
      dependsOn: releaseNamespaceDependencies(ctx, account.namespace),
    });
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
        // Deployed by the k8s stage (the installer then leaves the controller alone), or left to Domino's installer.
        chart: { enabled: c.enabled && c.chart.enabled, version: c.enabled && c.chart.enabled ? c.chart.version : null },
      },
    };
  }
}
