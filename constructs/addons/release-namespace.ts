import type { ITerraformDependable } from "cdktf";
import type { K8sAddonContext } from "./addon";

/**
 * What a Helm release into `namespace` waits for: the stage's namespaces when it creates them (`namespaces.create`)
 * and `namespace` is one of Domino's three; otherwise none, and the release creates its namespace itself.
 */
export function releaseNamespaceDependencies(ctx: K8sAddonContext, namespace: string): readonly ITerraformDependable[] {
  const n = ctx.plan.config.namespaces;
  return n.create && [n.platform, n.compute, n.system].includes(namespace) ? ctx.namespaces : [];
}
