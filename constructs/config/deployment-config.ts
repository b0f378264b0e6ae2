/** A deployment with every default applied and its node pools resolved: what the stages are built from. */
import type { NodePoolConfig } from "./node-pools";
import type { ParsedDeployment } from "./schema";

export type DeploymentConfig = Omit<ParsedDeployment, "nodePools" | "$schema" | "fargateProfiles"> & {
  readonly nodePools: readonly NodePoolConfig[];
};
