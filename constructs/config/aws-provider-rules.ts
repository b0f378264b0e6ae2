/** The cross-field rules of the `aws` field (the AWS provider's settings, config/schema.ts), run with the spec's rules. */
import { FIPS_ENDPOINT_REGIONS } from "./aws-facts";
import { KARPENTER_DISCOVERY_TAG_KEY, PLATFORM_POOL } from "./defaults";
import { clusterName } from "./naming";
import { DEPLOY_ID_TAG } from "./plan";
import { joinPath, type Problem } from "./problems";
import type { ParsedDeployment } from "./schema";

/** Tag keys the stacks set on resources themselves (besides the deployment's tags): ignoring one would drop it. */
export function projectTagKeys(d: Pick<ParsedDeployment, "deployId" | "tags"> & Partial<Pick<ParsedDeployment, "autoscaling" | "nodePools">>): string[] {
  const karpenter = d.autoscaling?.compute === "karpenter" || Object.entries(d.nodePools ?? {}).some(([name, p]) => name !== PLATFORM_POOL && p.scaler === "karpenter");
  return [
    ...Object.keys(d.tags),
    DEPLOY_ID_TAG,
    "Name",
    "kubernetes.io/role/elb",
    "kubernetes.io/role/internal-elb",
    `kubernetes.io/cluster/${clusterName(d.deployId)}`,
    // On the node security group, for Karpenter's EC2NodeClasses.
    ...(karpenter ? [KARPENTER_DISCOVERY_TAG_KEY] : []),
  ];
}

/**
 * FIPS endpoints only where AWS has them; ignore_tags never covering a tag the stacks set (the provider would stop
 * setting it, and subnet discovery or cost reports would lose it); no key or prefix listed twice.
 */
// Typed without rules.ts's Rule (which would make an import cycle); it is one.
export const awsProviderRules = ({ deployment: d }: { readonly deployment: ParsedDeployment }): Problem[] => {
  const out: Problem[] = [];
  if (d.aws.useFipsEndpoints && !FIPS_ENDPOINT_REGIONS.includes(d.region)) {
    out.push({
      path: "aws.useFipsEndpoints",
      message: `AWS has no FIPS endpoints for EKS and the other services the stacks call in ${d.region}, so their API calls would fail; they all have them in ${FIPS_ENDPOINT_REGIONS.join(", ")}: deploy there, or leave useFipsEndpoints false`,
    });
  }
  const own = projectTagKeys(d);
  const ignore = d.aws.ignoreTags;
  const check = (field: "keys" | "keyPrefixes", matches: (value: string, key: string) => boolean) => {
    const seen = new Set<string>();
    ignore[field].forEach((value, i) => {
      const path = joinPath(["aws", "ignoreTags", field, i]);
      if (seen.has(value)) out.push({ path, message: `${value} is listed twice` });
      seen.add(value);
      const hit = own.find((key) => matches(value, key));
      if (hit) {
        out.push({ path, message: `${field === "keys" ? "is" : "covers"} ${hit}, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets` });
      }
    });
  };
  check("keys", (value, key) => value === key);
  check("keyPrefixes", (value, key) => key.startsWith(value));
  return out;
};
