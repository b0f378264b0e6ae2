/** Builds the CDKTF app of the config file's deployments: one DominoDeployment each, in file order. */
import { App } from "cdktf";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import { DominoDeployment } from "../constructs/deployment";

export function buildApp(configs: readonly DeploymentConfig[], outdir?: string): { app: App; deployments: DominoDeployment[] } {
  const app = new App(outdir ? { outdir } : {});
  return { app, deployments: configs.map((c) => DominoDeployment.fromConfig(app, c)) };
}
