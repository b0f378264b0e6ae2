/**
 * The external-dns Helm chart (kubernetes-sigs), when the config asks for it (`externalDns.chart.enabled`): provider
 * aws, records under the deployment's fqdn in the configured zones only, TXT ownership records with the deployId as
 * owner, on the platform pool with the IRSA role of the cluster stage.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IRSA_ROLE_ANNOTATION, NODE_POOL_LABEL, PLATFORM_POOL } from "../../config/defaults";
import { EXTERNAL_DNS_CHART } from "./defaults";

export interface ExternalDnsChartProps {
  readonly chartVersion: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The IRSA role of the service account (the cluster stage's `external-dns`). */
  readonly roleArn: string;
  readonly region: string;
  /** Records it manages: these names and their subdomains (`--domain-filter`). */
  readonly domainFilters: readonly string[];
  /** The zones it may touch (`--zone-id-filter`). */
  readonly hostedZoneIds: readonly string[];
  /** The owner id of its TXT registry records (`--txt-owner-id`): records another owner wrote are left alone. */
  readonly txtOwnerId: string;
  readonly policy: string;
  /** The chart's repository. @default EXTERNAL_DNS_CHART.repository */
  readonly repository?: string;
  /** The image without its tag, in place of registry.k8s.io/external-dns/external-dns. @default the chart's */
  readonly imageRepository?: string;
  /** Namespaces the stage creates; the release waits for them instead of creating its own. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export function externalDnsValues(props: ExternalDnsChartProps): Record<string, unknown> {
  return {
    provider: { name: "aws" },
    // The SDK needs a region even for Route53, which is global.
    env: [{ name: "AWS_DEFAULT_REGION", value: props.region }],
    ...(props.imageRepository ? { image: { repository: props.imageRepository } } : {}),
    serviceAccount: {
      create: true,
      name: props.serviceAccount,
      annotations: { [IRSA_ROLE_ANNOTATION]: props.roleArn },
    },
    policy: props.policy,
    registry: "txt",
    txtOwnerId: props.txtOwnerId,
    domainFilters: [...props.domainFilters],
    extraArgs: {
      "zone-id-filter": [...props.hostedZoneIds],
      // The zone is usually a parent of fqdn (example.com for domino.example.com): without this, the domain filter
      // would leave it out.
      "aws-zone-match-parent": true,
    },
    nodeSelector: { [NODE_POOL_LABEL]: PLATFORM_POOL },
  };
}

export class ExternalDnsChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ExternalDnsChartProps) {
    super(scope, id);
    const waits = props.dependsOn !== undefined && props.dependsOn.length > 0;
    this.release = new Release(this, "release", {
      name: EXTERNAL_DNS_CHART.releaseName,
      repository: props.repository ?? EXTERNAL_DNS_CHART.repository,
      chart: EXTERNAL_DNS_CHART.chart,
      version: props.chartVersion,
      namespace: props.namespace,
      createNamespace: !waits,
      cleanupOnFail: true,
      values: [JSON.stringify(externalDnsValues(props), null, 2)],
      ...(waits ? { dependsOn: [...props.dependsOn!] } : {}),
    });
  }
}
