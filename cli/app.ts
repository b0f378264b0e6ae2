/** Builds the CDKTF app: per deployment, the four stage stacks in Domino's apply order. */
import { App } from "cdktf";
import { ClusterStack } from "../constructs/cluster/cluster-stack";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { planDeployment, type DeploymentPlan } from "../constructs/config/plan";
import { InfraStack } from "../constructs/infra/infra-stack";
import { K8sStack } from "../constructs/k8s/k8s-stack";
import { NodesStack } from "../constructs/nodes/nodes-stack";

export interface DeploymentStacks {
  readonly plan: DeploymentPlan;
  readonly infra: InfraStack;
  readonly cluster: ClusterStack;
  readonly nodes: NodesStack;
  readonly k8s: K8sStack;
}

export function addDeployment(app: App, config: DeploymentConfig): DeploymentStacks {
  const plan = planDeployment(config);
  const infra = new InfraStack(app, plan);
  const cluster = new ClusterStack(app, plan, infra.outputs);
  const nodes = new NodesStack(app, plan, infra.outputs, cluster.outputs);
  const k8s = new K8sStack(app, plan, infra.outputs, cluster.outputs, nodes.outputs);
  return { plan, infra, cluster, nodes, k8s };
}

export function buildApp(configs: readonly DeploymentConfig[], outdir?: string): { app: App; deployments: DeploymentStacks[] } {
  const app = new App(outdir ? { outdir } : {});
  return { app, deployments: configs.map((c) => addDeployment(app, c)) };
}
