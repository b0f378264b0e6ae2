import type { Construct } from "constructs";
import type { DeploymentPlan } from "../config/plan";
import { awsProvider } from "../core/aws-provider";
import { StageStack } from "../core/stage-stack";
import type { InfraOutputs } from "./outputs";

/** Stage 1: everything the cluster stands on. */
export class InfraStack extends StageStack {
  readonly outputs!: InfraOutputs;

  constructor(scope: Construct, plan: DeploymentPlan) {
    super(scope, plan, "infra");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");
  }
}
