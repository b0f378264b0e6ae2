/** The `externalDns` field of a deployment. Imports only zod and this add-on's defaults. */
import { z } from "zod";
import { DEFAULT_EXTERNAL_DNS_POLICY, EXTERNAL_DNS_CHART, EXTERNAL_DNS_POLICIES, HOSTED_ZONE_ID, HOSTED_ZONE_ID_MESSAGE } from "./defaults";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const externalDnsSchema = z.strictObject({
  enabled: z.boolean().default(false)
    .describe("an IRSA role for external-dns, allowed to change records only in hostedZoneIds (off by default, as in Domino's reference)"),
  hostedZoneIds: z.array(z.string().regex(HOSTED_ZONE_ID, { error: HOSTED_ZONE_ID_MESSAGE })).optional()
    .describe("the Route53 hosted zones external-dns may change records in; defaults to [dns.hostedZoneId] when that is set"),
  namespace: z.string().regex(DNS_LABEL, { error: "must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit" }).optional()
    .describe("namespace of external-dns's service account; defaults to namespaces.platform (domino-platform)"),
  serviceAccount: z.string().regex(DNS_SUBDOMAIN, { error: "must be a Kubernetes service account name: lowercase letters, digits, hyphens and dots, at most 253 characters" }).optional()
    .describe("external-dns's service account; defaults to external-dns, the name Domino's reference trusts"),
  roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: "must be an IAM role name: 1-64 letters, digits and +=,.@_-" }).optional()
    .describe("the IAM role's name; defaults to <deployId>-external-dns"),
  chart: z.strictObject({
    enabled: z.boolean().default(false)
      .describe("install the external-dns Helm chart in the k8s stage; off by default because Domino's installer deploys external-dns"),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be a chart version such as 1.21.1" }).default(EXTERNAL_DNS_CHART.version)
      .describe(`the kubernetes-sigs external-dns chart version (${EXTERNAL_DNS_CHART.version} ships external-dns v0.21.0)`),
    policy: z.enum(EXTERNAL_DNS_POLICIES, { error: `must be one of ${EXTERNAL_DNS_POLICIES.join(", ")}` }).default(DEFAULT_EXTERNAL_DNS_POLICY)
      .describe("upsert-only (the default) creates and updates records but never deletes one; sync also deletes the records it owns"),
  }).prefault({}).describe("the chart from https://kubernetes-sigs.github.io/external-dns/: provider aws, records under fqdn in hostedZoneIds only, owner id deployId, on the platform pool"),
}).prefault({});
