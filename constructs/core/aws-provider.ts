import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { DeploymentPlan } from "../config/plan";

/**
 * The stage's AWS provider: the deployment's region, its tags on every resource that takes tags, and `aws.*`: FIPS
 * endpoints (use_fips_endpoint) and the tags another system manages (ignore_tags). Every stage with AWS resources
 * makes its provider here, so each setting reaches every stack.
 */
export function awsProvider(scope: Construct, plan: DeploymentPlan): AwsProvider {
  const { useFipsEndpoints, ignoreTags } = plan.config.aws;
  const ignoring = ignoreTags.keys.length > 0 || ignoreTags.keyPrefixes.length > 0;
  return new AwsProvider(scope, "aws", {
    region: plan.region,
    defaultTags: [{ tags: { ...plan.tags } }],
    ...(useFipsEndpoints ? { useFipsEndpoint: true } : {}),
    ...(ignoring
      ? {
          ignoreTags: [{
            ...(ignoreTags.keys.length > 0 ? { keys: [...ignoreTags.keys] } : {}),
            ...(ignoreTags.keyPrefixes.length > 0 ? { keyPrefixes: [...ignoreTags.keyPrefixes] } : {}),
          }],
        }
      : {}),
  });
}
