/**
 * Calico for Kubernetes NetworkPolicy (spec, "Network plugin"), policy-only on the VPC CNI: the Tigera operator's
 * Helm release in the k8s stage, and its part of `domino_config`. Configured by the deployment's `calico` field.
 */
import type { DominoAddon, InstallerValuesContext, K8sAddonContext } from "../addon";
import { Calico } from "./chart";
import { CALICO_CHART, CALICO_IMAGE_REGISTRY } from "./defaults";

export { Calico, calicoValues, type CalicoProps } from "./chart";
export { CALICO_CHART, CALICO_IMAGE_REGISTRY } from "./defaults";

export class CalicoAddon implements DominoAddon {
  readonly name = "calico";
  readonly helmCharts = [CALICO_CHART.chart];

  k8s(ctx: K8sAddonContext): void {
    const registry = ctx.mirrors.imageRegistry(CALICO_IMAGE_REGISTRY);
    new Calico(ctx.scope, "calico", {
      chartVersion: ctx.plan.config.calico.chartVersion,
      releaseName: ctx.plan.config.calico.releaseName,
      repository: ctx.mirrors.chartRepository(CALICO_CHART.chart, CALICO_CHART.repository),
      ...(registry !== CALICO_IMAGE_REGISTRY ? { imageRegistry: registry } : {}),
    });
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    return { calico: { chartVersion: ctx.plan.config.calico.chartVersion, namespace: CALICO_CHART.namespace } };
  }
}
