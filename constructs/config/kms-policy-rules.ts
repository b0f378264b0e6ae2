/** The cross-field rules of `kms.additionalPolicyStatements` (config/kms-policy.ts), run with the spec's rules. */
import { partitionOf } from "./aws-facts";
import { KMS_ACTION, KMS_BUILT_IN_SIDS, type KmsPolicyStatement } from "./kms-policy";
import { joinPath, type Problem } from "./problems";
import type { ParsedDeployment } from "./schema";
import { bindsCaller, CALLER_CONDITION_KEYS } from "../../verify/security/rules";

/** An IAM ARN a key policy can name as AWS principal: an account's root, a role, a user, an assumed-role session. */
const IAM_PRINCIPAL_ARN = /^arn:([a-z-]+):(iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)|sts::\d{12}:assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+)$/;
const FEDERATED_ARN = /^arn:([a-z-]+):iam::(\d{12}):(saml-provider|oidc-provider)\/[\w+=,.@/-]+$/;
const SERVICE_PRINCIPAL = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.amazonaws\.com(\.cn)?$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const ACCOUNT_ID = /^\d{12}$/;
const KEY_ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;

const isWildcardPrincipal = (s: KmsPolicyStatement) => s.principals.some((p) => p.identifiers.includes("*"));
type Condition = KmsPolicyStatement["conditions"][number];
const lower = (text: string) => text.toLowerCase();

/**
 * The condition keys that bind a service principal to the caller it acts for (confused deputy): the account, resource
 * or organization on whose behalf the service calls KMS. kms:ViaService says which service, not for whom.
 */
export const SERVICE_CALLER_KEYS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "kms:CallerAccount"] as const;

/**
 * A condition that binds a service principal: one of SERVICE_CALLER_KEYS with a positive operator (StringEquals,
 * ArnLike, ...), not Null, not ...IfExists (an absent key passes), not ForAllValues: (an absent key passes), and no
 * value that is only *.
 */
function bindsService(c: Condition): boolean {
  if (!SERVICE_CALLER_KEYS.map(lower).includes(lower(c.variable))) return false;
  const m = /^(ForAllValues:|ForAnyValue:)?([A-Za-z]+?)(IfExists)?$/.exec(c.test);
  if (!m || m[1] === "ForAllValues:" || m[3] || !/^(String|Arn)(Equals|EqualsIgnoreCase|Like)$/.test(m[2])) return false;
  return c.values.every((v) => v.trim() !== "" && v !== "*");
}

/**
 * The condition keys that say who calls (or from where, or through which service) on which a Deny to every principal
 * can carve out the deployment's own callers.
 */
export const DENY_EXEMPTION_KEYS = [
  "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalServiceName",
  "aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:SourceVpc", "aws:SourceVpce",
  "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:userid", "aws:username", "kms:CallerAccount",
] as const;
/** The negated string and ARN operators (a set qualifier and ...IfExists allowed): the Deny applies to callers not listed. */
const NEGATED_OPERATOR = /^(ForAllValues:|ForAnyValue:)?(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike)(IfExists)?$/;

/** A condition that exempts some callers from a Deny to every principal: a negated operator on a caller key. */
const exemptsCallers = (c: Condition): boolean =>
  NEGATED_OPERATOR.test(c.test) && DENY_EXEMPTION_KEYS.map(lower).includes(lower(c.variable));

/** Why an identifier is refused for its principal type, or undefined. */
function principalProblem(type: "AWS" | "Service" | "Federated", id: string, partition: string): string | undefined {
  if (type === "AWS") {
    if (id === "*" || ACCOUNT_ID.test(id)) return undefined;
    const m = IAM_PRINCIPAL_ARN.exec(id);
    if (!m) return `${id} is not an AWS principal: give a 12-digit account id, an IAM ARN (arn:${partition}:iam::<account>:root, ...:role/<name>, ...:user/<name>, arn:${partition}:sts::<account>:assumed-role/<role>/<session>), or * with a condition on the caller`;
    if (m[1] !== partition) return `${id} is in partition ${m[1]}, but the deployment's region is in ${partition}`;
    return undefined;
  }
  if (type === "Service") {
    return SERVICE_PRINCIPAL.test(id) ? undefined : `${id} is not a service principal such as logs.us-west-2.amazonaws.com or sns.amazonaws.com`;
  }
  const m = FEDERATED_ARN.exec(id);
  if (m) return m[1] === partition ? undefined : `${id} is in partition ${m[1]}, but the deployment's region is in ${partition}`;
  return DOMAIN.test(id) ? undefined : `${id} is not an identity provider: give an IAM SAML or OIDC provider ARN (arn:${partition}:iam::<account>:saml-provider/<name>) or a web identity provider such as cognito-identity.amazonaws.com`;
}

/**
 * The cross-field rules of kms.additionalPolicyStatements: only on a key created here, sids unique, principals
 * well-formed in the deployment's partition, kms: actions, no wildcard principal without a condition on the caller, no
 * service principal without a condition on the caller it acts for, no Deny to every principal that exempts no caller.
 */
// Typed without rules.ts's Rule (which would make an import cycle); it is one.
export const kmsPolicyRules = ({ deployment: d }: { readonly deployment: ParsedDeployment }): Problem[] => {
  const statements = d.kms.additionalPolicyStatements;
  const at = (...path: PropertyKey[]) => joinPath(["kms", "additionalPolicyStatements", ...path]);
  if (statements.length === 0) return [];
  if (d.kms.keyArn) {
    return [{ path: at(), message: "cannot be combined with kms.keyArn: the policy of a key you bring is yours to change, not this project's; add the statements to that key's policy, or leave keyArn out to create a key" }];
  }
  const out: Problem[] = [];
  const partition = partitionOf(d.region);
  const sids = new Map<string, number>();
  statements.forEach((s, i) => {
    if ((KMS_BUILT_IN_SIDS as readonly string[]).includes(s.sid)) {
      out.push({ path: at(i, "sid"), message: `${s.sid} is the sid of a built-in statement of the key policy (${KMS_BUILT_IN_SIDS.join(", ")}); choose another` });
    }
    const first = sids.get(s.sid);
    if (first !== undefined) out.push({ path: at(i, "sid"), message: `${s.sid} is already the sid of additionalPolicyStatements[${first}]; sids must be unique` });
    else sids.set(s.sid, i);
    s.actions.forEach((action, j) => {
      if (!KMS_ACTION.test(action)) {
        out.push({ path: at(i, "actions", j), message: `${action} is not a KMS action: a key policy only grants kms: actions, such as kms:Decrypt or kms:GenerateDataKey*` });
      }
    });
    s.principals.forEach((p, j) => {
      p.identifiers.forEach((id, k) => {
        const why = principalProblem(p.type, id, partition);
        if (why) out.push({ path: at(i, "principals", j, "identifiers", k), message: why });
      });
    });
    s.resources.forEach((resource, j) => {
      const m = KEY_ARN.exec(resource);
      if (resource === "*") return;
      if (!m) out.push({ path: at(i, "resources", j), message: `${resource} is not a resource of a key policy: use * (this key), the default` });
      else if (m[1] !== partition || m[2] !== d.region) out.push({ path: at(i, "resources", j), message: `${resource} is not a key of ${d.region} (${partition}); in a key policy use * (this key), the default` });
    });
    if (s.effect === "Allow" && !s.conditions.some(bindsService)) {
      s.principals.forEach((p, j) => {
        if (p.type !== "Service") return;
        out.push({
          path: at(i, "principals", j),
          message: `a service principal (${p.identifiers.join(", ")}) in an Allow needs a condition that binds it to the caller it acts for: add to conditions StringEquals (or ArnLike) on ${SERVICE_CALLER_KEYS.join(", ")}, with real values (such as aws:SourceAccount with this account's id); kms:ViaService alone says which service calls, not for whom, so another account could have the service use this key on its behalf (confused deputy)`,
        });
      });
    }
    if (isWildcardPrincipal(s)) {
      if (s.effect === "Allow" && !s.conditions.some(bindsCaller)) {
        out.push({ path: at(i, "principals"), message: `allow to every principal (AWS *) needs a condition that names the caller (${CALLER_CONDITION_KEYS.join(", ")}), with real values (not *, not Null or ...IfExists); without one the key opens to every AWS account` });
      }
      if (s.effect === "Deny" && !s.conditions.some(exemptsCallers)) {
        out.push({ path: at(i, "conditions"), message: `a Deny to every principal (AWS *) needs a negated condition on the caller that exempts the deployment's own principals: StringNotEquals, StringNotLike, ArnNotEquals or ArnNotLike (or their ...IfExists forms) on ${DENY_EXEMPTION_KEYS.join(", ")}, such as StringNotEquals aws:PrincipalAccount with this account's id (Bool and Null conditions do not exempt anyone); without one it would lock the deployment out of its own key, the account's administrators, EKS and the nodes included` });
      }
    }
  });
  return out;
};
