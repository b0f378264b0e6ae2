/**
 * external-dns's figures. Domino's reference (dominodatalab/terraform-aws-eks, modules/irsa/external-dns.tf and the
 * `external_dns` variable in modules/irsa/variables.tf) leaves it off by default, trusts the service account
 * `external-dns` in `domino-platform` and names the role `<cluster name>-external-dns`; Domino's installer deploys
 * external-dns itself. Pure data; no cdktf imports.
 */

/** The key of its role in the cluster stage's `irsa_role_arns`, and the role name's suffix. */
export const EXTERNAL_DNS_ROLE_PURPOSE = "external-dns";

/** The service account Domino's reference trusts (`serviceaccount_name`). */
export const DEFAULT_EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";

/** A Route53 hosted zone id: the same pattern as `dns.hostedZoneId`. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{4,32}$/;
export const HOSTED_ZONE_ID_MESSAGE = "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ";

/** What external-dns does with the records it owns (`--policy`); upsert-only never deletes a record. */
export const EXTERNAL_DNS_POLICIES = ["upsert-only", "sync", "create-only"] as const;
export const DEFAULT_EXTERNAL_DNS_POLICY = "upsert-only";

/**
 * The kubernetes-sigs chart, off by default. Chart 1.21.1 ships external-dns v0.21.0 (its appVersion), whose image
 * tag the chart pins.
 */
export const EXTERNAL_DNS_CHART = {
  repository: "https://kubernetes-sigs.github.io/external-dns/",
  chart: "external-dns",
  version: "1.21.1",
  releaseName: "external-dns",
} as const;

/** The chart's image (`image.repository`); its tag follows the chart version (v0.21.0 in chart 1.21.1). */
export const EXTERNAL_DNS_IMAGE = { registry: "registry.k8s.io", repository: "external-dns/external-dns", tag: "v0.21.0" } as const;

/**
 * The Route53 actions of external-dns's AWS tutorial (docs/tutorials/aws.md, v0.21.0): record changes and reads on
 * hosted zones, and the one action that takes no resource, ListHostedZones.
 */
export const EXTERNAL_DNS_ZONE_ACTIONS = ["route53:ChangeResourceRecordSets"] as const;
export const EXTERNAL_DNS_ZONE_READ_ACTIONS = ["route53:ListResourceRecordSets", "route53:ListTagsForResources"] as const;
export const EXTERNAL_DNS_LIST_ACTIONS = ["route53:ListHostedZones"] as const;
