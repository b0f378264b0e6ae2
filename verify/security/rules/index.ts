/** The security policy: every rule, in report order. */
import { isDefaultEnabled, SecurityRule } from "../context";
import { COMPUTE_RULES } from "./compute";
import { ENCRYPTION_RULES } from "./encryption";
import { IAM_RULES } from "./iam";
import { NETWORK_RULES } from "./ingress";
import { INSTANCE_RULES } from "./instances";
import { KUBERNETES_RULES } from "./kubernetes";
import { LIFECYCLE_RULES } from "./lifecycle";
import { LOGGING_RULES } from "./logging";
import { MESSAGING_RULES } from "./messaging";
import { VPC_RULES } from "./network";
import { PARTITION_RULES } from "./partition";
import { S3_RULES } from "./s3";
import { STORAGE_RULES } from "./storage";
import { TRUST_RULES } from "./trust";

/** For the config rules of kms.additionalPolicyStatements: the same test of a wildcard principal's condition. */
export { bindsCaller, CALLER_CONDITION_KEYS } from "./trust";

export const SECURITY_RULES: readonly SecurityRule[] = [
  ...S3_RULES,
  ...ENCRYPTION_RULES,
  ...STORAGE_RULES,
  ...MESSAGING_RULES,
  ...COMPUTE_RULES,
  ...INSTANCE_RULES,
  ...NETWORK_RULES,
  ...VPC_RULES,
  ...LOGGING_RULES,
  ...IAM_RULES,
  ...TRUST_RULES,
  ...KUBERNETES_RULES,
  ...PARTITION_RULES,
  ...LIFECYCLE_RULES,
];

export interface RuleDescription {
  readonly id: string;
  readonly rationale: string;
  readonly checkov: readonly string[];
  readonly trivy: readonly string[];
  readonly defaultEnabled: boolean;
}

/** Rule ids, rationales, the checkov and trivy ids they stand for and whether they run by default (README, --list-rules). */
export function describeRules(): RuleDescription[] {
  return SECURITY_RULES.map((rule) => ({
    id: rule.id,
    rationale: rule.rationale,
    checkov: rule.checkov,
    trivy: rule.trivy,
    defaultEnabled: isDefaultEnabled(rule),
  }));
}

/** One line per rule: `ID [off by default] (checkov CKV_AWS_1, ...; trivy AVD-AWS-0001, ...): rationale`. */
export function formatRuleList(): string {
  const ids = (label: string, list: readonly string[]) => `${label} ${list.length === 0 ? "-" : list.join(", ")}`;
  return describeRules()
    .map((rule) => `${rule.id}${rule.defaultEnabled ? "" : " [off by default]"} (${ids("checkov", rule.checkov)}; ${ids("trivy", rule.trivy)}): ${rule.rationale}`)
    .join("\n");
}

/** The README's rule table row for a rule: `| \`ID\` | rationale | checkov | trivy |`. */
export function readmeRuleRow(rule: RuleDescription): string {
  const ids = (list: readonly string[]) => (list.length === 0 ? "-" : list.join(", "));
  const what = rule.defaultEnabled ? rule.rationale : `${rule.rationale} **Off by default** (\`--rule ${rule.id}\`).`;
  return `| \`${rule.id}\` | ${what} | ${ids(rule.checkov)} | ${ids(rule.trivy)} |`;
}
