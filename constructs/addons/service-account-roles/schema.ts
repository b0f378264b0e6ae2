/** The `serviceAccountRoles` field of a deployment: IAM roles for Kubernetes service accounts of your choice. Imports only zod. */
import { z } from "zod";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `service:Action`: an IAM service prefix, then an action name where `*` and `?` may stand for any characters. */
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
/** IAM condition operators, optionally with a ForAnyValue:/ForAllValues: set operator and an IfExists suffix. */
const CONDITION_OPERATOR = /^((ForAnyValue|ForAllValues):)?[A-Za-z]+$/;

export const SERVICE_ACCOUNT_ROLE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Terraform reads `${...}` as an interpolation: IAM policy variables are written `&{aws:username}` in a policy document. */
const noInterpolation = (what: string) => (value: string) => !value.includes("${") || `${what} must not hold \${...} (Terraform would read it as an interpolation); write IAM policy variables as &{aws:username}`;
const literal = (what: string) => z.string().superRefine((value, ctx) => {
  const ok = noInterpolation(what)(value);
  if (ok !== true) ctx.addIssue({ code: "custom", message: ok });
});

const conditionSchema = z.strictObject({
  test: z.string().regex(CONDITION_OPERATOR, { error: "must be an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike" })
    .describe("the condition operator, such as StringEquals, StringLike, ArnLike, Bool, IpAddress or ForAnyValue:StringLike"),
  variable: z.string().regex(/^[A-Za-z0-9-]+:[\w/:.-]+$/, { error: "must be a condition key such as aws:SourceVpc or s3:prefix" })
    .describe("the condition key, such as aws:SourceVpc, s3:prefix or aws:ResourceTag/team"),
  values: z.array(literal("a condition value").min(1, { error: "must not be empty" })).min(1, { error: "must list at least one value" }),
});

const statementSchema = z.strictObject({
  sid: z.string().regex(/^[A-Za-z0-9]{1,100}$/, { error: "must be 1-100 letters and digits (IAM statement ids allow no other characters)" }).optional()
    .describe("the statement id"),
  effect: z.enum(["Allow", "Deny"], { error: "must be Allow or Deny" }).default("Allow"),
  actions: z.array(z.string().superRefine((action, ctx) => {
    if (action === "*" || action === "*:*") ctx.addIssue({ code: "custom", message: `${JSON.stringify(action)} grants every action of every service; name the service's actions, such as s3:GetObject or s3:*` });
    else if (!ACTION.test(action)) ctx.addIssue({ code: "custom", message: `${JSON.stringify(action)} must be an IAM action service:Action, such as s3:GetObject or s3:Get* (wildcards only in the action part)` });
  })).min(1, { error: "must list at least one action" })
    .describe("IAM actions as service:Action; * and ? allowed in the action part (s3:Get*), never a bare *"),
  resources: z.array(literal("a resource").refine((r) => r === "*" || /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9*?-]*:(\d{12}|aws|[\d*?]+)?:.+$/.test(r), {
    error: "must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, wildcards allowed) or *",
  })).min(1, { error: "must list at least one resource ARN (or *)" })
    .describe("resource ARNs the statement covers (wildcards allowed), or *"),
  conditions: z.array(conditionSchema).default([]).describe("conditions that must all hold"),
});

export const serviceAccountRoleSchema = z.strictObject({
  name: z.string().regex(SERVICE_ACCOUNT_ROLE_NAME, { error: "must be lowercase letters, digits and single hyphens, starting with a letter, such as team-reader" })
    .describe("unique among serviceAccountRoles; the IAM role is named <deployId>-<name> (at most 64 characters)"),
  namespace: z.string().regex(DNS_LABEL, { error: "must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit" })
    .describe("namespace of the service account"),
  serviceAccount: z.string().regex(DNS_SUBDOMAIN, { error: "must be a Kubernetes service account name: lowercase letters, digits, hyphens and dots, at most 253 characters" })
    .describe("the one service account that may use the role"),
  mode: z.enum(["irsa", "pod-identity"], { error: "must be irsa or pod-identity" }).default("irsa")
    .describe("irsa: trusted through the cluster's OIDC provider (annotate the service account with the role ARN); pod-identity: an EKS Pod Identity association (no annotation; needs the eks-pod-identity-agent add-on, installed by default)"),
  policyStatements: z.array(statementSchema).default([]).describe("statements of the role's inline policy"),
  managedPolicyArns: z.array(z.string()).default([]).describe("IAM policy ARNs attached to the role (AWS-managed or your own, in the deployment's partition)"),
});

export const serviceAccountRolesSchema = z.array(serviceAccountRoleSchema).default([])
  .describe("IAM roles for Kubernetes service accounts of Domino components or your own workloads, by IRSA or EKS Pod Identity; listed in the cluster stage's service_account_role_arns output and in domino_config");

export type ServiceAccountRoleConfig = z.output<typeof serviceAccountRoleSchema>;
