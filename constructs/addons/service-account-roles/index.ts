/**
 * Custom service-account roles, as one add-on: for each `serviceAccountRoles` entry an IAM role named
 * `<deployId>-<name>` that one Kubernetes service account may use, through IRSA (the cluster's OIDC provider) or EKS
 * Pod Identity (an association; the eks-pod-identity-agent add-on must be installed), with the entry's inline
 * statements and managed policies. Their ARNs are published in the cluster stage's `service_account_role_arns` output
 * (by name) and travel to the k8s stage in `irsa_role_arns` under `custom-<name>`; `domino_config` lists them.
 */
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { iamName } from "../../config/naming";
import type { ClusterAddonContext, ClusterContribution, DominoAddon, InstallerValuesContext } from "../addon";
import { requireRoleArn } from "../role-arns";
import { CUSTOM_POLICIES_SCOPE, customRolePurpose, POD_IDENTITY_AGENT, SERVICE_ACCOUNT_ROLE_ARNS_OUTPUT } from "./defaults";
import { ServiceAccountRolePolicy } from "./policy";
import { builtInRoleNameRules, serviceAccountRoleRules } from "./rules";

export { customRolePurpose, SERVICE_ACCOUNT_ROLE_ARNS_OUTPUT } from "./defaults";
export { ServiceAccountRolePolicy, serviceAccountRoleStatements } from "./policy";
export { serviceAccountRoleRules } from "./rules";
export type { ServiceAccountRoleConfig } from "./schema";

export class ServiceAccountRolesAddon implements DominoAddon {
  readonly name = "service-account-roles";
  readonly rules = [serviceAccountRoleRules, builtInRoleNameRules];

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const roles = ctx.plan.config.serviceAccountRoles;
    const arns: Record<string, string> = {};
    const policies = roles.some((r) => r.policyStatements.length > 0) ? new Construct(ctx.irsaScope, CUSTOM_POLICIES_SCOPE) : undefined;
    for (const role of roles) {
      const request = {
        roleName: iamName(ctx.plan.deployId, role.name),
        namespace: role.namespace,
        serviceAccount: role.serviceAccount,
        managedPolicyArns: role.managedPolicyArns,
        ...(policies && role.policyStatements.length > 0 ? { inlinePolicies: { [role.name]: new ServiceAccountRolePolicy(policies, role.name, role).json } } : {}),
      };
      const id = customRolePurpose(role.name);
      arns[role.name] = role.mode === "pod-identity" ? ctx.podIdentityRole(id, request) : ctx.serviceAccountRole(id, request);
    }
    new TerraformOutput(ctx.scope, SERVICE_ACCOUNT_ROLE_ARNS_OUTPUT, {
      value: arns,
      description: "the IAM role ARNs of serviceAccountRoles, by name",
    });
    return {
      roleArns: Object.fromEntries(Object.entries(arns).map(([name, arn]) => [customRolePurpose(name), arn])),
      ...(roles.some((r) => r.mode === "pod-identity") ? { requiresEksAddons: [POD_IDENTITY_AGENT] } : {}),
    };
  }

  installerValues(ctx: InstallerValuesContext): Record<string, unknown> {
    return {
      serviceAccountRoles: ctx.plan.config.serviceAccountRoles.map((role) => ({
        name: role.name,
        namespace: role.namespace,
        serviceAccount: role.serviceAccount,
        mode: role.mode,
        roleArn: requireRoleArn(ctx.cluster, customRolePurpose(role.name)),
      })),
    };
  }
}
