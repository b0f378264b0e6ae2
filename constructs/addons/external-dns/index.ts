/**
 * external-dns, as one add-on: an IRSA role for its service account that may change records only in the configured
 * Route53 hosted zones (policy.ts), optionally its Helm chart (chart.ts; off by default, Domino's installer deploys
 * external-dns), and its part of `domino_config`. Configured by the deployment's `externalDns` field; off by default.
 */
import type { DeploymentPlan } from "../../config/plan";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, InstallerValuesContext, K8sAddonContext } from "../addon";
import { releaseNamespaceDependencies } from "../release-namespace";
import { requireRoleArn } from "../role-arns";
import { ExternalDnsChart } from "./chart";
import { DEFAULT_EXTERNAL_DNS_SERVICE_ACCOUNT, EXTERNAL_DNS_CHART, EXTERNAL_DNS_IMAGE, EXTERNAL_DNS_ROLE_PURPOSE } from "./defaults";
import { ExternalDnsPolicy } from "./policy";
import { externalDnsRules } from "./rules";
import { externalDnsZoneIds } from "./zones";

export { EXTERNAL_DNS_CHART, EXTERNAL_DNS_IMAGE, EXTERNAL_DNS_ROLE_PURPOSE } from "./defaults";
export { ExternalDnsChart, externalDnsValues, type ExternalDnsChartProps } from "./chart";
export { ExternalDnsPolicy, externalDnsStatements, hostedZoneArn, type ExternalDnsPolicyProps } from "./policy";
export { externalDnsZoneIds } from "./zones";

/** Namespace and service account the role trusts, with the defaults applied. */
export function externalDnsServiceAccount(plan: DeploymentPlan): { namespace: string; serviceAccount: string } {
  const e = plan.config.externalDns;
  return { namespace: e.namespace ?? plan.config.namespaces.platform, serviceAccount: e.serviceAccount ?? DEFAULT_EXTERNAL_DNS_SERVICE_ACCOUNT };
}

export class ExternalDnsAddon implements DominoAddon {
  readonly name = "external-dns";
  readonly helmCharts = [EXTERNAL_DNS_CHART.chart];
  readonly rules = [externalDnsRules];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const e = ctx.plan.config.externalDns;
    if (!e.enabled) return {};
    const policy = new ExternalDnsPolicy(ctx.irsaScope, "external-dns-policy", {
      partition: ctx.partition.name,
      hostedZoneIds: externalDnsZoneIds(ctx.plan.config),
    });
    const arn = ctx.serviceAccountRole(EXTERNAL_DNS_ROLE_PURPOSE, {
      ...externalDnsServiceAccount(ctx.plan),
      ...(e.roleName ? { roleName: e.roleName } : {}),
      inlinePolicies: { "external-dns": policy.json },
    });
    return { roleArns: { [EXTERNAL_DNS_ROLE_PURPOSE]: arn } };
  }

  k8s(ctx: K8sAddonContext): void {
    const e = ctx.plan.config.externalDns;
    if (!e.enabled || !e.chart.enabled) return;
    const account = externalDnsServiceAccount(ctx.plan);
    const registry = ctx.mirrors.imageRegistry(EXTERNAL_DNS_IMAGE.registry);
    new ExternalDnsChart(ctx.scope, "external-dns", {
      chartVersion: e.chart.version,
      namespace: account.namespace,
      serviceAccount: account.serviceAccount,
      roleArn: requireRoleArn(ctx.cluster, EXTERNAL_DNS_ROLE_PURPOSE),
      region: ctx.plan.region,
      domainFilters: [ctx.plan.config.fqdn],
      hostedZoneIds: externalDnsZoneIds(ctx.plan.config),
      txtOwnerId: ctx.plan.deployId,
      policy: e.chart.policy,
      repository: ctx.mirrors.chartRepository(EXTERNAL_DNS_CHART.chart, EXTERNAL_DNS_CHART.repository),
      ...(registry !== EXTERNAL_DNS_IMAGE.registry ? { imageRepository: `${registry}/${EXTERNAL_DNS_IMAGE.repository}` } : {}),
      dependsOn: releaseNamespaceDependencies(ctx, account.namespace),
    });
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    const e = ctx.plan.config.externalDns;
    const chart = e.enabled && e.chart.enabled;
    return {
      externalDns: {
        enabled: e.enabled,
        ...externalDnsServiceAccount(ctx.plan),
        roleArn: e.enabled ? requireRoleArn(ctx.cluster, EXTERNAL_DNS_ROLE_PURPOSE) : null,
        hostedZoneIds: e.enabled ? [...externalDnsZoneIds(ctx.plan.config)] : [],
        domainFilters: [ctx.plan.config.fqdn],
        txtOwnerId: ctx.plan.deployId,
        // Deployed by the k8s stage (the installer then leaves external-dns alone), or left to Domino's installer.
        chart: { enabled: chart, version: chart ? e.chart.version : null, policy: chart ? e.chart.policy : null },
      },
    };
  }
}
