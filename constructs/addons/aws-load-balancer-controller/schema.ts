/** The `loadBalancerController` field of a deployment. Imports only zod. */
import { z } from "zod";
import { LBC_CHART } from "./defaults";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const loadBalancerControllerSchema = z.strictObject({
  enabled: z.boolean().default(true).describe("an IRSA role for the AWS Load Balancer Controller, which Domino's installer deploys"),
  namespace: z.string().regex(DNS_LABEL, { error: "must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit" }).optional()
    .describe("namespace of the controller's service account; defaults to namespaces.platform (domino-platform)"),
  serviceAccount: z.string().regex(DNS_SUBDOMAIN, { error: "must be a Kubernetes service account name: lowercase letters, digits, hyphens and dots, at most 253 characters" }).optional()
    .describe("the controller's service account; defaults to <deployId>-load-balancer-controller, the name Domino's installer uses"),
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: "must be an IAM role name: 1-64 letters, digits and +=,.@_-" }).optional()
    .describe("the IAM role's name; defaults to <deployId>-load-balancer-controller"),
  chart: z.strictObject({
    enabled: z.boolean().default(false)
      .describe("install the controller's Helm chart in the k8s stage; off by default because Domino's installer deploys the controller"),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be a chart version such as 1.17.1" }).default(LBC_CHART.version)
      .describe(`the aws-load-balancer-controller chart version (${LBC_CHART.version} ships controller v2.17.1, whose IAM policy the role carries)`),
  }).prefault({}).describe("the controller's chart from https://aws.github.io/eks-charts, on the platform pool, with the IRSA role on its service account"),
}).prefault({});
