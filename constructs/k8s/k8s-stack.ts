import type { Construct } from "constructs";
import type { ClusterOutputs } from "../cluster/outputs";
import type { DeploymentPlan } from "../config/plan";
import { StageStack } from "../core/stage-stack";
import type { InfraOutputs } from "../infra/outputs";
import type { NodesOutputs } from "../nodes/outputs";

/** Stage 4: what the spec asks of the cluster itself, applied with the kubernetes and helm providers. */
export class K8sStack extends StageStack {
  constructor(
    scope: Construct,
    plan: DeploymentPlan,
    readonly infra: InfraOutputs,
    readonly cluster: ClusterOutputs,
    readonly nodes: NodesOutputs,
  ) {
    super(scope, plan, "k8s");
  }
}
