import type { Construct } from "constructs";
import type { DeploymentPlan } from "../config/plan";
import { awsProvider } from "../core/aws-provider";
import { StageStack } from "../core/stage-stack";
import type { InfraOutputs } from "../infra/outputs";
import type { ClusterOutputs } from "./outputs";

/** Stage 2: the EKS control plane, its IAM and add-ons. */
export class ClusterStack extends StageStack {
  readonly outputs!: ClusterOutputs;

  constructor(scope: Construct, plan: DeploymentPlan, readonly infra: InfraOutputs) {
    super(scope, plan, "cluster");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");
  }
}
