import type { Construct } from "constructs";
import type { ClusterOutputs } from "../cluster/outputs";
import type { DeploymentPlan } from "../config/plan";
import { awsProvider } from "../core/aws-provider";
import { StageStack } from "../core/stage-stack";
import type { InfraOutputs } from "../infra/outputs";
import type { NodesOutputs } from "./outputs";

/** Stage 3: the node pools. */
export class NodesStack extends StageStack {
  readonly outputs!: NodesOutputs;

  constructor(scope: Construct, plan: DeploymentPlan, readonly infra: InfraOutputs, readonly cluster: ClusterOutputs) {
    super(scope, plan, "nodes");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");
  }
}
