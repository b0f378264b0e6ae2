/** What the schema cannot check alone: unique names and service accounts, role-name length, ARNs in the deployment's partition. */
import { partitionOf } from "../../config/aws-facts";
import { iamName } from "../../config/naming";
import { joinPath, type Problem } from "../../config/problems";
import type { Rule } from "../../config/rules";
import { MAX_INLINE_POLICY_CHARS, MAX_ROLE_NAME, RESERVED_ROLE_SUFFIXES } from "./defaults";
import { serviceAccountRoleStatements } from "./policy";

/** An IAM customer-managed or AWS-managed policy ARN: partition, account (or `aws`), path and name. */
const POLICY_ARN = /^arn:([a-z-]+):iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

export const serviceAccountRoleRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const at = (path: PropertyKey[], message: string) => out.push({ path: joinPath(["serviceAccountRoles", ...path]), message });
  const partition = partitionOf(d.region);
  const names = new Map<string, number>();
  const accounts = new Map<string, number>();
  d.serviceAccountRoles.forEach((role, i) => {
    const first = names.get(role.name);
    if (first !== undefined) at([i, "name"], `"${role.name}" is also the name of serviceAccountRoles[${first}]; names must be unique`);
    else names.set(role.name, i);
    const roleName = iamName(d.deployId, role.name);
    if ((RESERVED_ROLE_SUFFIXES as readonly string[]).includes(role.name)) {
      at([i, "name"], `makes the role name ${roleName}, which the project's own ${role.name} role has; choose another name`);
    } else if (roleName.length > MAX_ROLE_NAME) {
      at([i, "name"], `makes the role name ${roleName} (${roleName.length} characters); IAM allows ${MAX_ROLE_NAME}, so keep the name to ${MAX_ROLE_NAME - d.deployId.length - 1}`);
    }
    const key = `${role.namespace}/${role.serviceAccount}`;
    const owner = accounts.get(key);
    if (owner !== undefined) {
      at([i, "serviceAccount"], `${key} already has a role (serviceAccountRoles[${owner}]); a service account takes one role (one IRSA annotation, one Pod Identity association), so put both policies in one role`);
    } else accounts.set(key, i);
    if (role.policyStatements.length === 0 && role.managedPolicyArns.length === 0) {
      at([i], "needs policyStatements or managedPolicyArns (or both): a role without a policy may do nothing");
    }
    role.managedPolicyArns.forEach((arn, k) => {
      const m = POLICY_ARN.exec(arn);
      if (!m) at([i, "managedPolicyArns", k], "must be an IAM policy ARN: arn:<partition>:iam::<account or aws>:policy/<path/><name>");
      else if (m[1] !== partition) at([i, "managedPolicyArns", k], `is in partition ${m[1]}, but ${d.region} is in ${partition}`);
    });
    role.policyStatements.forEach((statement, s) => {
      statement.resources.forEach((resource, r) => {
        const m = /^arn:([a-z-]+):/.exec(resource);
        if (m && m[1] !== partition) at([i, "policyStatements", s, "resources", r], `is in partition ${m[1]}, but ${d.region} is in ${partition}`);
      });
    });
    const size = JSON.stringify({ Version: "2012-10-17", Statement: serviceAccountRoleStatements(role) }).length;
    if (size > MAX_INLINE_POLICY_CHARS) {
      at([i, "policyStatements"], `make an inline policy of about ${size} characters; IAM allows ${MAX_INLINE_POLICY_CHARS} per role: move statements into a managed policy (managedPolicyArns)`);
    }
  });
  return out;
};
