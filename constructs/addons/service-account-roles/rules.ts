/** What the schema cannot check alone: unique names and service accounts, role-name length, ARNs in the deployment's partition. */
import { partitionOf } from "../../config/aws-facts";
import { iamName } from "../../config/naming";
import { joinPath, type Problem } from "../../config/problems";
import type { Rule } from "../../config/rules";
import { BUILT_IN_SERVICE_ACCOUNTS, MAX_INLINE_POLICY_CHARS, MAX_MANAGED_POLICIES, MAX_ROLE_NAME, RESERVED_ROLE_SUFFIXES } from "./defaults";
import { serviceAccountRoleStatements } from "./policy";

/** An IAM customer-managed or AWS-managed policy ARN: partition, account (or `aws`), path and name. */
const POLICY_ARN = /^arn:([a-z-]+):iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

export const serviceAccountRoleRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const at = (path: PropertyKey[], message: string) => out.push({ path: joinPath(["serviceAccountRoles", ...path]), message });
  const partition = partitionOf(d.region);
  const names = new Map<string, number>();
  const accounts = new Map<string, number>();
  // The service accounts and role names the built-in add-ons take, with the field that sets each.
  const builtInAccounts = new Map<string, string>(BUILT_IN_SERVICE_ACCOUNTS.map((a) => [a, "a built-in add-on's"]));
  const builtInRoles = new Map<string, string>();
  const lbc = d.loadBalancerController;
  if (lbc.enabled) {
    builtInAccounts.set(`${lbc.namespace ?? d.namespaces.platform}/${lbc.serviceAccount ?? `${d.deployId}-load-balancer-controller`}`, "the load-balancer controller's");
    if (lbc.roleName) builtInRoles.set(lbc.roleName, "loadBalancerController.roleName");
  }
  const clusterRole = d.adoption?.names.clusterRole;
  if (clusterRole !== undefined) builtInRoles.set(clusterRole, "adoption.names.clusterRole");
  const dns = d.externalDns;
  if (dns.enabled) {
    builtInAccounts.set(`${dns.namespace ?? d.namespaces.platform}/${dns.serviceAccount ?? "external-dns"}`, "external-dns's");
    if (dns.roleName) builtInRoles.set(dns.roleName, "externalDns.roleName");
  }
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
    const clash = builtInRoles.get(roleName);
    if (clash) at([i, "name"], `makes the role name ${roleName}, which ${clash} gives another role; choose another name`);
    const key = `${role.namespace}/${role.serviceAccount}`;
    const builtIn = builtInAccounts.get(key);
    if (builtIn) at([i, "serviceAccount"], `${key} is ${builtIn} service account, which has its role already; a second one would give its pods two sets of credentials`);
    const owner = accounts.get(key);
    if (owner !== undefined) {
      at([i, "serviceAccount"], `${key} already has a role (serviceAccountRoles[${owner}]); a service account takes one role (one IRSA annotation, one Pod Identity association), so put both policies in one role`);
    } else accounts.set(key, i);
    if (role.policyStatements.length === 0 && role.managedPolicyArns.length === 0) {
      at([i], "needs policyStatements or managedPolicyArns (or both): a role without a policy may do nothing");
    }
    if (role.managedPolicyArns.length > MAX_MANAGED_POLICIES) {
      at([i, "managedPolicyArns"], `lists ${role.managedPolicyArns.length} policies; IAM attaches at most ${MAX_MANAGED_POLICIES} to a role (10 unless the quota was raised): combine them`);
    }
    role.managedPolicyArns.forEach((arn, k) => {
      if (role.managedPolicyArns.indexOf(arn) !== k) at([i, "managedPolicyArns", k], `${arn} is listed twice`);
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

/**
 * The role names the load-balancer controller and external-dns take (their roleName, or `<deployId>-<purpose>`) must
 * not be a name another role of the deployment has: IAM role names are unique in the account.
 */
export const builtInRoleNameRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const own = new Map<string, string>(RESERVED_ROLE_SUFFIXES.map((suffix) => [iamName(d.deployId, suffix), `the project's own ${suffix} role`]));
  // Each field with the default name it may repeat.
  const overrides: [string, string | undefined, boolean, string][] = [
    ["adoption.names.clusterRole", d.adoption?.names.clusterRole, true, iamName(d.deployId, "eks-cluster")],
    ["loadBalancerController.roleName", d.loadBalancerController.roleName, d.loadBalancerController.enabled, iamName(d.deployId, "load-balancer-controller")],
    ["externalDns.roleName", d.externalDns.roleName, d.externalDns.enabled, iamName(d.deployId, "external-dns")],
  ];
  const seen = new Map<string, string>();
  for (const [field, name, enabled, ownDefault] of overrides) {
    if (!enabled || name === undefined) continue;
    const clash = seen.get(name) ?? own.get(name);
    if (clash && name !== ownDefault) {
      out.push({ path: field, message: `is ${name}, the name of ${clash}; IAM role names are unique in the account: choose another` });
    }
    seen.set(name, field);
  }
  return out;
};
