/**
 * IAM policy statements from either source cdktf produces: a JSON string (often with `${...}` tokens inside
 * string values, which still parses) or a `data.aws_iam_policy_document` block.
 */
import { asList, isObject, JsonObject, JsonValue, PathSegment } from "../json";
import { StackIndex } from "./context";
import { resolveReference } from "./references";

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyPrincipal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  readonly type: string;
  readonly identifiers: readonly string[];
}

export interface PolicyStatement {
  readonly effect: "Allow" | "Deny";
  readonly principals: readonly PolicyPrincipal[];
  readonly notPrincipals: readonly PolicyPrincipal[];
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly PolicyCondition[];
  /** Path of the statement inside its attribute or data source, e.g. `["Statement", 0]` or `["statement", 1]`. */
  readonly path: readonly PathSegment[];
  /** Key names used for actions/resources at `path` (`Action` vs `actions`), for precise messages. */
  readonly keys: { readonly actions: string; readonly resources: string };
}

const strings = (value: unknown): string[] => asList(value).filter((item): item is string => typeof item === "string");
const scalarStrings = (value: unknown): string[] => asList(value).map((item) => String(item));

function jsonConditions(value: JsonValue | undefined): PolicyCondition[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([test, byVariable]) =>
    isObject(byVariable) ? Object.entries(byVariable).map(([variable, values]) => ({ test, variable, values: scalarStrings(values) })) : [],
  );
}

function jsonPrincipals(value: JsonValue | undefined): PolicyPrincipal[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [{ type: value === "*" ? "*" : "AWS", identifiers: [value] }];
  if (!isObject(value)) return [];
  return Object.entries(value).map(([type, identifiers]) => ({ type, identifiers: scalarStrings(identifiers) }));
}

function documentPrincipals(value: unknown): PolicyPrincipal[] {
  return asList(value)
    .filter(isObject)
    .map((principal) => ({ type: String(principal.type), identifiers: scalarStrings(principal.identifiers) }));
}

/** Statements of a JSON policy string; undefined when it is not parseable JSON (e.g. a `${jsonencode(...)}`). */
export function statementsFromPolicyJson(text: string): PolicyStatement[] | undefined {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(policy)) return undefined;
  const statements = policy.Statement;
  return asList(statements).flatMap((statement, index) => {
    if (!isObject(statement)) return [];
    return [
      {
        effect: statement.Effect === "Deny" ? "Deny" : "Allow",
        principals: jsonPrincipals(statement.Principal),
        notPrincipals: jsonPrincipals(statement.NotPrincipal),
        actions: strings(statement.Action),
        notActions: strings(statement.NotAction),
        resources: strings(statement.Resource),
        conditions: jsonConditions(statement.Condition),
        path: Array.isArray(statements) ? ["Statement", index] : ["Statement"],
        keys: { actions: "Action", resources: "Resource" },
      },
    ];
  });
}

/** Statements of a `data.aws_iam_policy_document` body (effect defaults to Allow). */
export function statementsFromPolicyDocument(body: JsonObject): PolicyStatement[] {
  const statements = body.statement;
  return asList(statements).flatMap((statement, index) => {
    if (!isObject(statement)) return [];
    return [
      {
        effect: statement.effect === "Deny" ? "Deny" : "Allow",
        principals: documentPrincipals(statement.principals),
        notPrincipals: documentPrincipals(statement.not_principals),
        actions: strings(statement.actions),
        notActions: strings(statement.not_actions),
        resources: strings(statement.resources),
        conditions: asList(statement.condition)
          .filter(isObject)
          .map((condition) => ({ test: String(condition.test), variable: String(condition.variable), values: scalarStrings(condition.values) })),
        path: Array.isArray(statements) ? ["statement", index] : ["statement"],
        keys: { actions: "actions", resources: "resources" },
      },
    ];
  });
}

const POLICY_DOCUMENT = "aws_iam_policy_document";
const COMPOSED_DOCUMENT_ATTRIBUTES = ["source_policy_documents", "override_policy_documents"];

/** A policy document's statements plus those of the documents it composes through source/override lists. */
function documentStatements(stack: StackIndex, stacks: readonly StackIndex[], address: string, seen: Set<string>): PolicyStatement[] {
  const block = stack.byAddress.get(address);
  if (block === undefined || block.type !== POLICY_DOCUMENT || seen.has(`${stack.name}/${address}`)) return [];
  seen.add(`${stack.name}/${address}`);
  const composed = COMPOSED_DOCUMENT_ATTRIBUTES.flatMap((attribute) => asList(block.body[attribute])).flatMap((item) => {
    const target = resolveReference(item, stack, stacks);
    return target === undefined ? [] : documentStatements(target.stack, stacks, target.address, seen);
  });
  return [...statementsFromPolicyDocument(block.body), ...composed];
}

/** The statements a `policy` value grants: a literal JSON policy or a reference to a policy document. */
export function resolvePolicyStatements(value: unknown, stack: StackIndex, stacks: readonly StackIndex[]): PolicyStatement[] | undefined {
  if (typeof value !== "string") return undefined;
  const target = resolveReference(value, stack, stacks);
  if (target !== undefined) {
    const block = target.stack.byAddress.get(target.address);
    return block?.type === POLICY_DOCUMENT ? documentStatements(target.stack, stacks, target.address, new Set()) : undefined;
  }
  return statementsFromPolicyJson(value);
}

/** A Deny statement conditioned on `aws:SecureTransport` being false. */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
  return (
    statement.effect === "Deny" &&
    statement.conditions.some(
      (c) => /^Bool(IfExists)?$/.test(c.test) && c.variable === "aws:SecureTransport" && c.values.includes("false"),
    )
  );
}

/** Whether an action pattern of a policy (`iam:*`, `iam:Attach*`, `*`) matches `action`; IAM matches case-insensitively. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(action);
}

/** Whether the statement grants `action` through its Action or NotAction list. */
export function grantsAction(statement: PolicyStatement, action: string): boolean {
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => actionPatternMatches(pattern, action));
  return statement.actions.some((pattern) => actionPatternMatches(pattern, action));
}
