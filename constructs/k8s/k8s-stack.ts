import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "constructs";
import { runHook, type DominoAddon, type InstallerValuesContext, type K8sAddonContext } from "../addons/addon";
import { mirrorsOf } from "../config/registries";
import type { ClusterOutputs, InfraOutputs, NodesOutputs } from "../core/stage-outputs";
import type { DeploymentPlan } from "../config/plan";
import { StageStack } from "../core/stage-stack";
import type { DominoConfig } from "./domino-config";
import { dominoConfigOf, InstallerValues } from "./installer-values";
import { DominoNamespaces } from "./namespaces";
import { providerAuth } from "./provider-auth";

export interface K8sStackProps {
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  readonly nodes: NodesOutputs;
  /** The deployment's add-ons; their k8s and installer-values hooks run here, in order. */
  readonly addons: readonly DominoAddon[];
}

/**
 * Stage 4: what the spec asks of the cluster itself, applied with the kubernetes and helm providers. It needs the
 * private API endpoint to be reachable (a runner in the VPC, VPN/peering, or a tunnel through the bastion), and
 * no AWS provider: the providers authenticate with short-lived `aws eks get-token` tokens.
 */
export class K8sStack extends StageStack {
  readonly namespaces?: DominoNamespaces;
  readonly dominoConfig: DominoConfig;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  readonly nodes: NodesOutputs;

  constructor(scope: Construct, props: K8sStackProps) {
    const { plan, infra, cluster, nodes, addons } = props;
    super(scope, plan, "k8s");
    this.infra = infra;
    this.cluster = cluster;
    this.nodes = nodes;
    const c = plan.config;
    const auth = providerAuth(cluster, plan.region);
    new KubernetesProvider(this, "kubernetes", {
      host: auth.host,
      clusterCaCertificate: auth.clusterCaCertificate,
      exec: [auth.exec],
    });
    new HelmProvider(this, "helm", { kubernetes: auth });
    this.relaxProviderVersion("kubernetes");
    this.relaxProviderVersion("helm");

    if (c.namespaces.create) {
      this.namespaces = new DominoNamespaces(this, "namespaces", {
        platform: c.namespaces.platform,
        compute: c.namespaces.compute,
        system: c.namespaces.system,
      });
    }
    const namespaces = this.namespaces ? Object.values(this.namespaces.namespaces) : [];
    const context: K8sAddonContext = {
      scope: this, plan, infra, cluster, nodes, namespaces,
      mirrors: mirrorsOf(plan.config.registries, infra.pullThroughCacheRegistry),
      addonNames: addons.map((a) => a.name),
    };
    for (const addon of addons) runHook(addon, "k8s", () => addon.k8s?.(context));

    const values: InstallerValuesContext = { plan, infra, cluster, nodes };
    this.dominoConfig = dominoConfigOf(
      values,
      addons.map((addon) => ({ addon: addon.name, values: runHook(addon, "installerValues", () => addon.installerValues?.(values) ?? {}) })),
    );
    new InstallerValues(this, "installer-values", { config: this.dominoConfig });
  }
}
