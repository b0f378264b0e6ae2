import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";

/**
 * A workload role's policies, in `scope` beside the role: `managed-<i>` attachments and `inline-<name>` policies (those
 * ids are part of the Terraform addresses of IrsaRole and PodIdentityRole).
 */
export function attachRolePolicies(
  scope: Construct,
  role: IamRole,
  managedPolicyArns: readonly string[] = [],
  inlinePolicies: Readonly<Record<string, string>> = {},
): void {
  managedPolicyArns.forEach((policyArn, i) => {
    new IamRolePolicyAttachment(scope, `managed-${i}`, { role: role.name, policyArn });
  });
  for (const [name, policy] of Object.entries(inlinePolicies)) {
    new IamRolePolicy(scope, `inline-${name}`, { name, role: role.id, policy });
  }
}
