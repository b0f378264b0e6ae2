/**
 * `kms.additionalPolicyStatements`: statements appended to the key policy of the key this project creates, typed so
 * that every part is checked before Terraform (and KMS) sees it. The infra stage appends them after the built-in
 * statements (constructs/infra/kms-key.ts); the cross-field rules are in kms-policy-rules.ts. No cdktf imports here.
 */
import { z } from "zod";

/** The sids of the created key's own statements (constructs/infra/kms-key.ts); an added statement must not reuse one. */
export const KMS_BUILT_IN_SIDS = ["AccountAdministers", "AutoScalingUsesKey", "AutoScalingGrantsToAwsResources", "CloudWatchLogsUsesKey", "EventBridgeSendsToQueues"] as const;

/** IAM's condition operators, optionally with a set qualifier (ForAllValues:, ForAnyValue:) and the IfExists suffix. */
const CONDITION_OPERATORS = [
  "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
  "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
  "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
  "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
] as const;
const CONDITION_TEST = new RegExp(`^(ForAllValues:|ForAnyValue:)?(${CONDITION_OPERATORS.join("|")})(IfExists)?$`);
/** A condition key: `service:name`, with more `:`-separated parts for keys such as kms:EncryptionContext:aws:logs:arn. */
const CONDITION_KEY = /^[a-z0-9-]+:[A-Za-z0-9_.:/-]+$/i;
/** A KMS action, such as kms:Decrypt or kms:GenerateDataKey* (IAM wildcards * and ? allowed). */
export const KMS_ACTION = /^kms:[A-Za-z*?]+$/;
/** IAM's statement id: letters and digits only. */
const SID = /^[A-Za-z0-9]+$/;

const conditionSchema = z.strictObject({
  test: z.string().regex(CONDITION_TEST, {
    error: `must be an IAM condition operator such as StringEquals, ArnLike or Bool (optionally with ForAllValues: or ForAnyValue: before and IfExists after); operators: ${CONDITION_OPERATORS.join(", ")}`,
  }),
  variable: z.string().regex(CONDITION_KEY, { error: "must be a condition key such as aws:PrincipalOrgID, kms:ViaService or kms:CallerAccount" }),
  values: z.array(z.string().min(1, { error: "must not be empty" })).min(1, { error: "must list at least one value" }),
});

const principalSchema = z.strictObject({
  type: z.enum(["AWS", "Service", "Federated"], { error: "must be AWS, Service or Federated" }),
  identifiers: z.array(z.string().min(1, { error: "must not be empty" })).min(1, { error: "must list at least one identifier" })
    .describe("AWS: account ids, IAM ARNs of this partition, or * with a condition on the caller; Service: service principals such as logs.us-west-2.amazonaws.com; Federated: identity-provider ARNs or names"),
});

export const kmsPolicyStatementSchema = z.strictObject({
  sid: z.string().max(100, { error: "must be at most 100 characters" }).regex(SID, { error: "must be letters and digits only (IAM's statement id)" })
    .describe(`unique statement id; not one of the built-in statements' (${KMS_BUILT_IN_SIDS.join(", ")})`),
  effect: z.enum(["Allow", "Deny"], { error: "must be Allow or Deny" }).default("Allow"),
  principals: z.array(principalSchema).min(1, { error: "must list at least one principal (a key policy statement names who it applies to)" }),
  actions: z.array(z.string()).min(1, { error: "must list at least one kms: action" }).describe("KMS actions, such as kms:Decrypt or kms:GenerateDataKey*"),
  resources: z.array(z.string()).min(1, { error: "must list at least one resource; leave it out for * (this key)" }).default(["*"])
    .describe("in a key policy, * means this key (the default)"),
  conditions: z.array(conditionSchema).default([]),
});

export type KmsPolicyStatement = z.output<typeof kmsPolicyStatementSchema>;
