/**
 * Where the deployment's customer-managed KMS key comes from: created here (rotation, alias, a key policy for the
 * services that use it), or an existing key named by ARN. A consumer can hand in its own (`DominoDeployment` option
 * `kmsKey`).
 */
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { Construct } from "constructs";
import { karpenterNames } from "../config/naming";
import type { DeploymentPlan } from "../config/plan";
import type { Account } from "./account";
import { DeploymentKey } from "./kms-key";

export interface KeyProviderContext {
  readonly plan: DeploymentPlan;
  readonly account: Account;
}

export interface ProvidedKey {
  readonly keyArn: string;
  readonly keyId: string;
}

export interface KeyProvider {
  /** Creates or looks up the key in `scope` (the infra stack). Construct ids chosen here are Terraform addresses. */
  provide(scope: Construct, context: KeyProviderContext): ProvidedKey;
}

/** A key per deployment, protected from destroy. */
export class CreateKeyProvider implements KeyProvider {
  provide(scope: Construct, { plan, account }: KeyProviderContext): ProvidedKey {
    return new DeploymentKey(scope, "kms", {
      account,
      deployId: plan.deployId,
      alias: plan.names.kmsAlias,
      logGroupNames: plan.names.logGroups,
      additionalStatements: plan.config.kms.additionalPolicyStatements,
      ...(plan.karpenterPools.length > 0 ? { eventBridgeRuleNames: Object.values(karpenterNames(plan.deployId).rules) } : {}),
    });
  }
}

/** A key made elsewhere (`kms.keyArn`): looked up, never created or changed. Its policy must let the services use it. */
export class ExistingKeyProvider implements KeyProvider {
  constructor(private readonly keyArn: string) {}

  provide(scope: Construct): ProvidedKey {
    const holder = new Construct(scope, "kms");
    const key = new DataAwsKmsKey(holder, "existing", { keyId: this.keyArn });
    return { keyArn: key.arn, keyId: key.id };
  }
}

/** The provider the config asks for: `kms.keyArn`, else a created key. */
export function keyProviderOf(plan: DeploymentPlan): KeyProvider {
  return plan.config.kms.keyArn ? new ExistingKeyProvider(plan.config.kms.keyArn) : new CreateKeyProvider();
}
