import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { Construct } from "constructs";
import { IRSA_PURPOSES, type ClusterOutputs } from "../cluster/outputs";
import type { DeploymentPlan } from "../config/plan";
import { StageStack } from "../core/stage-stack";
import type { InfraOutputs } from "../infra/outputs";
import type { NodesOutputs } from "../nodes/outputs";
import { autoscalerImageTag, ClusterAutoscaler } from "./autoscaler";
import { Calico } from "./calico";
import type { DominoConfig } from "./domino-config";
import { dominoConfigOf, InstallerValues } from "./installer-values";
import { DominoNamespaces } from "./namespaces";
import { providerAuth } from "./provider-auth";
import { DominoStorageClass } from "./storage-class";

/**
 * Stage 4: what the spec asks of the cluster itself, applied with the kubernetes and helm providers. It needs the
 * private API endpoint to be reachable (a runner in the VPC, VPN/peering, or a tunnel through the bastion), and
 * no AWS provider: the providers authenticate with short-lived `aws eks get-token` tokens.
 */
export class K8sStack extends StageStack {
  readonly storageClass: DominoStorageClass;
  readonly calico: Calico;
  readonly autoscaler?: ClusterAutoscaler;
  readonly namespaces?: DominoNamespaces;
  readonly dominoConfig: DominoConfig;

  constructor(
    scope: Construct,
    plan: DeploymentPlan,
    readonly infra: InfraOutputs,
    readonly cluster: ClusterOutputs,
    readonly nodes: NodesOutputs,
  ) {
    super(scope, plan, "k8s");
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

    this.calico = new Calico(this, "calico", { chartVersion: c.calico.chartVersion });
    this.storageClass = new DominoStorageClass(this, "storage-class", {
      name: c.storage.blockStorage.storageClassName,
      volumeType: c.storage.blockStorage.type,
      kmsKeyArn: infra.kmsKeyArn,
      defaultClass: c.storage.blockStorage.defaultClass,
    });

    let imageTag: string | undefined;
    let roleArn: string | undefined;
    if (c.autoscaler.enabled) {
      imageTag = autoscalerImageTag(c.kubernetesVersion, c.autoscaler.imageTag);
      if (c.autoscaler.iam === "irsa") {
        roleArn = cluster.irsaRoleArns[IRSA_PURPOSES.clusterAutoscaler];
        if (!roleArn) throw new Error(`the cluster stage provides no "${IRSA_PURPOSES.clusterAutoscaler}" IRSA role, which autoscaler.iam "irsa" needs`);
      }
      this.autoscaler = new ClusterAutoscaler(this, "cluster-autoscaler", {
        chartVersion: c.autoscaler.chartVersion,
        imageTag,
        clusterName: cluster.clusterName,
        region: plan.region,
        roleArn,
      });
    }

    if (c.namespaces.create) {
      this.namespaces = new DominoNamespaces(this, "namespaces", {
        platform: c.namespaces.platform,
        compute: c.namespaces.compute,
        system: c.namespaces.system,
      });
    }

    this.dominoConfig = dominoConfigOf({ plan, infra, cluster, nodes, autoscalerImageTag: imageTag, autoscalerRoleArn: roleArn });
    new InstallerValues(this, "installer-values", { config: this.dominoConfig });
  }
}
