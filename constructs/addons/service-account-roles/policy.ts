/** A custom service-account role's inline policy, as a typed policy document built from its configured statements. */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import type { ServiceAccountRoleConfig } from "./schema";

/** The configured statements in the provider's shape, in their order. */
export function serviceAccountRoleStatements(role: Pick<ServiceAccountRoleConfig, "policyStatements">): DataAwsIamPolicyDocumentStatement[] {
  return role.policyStatements.map((s) => ({
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    effect: s.effect,
    actions: [...s.actions],
    resources: [...s.resources],
    ...(s.conditions.length > 0 ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) } : {}),
  }));
}

/** The policy document; `json` is what the role gets inline. */
export class ServiceAccountRolePolicy extends Construct {
  readonly json: string;

  constructor(scope: Construct, id: string, role: Pick<ServiceAccountRoleConfig, "policyStatements">) {
    super(scope, id);
    this.json = new DataAwsIamPolicyDocument(this, "document", { statement: serviceAccountRoleStatements(role) }).json;
  }
}
