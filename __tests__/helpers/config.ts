import * as fs from "fs";
import * as path from "path";
import { parseConfig, type DeploymentConfig } from "../../cli/config-file";
import { planDeployment, type DeploymentPlan } from "../../constructs/config/plan";
import { ConfigError, formatProblem } from "../../constructs/config/problems";

export function configOf(yaml: string): DeploymentConfig {
  return parseConfig(yaml, "test.yaml")[0];
}

export function planOf(yaml = "{}"): DeploymentPlan {
  return planDeployment(configOf(yaml));
}

/** The problem lines a config produces ([] when it is valid). */
export function problemsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, "test.yaml");
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
}

/** The text of `examples/<name>`. */
export function exampleYaml(name: string): string {
  return fs.readFileSync(path.join(__dirname, "../../examples", name), "utf8");
}
