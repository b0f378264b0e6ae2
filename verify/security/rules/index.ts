/** The security policy: every rule, in report order. */
import { SecurityRule } from "../context";
import { COMPUTE_RULES } from "./compute";
import { ENCRYPTION_RULES } from "./encryption";
import { IAM_RULES } from "./iam";
import { NETWORK_RULES } from "./ingress";
import { LIFECYCLE_RULES } from "./lifecycle";
import { PARTITION_RULES } from "./partition";
import { S3_RULES } from "./s3";

export const SECURITY_RULES: readonly SecurityRule[] = [
  ...S3_RULES,
  ...ENCRYPTION_RULES,
  ...COMPUTE_RULES,
  ...NETWORK_RULES,
  ...IAM_RULES,
  ...PARTITION_RULES,
  ...LIFECYCLE_RULES,
];

/** Rule ids and rationales, e.g. for generating or checking the README's rule table. */
export function describeRules(): Array<{ id: string; rationale: string }> {
  return SECURITY_RULES.map(({ id, rationale }) => ({ id, rationale }));
}
