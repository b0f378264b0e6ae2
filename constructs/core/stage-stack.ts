/** A stage of one deployment: its own stack, state and providers. */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { DeploymentPlan } from "../config/plan";
import type { Stage } from "../config/naming";
import { addBackend } from "./backend";
import { MIGRATIONS } from "./migrations";
import { addMovedBlock } from "./moved";

export type ProviderName = "aws" | "kubernetes" | "helm";

export abstract class StageStack extends TerraformStack {
  protected constructor(
    scope: Construct,
    readonly plan: DeploymentPlan,
    readonly stage: Stage,
  ) {
    super(scope, plan.stacks[stage]);
    addBackend(this, plan.stacks[stage], plan.config.backend);
    // Renamed constructs keep their resources: a moved block per migration of this stage (see ./migrations.ts).
    for (const m of MIGRATIONS) if (m.stage === stage) addMovedBlock(this, m.from, m.to);
  }

  /** The prebuilt bindings pin exact provider versions; users get the config's (relaxed) constraint instead. */
  protected relaxProviderVersion(provider: ProviderName): void {
    this.addOverride(`terraform.required_providers.${provider}.source`, `hashicorp/${provider}`);
    this.addOverride(`terraform.required_providers.${provider}.version`, this.plan.config.providers[provider]);
  }
}
