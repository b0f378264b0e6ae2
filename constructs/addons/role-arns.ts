import type { ClusterOutputs } from "../core/stage-outputs";

/** The cluster stage's role of `purpose` (an add-on's own IRSA role), or a clear error when that stage made none. */
export function requireRoleArn(cluster: ClusterOutputs, purpose: string): string {
  const arn = cluster.irsaRoleArns[purpose];
  if (arn === undefined) throw new Error(`the cluster stage has no ${purpose} IRSA role`);
  return arn;
}
