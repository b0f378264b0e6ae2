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

const isWildcardPrincipal = (s: KmsPolicyStatement) => s.principals.some((p) => p.type === "AWS" && p.identifiers.includes("*"));

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
 * well-formed in the deployment's partition, kms: actions, no wildcard principal without a condition on the caller.
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
    if (isWildcardPrincipal(s)) {
      if (s.effect === "Allow" && !s.conditions.some(bindsCaller)) {
        out.push({ path: at(i, "principals"), message: `allow to every principal (AWS *) needs a condition that names the caller (${CALLER_CONDITION_KEYS.join(", ")}), with real values (not *, not Null or ...IfExists); without one the key opens to every AWS account` });
      }
      if (s.effect === "Deny" && s.conditions.length === 0) {
        out.push({ path: at(i, "conditions"), message: "a Deny to every principal (AWS *) without a condition locks everyone out of the key, the account's administrators included; add the condition that says whom or what to deny" });
      }
    }
  });
  return out;
};
