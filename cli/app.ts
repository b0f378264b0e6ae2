/** Builds the CDKTF app of the config file's deployments: one DominoDeployment each, in file order. */
import { App } from "cdktf";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { DominoDeployment, type DominoDeploymentOptions } from "../constructs/deployment";

export function buildApp(
  configs: readonly DeploymentConfig[],
  outdir?: string,
  optionsOf: (config: DeploymentConfig) => DominoDeploymentOptions = () => ({}),
): { app: App; deployments: DominoDeployment[] } {
  // No stack trace per construct in the metadata: capturing them is a tenth of synth time, and nothing reads them.
  const app = new App({ ...(outdir ? { outdir } : {}), stackTraces: false });
  return { app, deployments: configs.map((c) => DominoDeployment.fromConfig(app, c, optionsOf(c))) };
}
