/**
 * Who may use a role, key, bucket or queue: no wildcard principal without a condition naming the caller, service
 * trusts bound to this account (confused deputy), IRSA and EKS Pod Identity trusts bound to one workload.
 */
import { formatPath, isExpression } from "../../json";
import { RuleContext, SecurityRule, Violation } from "../context";
import { grantsAction, PolicyCondition, PolicyStatement } from "../iam-policy";
import { LocatedStatement, locatedStatements } from "../policies";

const lower = (text: string): string => text.toLowerCase();

/** A condition that actually constrains: not `Null`, not `...IfExists` (absent keys pass), no value that is only `*`. */
function binding(condition: PolicyCondition, variables: readonly string[]): boolean {
  if (!variables.includes(lower(condition.variable))) return false;
  if (condition.test === "Null" || /IfExists$/.test(condition.test)) return false;
  return condition.values.length > 0 && condition.values.every((value) => value !== "*" && value.trim() !== "");
}

const principalsPath = (located: LocatedStatement, not = false): string =>
  formatPath([...located.path, located.statement.keys.actions === "Action" ? (not ? "NotPrincipal" : "Principal") : not ? "not_principals" : "principals"]);

/**
 * Condition keys that say who the caller is (or where from): with one of them a `*` principal is someone specific.
 * `elasticfilesystem:AccessedViaMountTarget` counts as "where from": only NFS clients that reach one of the file
 * system's mount targets (inside the VPC, behind its security group) match, which is how EFS's own policy presets grant
 * access; anonymous NFS clients carry no principal, so no principal key could bind them.
 */
export const CALLER_CONDITION_KEYS: readonly string[] = [
  "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalServiceName",
  "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce",
  "aws:SourceIp", "aws:userid", "aws:username", "kms:CallerAccount", "elasticfilesystem:AccessedViaMountTarget",
];
const CALLER_KEYS = CALLER_CONDITION_KEYS.map(lower);

function isEveryone(statement: PolicyStatement): boolean {
  return statement.principals.some((principal) => (principal.type === "*" || principal.type === "AWS") && principal.identifiers.includes("*"));
}

/** True when the condition names who the caller is (or where from) and constrains it: a `*` principal with it is someone specific. */
export function bindsCaller(condition: PolicyCondition): boolean {
  return binding(condition, CALLER_KEYS);
}

function wildcardPrincipalViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow") return [];
  if (statement.conditions.some((condition) => binding(condition, CALLER_KEYS))) return [];
  if (statement.notPrincipals.length > 0) {
    return [{ address: located.address, path: principalsPath(located, true), message: "Allow with NotPrincipal grants every principal not listed" }];
  }
  if (!isEveryone(statement)) return [];
  const message = "Allow to every principal (*) without a condition on the caller (aws:PrincipalArn, aws:SourceAccount, kms:CallerAccount, ...)";
  return [{ address: located.address, path: principalsPath(located), message }];
}

const noWildcardPrincipal: SecurityRule = {
  id: "NO_WILDCARD_PRINCIPAL",
  rationale:
    'A key, bucket or trust policy allowing Principal "*" (or NotPrincipal) opens the resource to every AWS account unless a condition names the caller; Deny is exempt.',
  checkov: ["CKV_AWS_33", "CKV_AWS_60", "CKV_AWS_70"],
  trivy: [],
  check: (context) => locatedStatements(context.stack).flatMap(wildcardPrincipalViolations),
};

/** `eks.amazonaws.com`, `eks.${data.aws_partition.p.dns_suffix}`, `logs.us-west-2.amazonaws.com.cn` -> `eks`, `logs`. */
export function serviceName(identifier: string): string {
  return identifier
    .replace(/\.(?:amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|\$\{[^}]*dns_suffix\})$/, "")
    .replace(/\.[a-z]{2}(?:-[a-z]+)+-\d$/, "");
}

/**
 * Services whose role trust is not bound by aws:SourceAccount / aws:SourceArn here, and why. Every other service
 * principal in a trust policy must be.
 */
export const SOURCE_BINDING_EXEMPT: Readonly<Record<string, string>> = {
  ec2:
    "EC2 assumes an instance profile's role for whichever instance is launched with it (node groups launch them from " +
    "Auto Scaling groups), so there is no source ARN to name ahead; who may use the role is governed by iam:PassRole",
  "pods.eks": "bound instead by the session tags EKS Pod Identity sets (namespace, service account, cluster): POD_IDENTITY_TRUST_SCOPED",
};

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"].map(lower);

/** Used as a trust policy here, or an unused document that only grants sts:AssumeRole* (a trust written for another stack). */
function usedAsTrust(located: LocatedStatement): boolean {
  if (located.uses.includes("trust")) return true;
  const { actions } = located.statement;
  return located.uses.length === 0 && actions.length > 0 && actions.every((action) => /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity)$/i.test(action));
}

function serviceTrustViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow" || !usedAsTrust(located)) return [];
  if (statement.conditions.some((condition) => binding(condition, SOURCE_KEYS))) return [];
  const services = statement.principals
    .filter((principal) => principal.type === "Service")
    .flatMap((principal) => principal.identifiers)
    .filter((identifier) => SOURCE_BINDING_EXEMPT[serviceName(identifier)] === undefined);
  if (services.length === 0) return [];
  const message = `trust of ${services.join(", ")} has no aws:SourceAccount or aws:SourceArn condition: the service could assume the role on behalf of another account`;
  return [{ address: located.address, path: formatPath(located.path), message }];
}

const serviceTrustSourceBound: SecurityRule = {
  id: "SERVICE_TRUST_SOURCE_BOUND",
  rationale:
    "Service trusts need aws:SourceAccount or aws:SourceArn against the confused deputy; exempt: ec2 (instance roles, no source to name) and pods.eks (bound by session tags).",
  checkov: [],
  trivy: [],
  check: (context) => locatedStatements(context.stack).flatMap(serviceTrustViolations),
};

const SERVICE_ACCOUNT = /^system:serviceaccount:([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/;
const STS_AUDIENCE = /^sts\.(?:amazonaws\.com(?:\.cn)?|\$\{[^}]*dns_suffix\})$/;
const hasWildcard = (value: string): boolean => /[*?]/.test(value);

function subjectProblems(conditions: readonly PolicyCondition[]): string[] {
  const subjects = conditions.filter((condition) => condition.variable.endsWith(":sub"));
  if (subjects.length === 0) return ["no :sub condition, so every service account of the cluster (or every token of the provider) may assume the role"];
  const problems: string[] = [];
  for (const subject of subjects) {
    if (subject.test !== "StringEquals") problems.push(`:sub is tested with ${subject.test}; use StringEquals`);
    const wild = subject.values.filter(hasWildcard);
    if (wild.length > 0) problems.push(`:sub has wildcards (${wild.map((v) => JSON.stringify(v)).join(", ")})`);
    // Values computed by Terraform (`system:serviceaccount:${var.ns}:x`) cannot be checked offline beyond wildcards.
    const literal = subject.values.filter((value) => !isExpression(value));
    const accounts = literal.map((value) => SERVICE_ACCOUNT.exec(value));
    if (literal.some((value) => value.startsWith("system:serviceaccount:"))) {
      const malformed = literal.filter((value, index) => accounts[index] === null && !hasWildcard(value));
      if (malformed.length > 0) problems.push(`:sub values are not service accounts: ${malformed.map((v) => JSON.stringify(v)).join(", ")}`);
      const namespaces = new Set(accounts.filter((match) => match !== null).map((match) => match[1]));
      if (namespaces.size > 1) problems.push(`:sub names service accounts of ${namespaces.size} namespaces; one role per workload`);
    }
    if (subject.values.length === 0) problems.push(":sub has no value");
  }
  return problems;
}

function audienceProblems(conditions: readonly PolicyCondition[]): string[] {
  const audiences = conditions.filter((condition) => condition.variable.endsWith(":aud"));
  if (audiences.length === 0) return [":aud is not bound to sts.amazonaws.com"];
  const bad = audiences.filter((a) => a.test !== "StringEquals" || a.values.length === 0 || !a.values.every((value) => STS_AUDIENCE.test(value)));
  return bad.length === 0 ? [] : [`:aud must be StringEquals sts.amazonaws.com (found ${bad.map((a) => `${a.test} ${JSON.stringify(a.values)}`).join(", ")})`];
}

function irsaViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow" || !usedAsTrust(located)) return [];
  if (!statement.principals.some((principal) => principal.type === "Federated")) return [];
  if (!grantsAction(statement, "sts:AssumeRoleWithWebIdentity")) return [];
  const problems = [...subjectProblems(statement.conditions), ...audienceProblems(statement.conditions)];
  if (problems.length === 0) return [];
  return [{ address: located.address, path: formatPath(located.path), message: `web-identity (IRSA) trust not bound to one workload: ${problems.join("; ")}` }];
}

const irsaTrustScoped: SecurityRule = {
  id: "IRSA_TRUST_SCOPED",
  rationale:
    "An IRSA trust must name its service accounts exactly (:sub StringEquals, no wildcard, one namespace) and bind :aud to sts.amazonaws.com, or other pods get the role.",
  checkov: [],
  trivy: [],
  check: (context) => locatedStatements(context.stack).flatMap(irsaViolations),
};

const POD_IDENTITY_TAGS: ReadonlyArray<readonly [label: string, variables: readonly string[]]> = [
  ["aws:RequestTag/kubernetes-namespace", ["aws:RequestTag/kubernetes-namespace"]],
  ["aws:RequestTag/kubernetes-service-account", ["aws:RequestTag/kubernetes-service-account"]],
  ["aws:RequestTag/eks-cluster-arn (or eks-cluster-name, aws:SourceArn)", ["aws:RequestTag/eks-cluster-arn", "aws:RequestTag/eks-cluster-name", "aws:SourceArn"]],
];

function podIdentityViolations(located: LocatedStatement): Violation[] {
  const { statement } = located;
  if (statement.effect !== "Allow" || !usedAsTrust(located)) return [];
  const podsEks = statement.principals.some(
    (principal) => principal.type === "Service" && principal.identifiers.some((identifier) => serviceName(identifier) === "pods.eks"),
  );
  if (!podsEks) return [];
  const exact = (condition: PolicyCondition) =>
    /^(StringEquals|ArnEquals)$/.test(condition.test) && condition.values.length > 0 && !condition.values.some(hasWildcard);
  const missing = POD_IDENTITY_TAGS.filter(
    ([, variables]) => !statement.conditions.some((condition) => variables.map(lower).includes(lower(condition.variable)) && exact(condition)),
  ).map(([label]) => label);
  if (missing.length === 0) return [];
  const message = `EKS Pod Identity trust not bound to one service account: no exact condition on ${missing.join(", ")}`;
  return [{ address: located.address, path: formatPath(located.path), message }];
}

const podIdentityTrustScoped: SecurityRule = {
  id: "POD_IDENTITY_TRUST_SCOPED",
  rationale:
    "A pods.eks.amazonaws.com trust must match the session tags of one namespace, service account and cluster, or every pod of every cluster can take the role.",
  checkov: [],
  trivy: [],
  check: (context: RuleContext) => locatedStatements(context.stack).flatMap(podIdentityViolations),
};

export const TRUST_RULES: readonly SecurityRule[] = [noWildcardPrincipal, serviceTrustSourceBound, irsaTrustScoped, podIdentityTrustScoped];
