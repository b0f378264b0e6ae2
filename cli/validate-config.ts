/**
 * What the deployment config tells the checks, by stack: each deployment's waivers, and the ARNs the user wrote into
 * it (a brought KMS key, admin roles, the state key, the policies and resources of serviceAccountRoles), which name
 * their partition on purpose.
 */
import { STAGES, stackName } from "../constructs/config/naming";
import type { DeploymentConfig } from "../constructs/config/deployment-config";
import type { Waiver } from "../verify/waivers";

export interface ConfigVerifyOptions {
  readonly waiversByStack: Record<string, readonly Waiver[]>;
  readonly userArnsByStack: Record<string, readonly string[]>;
}

export function userSuppliedArns(config: DeploymentConfig): string[] {
  const backendKey = config.backend.type === "s3" ? config.backend.kmsKeyId : undefined;
  // serviceAccountRoles: the managed policies and the statements' resources are ARNs the user wrote, partition and all.
  const roleArns = config.serviceAccountRoles.flatMap((role) => [...role.managedPolicyArns, ...role.policyStatements.flatMap((s) => s.resources)]);
  // A pool's capacity reservation group: the user's ARN, its partition checked against the region (rules.ts).
  const reservationGroups = Object.values(config.nodePools).map((pool) => {
    const reservation = pool.capacityReservation;
    return reservation && "resourceGroupArn" in reservation ? reservation.resourceGroupArn : undefined;
  });
  return [config.kms.keyArn, ...config.access.adminRoleArns, backendKey, ...roleArns, ...reservationGroups].filter((v): v is string => !!v && v.startsWith("arn:"));
}

export function verifyOptionsFromConfig(configs: readonly DeploymentConfig[]): ConfigVerifyOptions {
  const waiversByStack: Record<string, readonly Waiver[]> = {};
  const userArnsByStack: Record<string, readonly string[]> = {};
  for (const config of configs) {
    for (const stage of STAGES) {
      waiversByStack[stackName(config.deployId, stage)] = config.waivers;
      userArnsByStack[stackName(config.deployId, stage)] = userSuppliedArns(config);
    }
  }
  return { waiversByStack, userArnsByStack };
}
