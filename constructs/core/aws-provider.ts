import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { DeploymentPlan } from "../config/plan";

/** The stage's AWS provider: the deployment's region, and its tags on every resource that takes tags. */
export function awsProvider(scope: Construct, plan: DeploymentPlan): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: plan.region,
    defaultTags: [{ tags: { ...plan.tags } }],
  });
}
