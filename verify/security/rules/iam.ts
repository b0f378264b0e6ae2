/**
 * Least-privilege IAM: no Allow of every action, no mutating action on every resource without a condition, no
 * privilege-escalation action, no AWS-managed administrator policy. Statements come from JSON `policy` strings or
 * from `data.aws_iam_policy_document` blocks.
 */
import { asList, formatPath } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, Violation } from "../context";
import { grantsAction } from "../iam-policy";
import { LocatedStatement, locatedStatements } from "../policies";

const isFullWildcard = (action: string): boolean => action === "*" || action === "*:*";

/** Verbs of read-only API actions; an action (or action pattern) starting with one of them mutates nothing. */
const READ_ONLY_VERBS = ["Describe", "Get", "List", "BatchGet", "Head", "Search", "Lookup", "Query", "Scan", "Select", "View"];

export function isReadOnlyAction(action: string): boolean {
  const name = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
  return READ_ONLY_VERBS.some((verb) => name.startsWith(verb));
}

const actionsPath = (located: LocatedStatement): string => formatPath([...located.path, located.statement.keys.actions]);
const notActionsPath = (located: LocatedStatement): string =>
  formatPath([...located.path, located.statement.keys.actions === "Action" ? "NotAction" : "not_actions"]);

function wildcardViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow") return [];
  if (statement.notActions.length > 0) {
    return [{ address: located.address, path: notActionsPath(located), message: "Allow with NotAction grants every action not listed" }];
  }
  const wildcard = statement.actions.find(isFullWildcard);
  if (wildcard === undefined) return [];
  return [{ address: located.address, path: actionsPath(located), message: `Allow statement grants every action (${JSON.stringify(wildcard)})` }];
}

function unscopedMutationViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (located.resourceWildcardAllowed || statement.effect !== "Allow" || statement.conditions.length > 0) return [];
  if (!statement.resources.includes("*")) return [];
  // Full wildcards are already reported by IAM_NO_WILDCARD_ACTION.
  const mutating = statement.actions.filter((action) => !isFullWildcard(action) && !isReadOnlyAction(action));
  if (mutating.length === 0) return [];
  const shown = mutating.length > 5 ? `${mutating.slice(0, 5).join(", ")}, ... (${mutating.length} in all)` : mutating.join(", ");
  const message = `mutating actions on Resource "*" without a condition: ${shown}`;
  return [{ address: located.address, path: actionsPath(located), message }];
}

function checkStatements(check: (located: LocatedStatement) => Violation[]) {
  return (context: RuleContext): Violation[] => locatedStatements(context.stack).flatMap(check);
}

const noWildcardAction: SecurityRule = {
  id: "IAM_NO_WILDCARD_ACTION",
  rationale: 'Allowing Action "*" (or NotAction) grants administrator-level rights, far beyond what any component needs.',
  checkov: ["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63"],
  trivy: ["AVD-AWS-0057"],
  check: checkStatements(wildcardViolations),
};

const noUnscopedMutation: SecurityRule = {
  id: "IAM_NO_UNSCOPED_MUTATION",
  rationale: 'Mutating actions on Resource "*" must be scoped by ARN or by a condition (KMS key policies are exempt).',
  checkov: ["CKV_AWS_290", "CKV_AWS_355"],
  trivy: ["AVD-AWS-0057"],
  check: checkStatements(unscopedMutationViolations),
};

/** Actions that let a principal give itself (or a role it can use) more rights, whatever resource they name. */
const ESCALATION_ANYWHERE = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"];
/** Actions that escalate when allowed on every role, user, group or policy. */
const ESCALATION_ON_ALL = [
  "iam:PassRole",
  "iam:AttachRolePolicy",
  "iam:AttachUserPolicy",
  "iam:AttachGroupPolicy",
  "iam:PutRolePolicy",
  "iam:PutUserPolicy",
  "iam:PutGroupPolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:CreateAccessKey",
  "iam:CreateLoginProfile",
  "iam:UpdateLoginProfile",
];

/** `*`, `arn:...:iam::<account>:role/*` and the like: every resource of a kind. */
function isAllResources(resource: string): boolean {
  return resource === "*" || /:\*$/.test(resource) || /:(role|user|group|policy)\/(\*|.*\/\*)$/.test(resource);
}

function escalationViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow" || located.uses.some((use) => use === "key" || use === "trust")) return [];
  const iamWildcard = statement.actions.filter((action) => /^(\*|\*:\*|iam:\*)$/i.test(action));
  const onAll = statement.resources.length === 0 || statement.resources.some(isAllResources);
  const granted = [
    ...ESCALATION_ANYWHERE.filter((action) => grantsAction(statement, action)),
    ...(onAll ? ESCALATION_ON_ALL.filter((action) => grantsAction(statement, action)) : []),
  ];
  if (granted.length === 0 && iamWildcard.length === 0) return [];
  const path = statement.notActions.length > 0 ? notActionsPath(located) : actionsPath(located);
  const via = iamWildcard.length > 0 ? ` (through ${iamWildcard.map((a) => JSON.stringify(a)).join(", ")})` : "";
  const shown = granted.length > 4 ? `${granted.slice(0, 4).join(", ")}, ... (${granted.length} in all)` : granted.join(", ");
  return [{ address: located.address, path, message: `privilege escalation: grants ${shown}${via}` }];
}

const privilegeEscalation: SecurityRule = {
  id: "IAM_PRIVILEGE_ESCALATION",
  rationale:
    "iam:PassRole or policy attach/put on every role, iam:CreatePolicyVersion, iam:* or * let a component grant itself admin; conditions do not exempt them.",
  checkov: ["CKV_AWS_286"],
  trivy: [],
  check: checkStatements(escalationViolations),
};

/** AWS-managed policies that amount to administrator rights: `AdministratorAccess*`, `PowerUserAccess`, `*FullAccess`. */
const ADMIN_MANAGED_POLICY = /:iam::aws:policy\/(?:[^/]+\/)*(AdministratorAccess(?:-[A-Za-z0-9]+)?|PowerUserAccess|[A-Za-z0-9_-]*FullAccess(?:[-_][A-Za-z0-9]+)*)$/;

const POLICY_ARN_ATTRIBUTES: ReadonlyArray<readonly [type: string, attribute: string]> = [
  ["aws_iam_role_policy_attachment", "policy_arn"],
  ["aws_iam_user_policy_attachment", "policy_arn"],
  ["aws_iam_group_policy_attachment", "policy_arn"],
  ["aws_iam_policy_attachment", "policy_arn"],
  ["aws_iam_role", "managed_policy_arns"],
  ["aws_iam_role_policy_attachments_exclusive", "policy_arns"],
  ["aws_iam_user_policy_attachments_exclusive", "policy_arns"],
  ["aws_iam_group_policy_attachments_exclusive", "policy_arns"],
];

function adminPolicyViolations(block: TerraformBlock, attribute: string): Violation[] {
  const value = block.body[attribute];
  return asList(value).flatMap((arn, index): Violation[] => {
    const match = typeof arn === "string" ? ADMIN_MANAGED_POLICY.exec(arn) : null;
    if (match === null) return [];
    const path = Array.isArray(value) ? formatPath([attribute, index]) : attribute;
    return [{ address: block.address, path, message: `AWS-managed policy ${match[1]} grants administrator-level or full-service rights` }];
  });
}

const noAdminManagedPolicy: SecurityRule = {
  id: "NO_ADMIN_MANAGED_POLICY",
  rationale: "AdministratorAccess, PowerUserAccess, IAMFullAccess and *FullAccess managed policies grant far more than any Domino component needs.",
  checkov: ["CKV_AWS_274"],
  trivy: [],
  check: (context) =>
    POLICY_ARN_ATTRIBUTES.flatMap(([type, attribute]) => resourcesOfType(context.stack, type).flatMap((block) => adminPolicyViolations(block, attribute))),
};

export const IAM_RULES: readonly SecurityRule[] = [noWildcardAction, noUnscopedMutation, privilegeEscalation, noAdminManagedPolicy];
