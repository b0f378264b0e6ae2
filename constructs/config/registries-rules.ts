/** The cross-field rules of the `registries` field (config/registries.ts), run with the spec's rules. */
import { joinPath, type Problem } from "./problems";
import { PULL_THROUGH_UPSTREAMS } from "./registries";
import type { ParsedDeployment } from "./schema";

/**
 * The cross-field rules of `registries`: credentials where an upstream needs them (and only there), one rule per
 * upstream and prefix, no prefix over the deployment's own ECR repositories (`<deployId>/...`).
 */
// Typed without rules.ts's Rule (which would make an import cycle); it is one.
export const registriesRules = ({ deployment: d }: { readonly deployment: ParsedDeployment }): Problem[] => {
  const out: Problem[] = [];
  const at = (...path: PropertyKey[]) => joinPath(["registries", "pullThroughCache", ...path]);
  const cache = d.registries.pullThroughCache;
  if (!cache.enabled && cache.rules !== undefined) {
    out.push({ path: at("rules"), message: "is set but pullThroughCache.enabled is false: set enabled: true, or leave rules out" });
  }
  const upstreams = new Map<string, number>();
  const prefixes = new Map<string, number>();
  (cache.rules ?? []).forEach((rule, i) => {
    const info = PULL_THROUGH_UPSTREAMS[rule.upstream];
    if (info.needsCredential && !rule.credentialArn) {
      out.push({ path: at("rules", i, "credentialArn"), message: `is required for ${rule.upstream}: ECR caches it only with a Secrets Manager secret (name starting with ecr-pullthroughcache/) holding its username and access token` });
    }
    if (!info.needsCredential && rule.credentialArn) {
      out.push({ path: at("rules", i, "credentialArn"), message: `must be left out for ${rule.upstream}, a public registry ECR caches without credentials` });
    }
    const seen = upstreams.get(rule.upstream);
    if (seen !== undefined) out.push({ path: at("rules", i, "upstream"), message: `${rule.upstream} is already cached by rules[${seen}]` });
    else upstreams.set(rule.upstream, i);
    const prefix = rule.prefix ?? info.prefix;
    const other = prefixes.get(prefix);
    if (other !== undefined) out.push({ path: at("rules", i, "prefix"), message: `${prefix} is already the prefix of rules[${other}]; each upstream needs its own prefix` });
    else prefixes.set(prefix, i);
    if (prefix === d.deployId || prefix.startsWith(`${d.deployId}/`)) {
      out.push({ path: at("rules", i, "prefix"), message: `${prefix} would take over the deployment's own ECR repositories (${d.deployId}/...); choose another prefix` });
    }
  });
  return out;
};
