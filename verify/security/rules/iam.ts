/**
 * Least-privilege IAM: no Allow of every action, and no mutating action on every resource without a condition.
 * Statements come from JSON `policy` strings or from `data.aws_iam_policy_document` blocks.
 */
import { asList, formatPath, isObject, PathSegment } from "../../json";
import { TerraformBlock } from "../../stacks";
import { dataSourcesOfType, RuleContext, SecurityRule, StackIndex, Violation } from "../context";
import { PolicyStatement, statementsFromPolicyDocument, statementsFromPolicyJson } from "../iam-policy";
import { parseReference } from "../references";

/** Key policies may use Resource "*" (it means "this key"); trust policies have no Resource at all. */
type PolicyUse = "permissions" | "key" | "trust";

const KEY_POLICY_TYPES = new Set(["aws_kms_key", "aws_kms_key_policy", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"]);

interface PolicyAttribute {
  readonly block: TerraformBlock;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
  readonly use: PolicyUse;
}

function policyAttributes(stack: StackIndex): PolicyAttribute[] {
  return stack.blocks
    .filter((block) => block.mode === "resource" && block.type.startsWith("aws_"))
    .flatMap((block) => {
      const { policy, assume_role_policy: trust, inline_policy: inline } = block.body;
      const attributes: PolicyAttribute[] = [];
      if (policy !== undefined) attributes.push({ block, path: ["policy"], value: policy, use: KEY_POLICY_TYPES.has(block.type) ? "key" : "permissions" });
      if (trust !== undefined) attributes.push({ block, path: ["assume_role_policy"], value: trust, use: "trust" });
      asList(inline).forEach((item, index) => {
        const path = [...(Array.isArray(inline) ? ["inline_policy", index] : ["inline_policy"]), "policy"];
        if (isObject(item) && item.policy !== undefined) attributes.push({ block, path, value: item.policy, use: "permissions" });
      });
      return attributes;
    });
}

/** A statement to check, located at `address` + `path`, with whether Resource "*" is legitimate there. */
interface LocatedStatement {
  readonly address: string;
  readonly path: readonly PathSegment[];
  readonly statement: PolicyStatement;
  readonly resourceWildcardAllowed: boolean;
}

/** Literal JSON policies are checked where they are written; policy documents once, at the data source. */
function statementsToCheck(stack: StackIndex): LocatedStatement[] {
  const documentUses = new Map<string, PolicyUse[]>();
  const literal = policyAttributes(stack).flatMap((attribute): LocatedStatement[] => {
    const reference = parseReference(attribute.value);
    if (reference !== undefined) {
      documentUses.set(reference.address, [...(documentUses.get(reference.address) ?? []), attribute.use]);
      return [];
    }
    const statements = typeof attribute.value === "string" ? statementsFromPolicyJson(attribute.value) : undefined;
    return (statements ?? []).map((statement) => ({
      address: attribute.block.address,
      path: [...attribute.path, ...statement.path],
      statement,
      resourceWildcardAllowed: attribute.use !== "permissions",
    }));
  });
  const documents = dataSourcesOfType(stack, "aws_iam_policy_document").flatMap((document) => {
    const uses = documentUses.get(document.address) ?? [];
    const exempt = uses.length > 0 && uses.every((use) => use !== "permissions");
    return statementsFromPolicyDocument(document.body).map((statement) => ({
      address: document.address,
      path: statement.path,
      statement,
      resourceWildcardAllowed: exempt,
    }));
  });
  return [...literal, ...documents];
}

const isFullWildcard = (action: string): boolean => action === "*" || action === "*:*";

/** Verbs of read-only API actions; an action (or action pattern) starting with one of them mutates nothing. */
const READ_ONLY_VERBS = ["Describe", "Get", "List", "BatchGet", "Head", "Search", "Lookup", "Query", "Scan", "Select", "View"];

export function isReadOnlyAction(action: string): boolean {
  const name = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
  return READ_ONLY_VERBS.some((verb) => name.startsWith(verb));
}

const actionsPath = (located: LocatedStatement): string => formatPath([...located.path, located.statement.keys.actions]);

function wildcardViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow") return [];
  if (statement.notActions.length > 0) {
    const path = formatPath([...located.path, statement.keys.actions === "Action" ? "NotAction" : "not_actions"]);
    return [{ address: located.address, path, message: "Allow with NotAction grants every action not listed" }];
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
  return (context: RuleContext): Violation[] => statementsToCheck(context.stack).flatMap(check);
}

const noWildcardAction: SecurityRule = {
  id: "IAM_NO_WILDCARD_ACTION",
  rationale: 'Allowing Action "*" (or NotAction) grants administrator-level rights, far beyond what any component needs.',
  check: checkStatements(wildcardViolations),
};

const noUnscopedMutation: SecurityRule = {
  id: "IAM_NO_UNSCOPED_MUTATION",
  rationale: 'Mutating actions on Resource "*" must be scoped by ARN or by a condition (KMS key policies are exempt).',
  check: checkStatements(unscopedMutationViolations),
};

export const IAM_RULES: readonly SecurityRule[] = [noWildcardAction, noUnscopedMutation];
