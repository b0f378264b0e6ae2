/** The deployment config's waivers, by stack: each deployment's waivers cover its four stacks. */
import { STAGES, stackName } from "../config/naming";
import type { DeploymentConfig } from "../config/load";
import type { Waiver } from "./waivers";

export function waiversByStackFromConfig(configs: readonly DeploymentConfig[]): Record<string, readonly Waiver[]> {
  const out: Record<string, readonly Waiver[]> = {};
  for (const config of configs) {
    for (const stage of STAGES) out[stackName(config.deployId, stage)] = config.waivers;
  }
  return out;
}
