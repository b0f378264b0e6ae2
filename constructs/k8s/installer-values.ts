/** The `domino_config` output: every value the Domino installer's configuration asks for, as JSON. */
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { InstallerValuesContext } from "../addons/addon";
import { ELB_ACCESS_LOG_PREFIX, NODE_POOL_LABEL } from "../config/defaults";
import { DOMINO_CONFIG_KEY_ORDER, DOMINO_CONFIG_SCHEMA_VERSION, type DominoConfig } from "./domino-config";
import { certificateValidation, type DeploymentPlan } from "../config/plan";

export const DOMINO_CONFIG_OUTPUT = "domino_config";

export interface InstallerValuesProps {
  readonly config: DominoConfig;
}

export class InstallerValues extends Construct {
  readonly output: TerraformOutput;

  constructor(scope: Construct, id: string, props: InstallerValuesProps) {
    super(scope, id);
    this.output = new TerraformOutput(this, "domino-config", {
      value: Fn.jsonencode(props.config),
      description: "Values for the Domino installer's domino.yml; `npm run domino-values -- <deployId>` prints them as YAML",
    });
    this.output.overrideLogicalId(DOMINO_CONFIG_OUTPUT);
  }
}

/**
 * The document: what this stage knows (names, buckets, EFS, pools, namespaces), then each add-on's keys in add-on
 * order. An add-on may not replace a key another part wrote.
 */
/**
 * The certificate's state: validated through route53 or external records, or pending with the records still to create.
 * Pending, the ARN is of a certificate the load balancers cannot use until ACM has seen the records.
 */
function certificateOf(dns: DeploymentPlan["config"]["dns"], infra: InstallerValuesContext["infra"]) {
  const validation = certificateValidation(dns);
  return {
    arn: infra.certificateArn,
    validation,
    status: validation === "pending" ? "pending-validation" : "issued",
    validationRecords: validation === "route53" ? null : (infra.certificateValidationRecords ?? null),
    nextStep: validation === "pending"
      ? "create the validationRecords (CNAME records) in the DNS of the fqdn, then set dns.certificateValidation: external, synth and apply the infra stage: it waits until ACM has issued the certificate"
      : null,
  };
}

export function dominoConfigOf(
  { plan, infra, cluster, nodes }: InstallerValuesContext,
  addonParts: readonly { readonly addon: string; readonly values: Readonly<Record<string, unknown>> }[] = [],
): DominoConfig {
  const c = plan.config;
  const base: Record<string, unknown> = {
    schemaVersion: DOMINO_CONFIG_SCHEMA_VERSION,
    name: plan.deployId,
    region: plan.region,
    fqdn: c.fqdn,
    certificateArn: infra.certificateArn,
    certificate: certificateOf(c.dns, infra),
    clusterName: cluster.clusterName,
    kubernetesVersion: c.kubernetesVersion,
    kmsKeyArn: infra.kmsKeyArn,
    buckets: {
      blobs: infra.bucketNames.blobs,
      logs: infra.bucketNames.logs,
      backups: infra.bucketNames.backups,
      registry: infra.bucketNames.registry,
      ...(infra.bucketNames.costs === undefined ? {} : { costs: infra.bucketNames.costs }),
    },
    internalRegistryBucket: infra.bucketNames.registry,
    monitoringBucket: infra.monitoringBucketName && infra.monitoringBucketArn
      ? { name: infra.monitoringBucketName, arn: infra.monitoringBucketArn, loadBalancerAccessLogPrefix: ELB_ACCESS_LOG_PREFIX }
      : null,
    ecr: c.storage.ecr.enabled && infra.ecrRegistryUrl
      ? { registryUrl: infra.ecrRegistryUrl, repositoryPrefix: plan.deployId, repositories: [...plan.names.ecrRepositories] }
      : null,
    efs: { fileSystemId: infra.efsFileSystemId, accessPointId: infra.efsAccessPointId },
    nodePoolLabel: NODE_POOL_LABEL,
    nodePools: Object.fromEntries(c.nodePools.map((p) => [p.name, { labels: { ...p.labels }, gpu: p.gpu }])),
    nodeGroups: { ...nodes.nodeGroupNames },
    namespaces: { platform: c.namespaces.platform, compute: c.namespaces.compute, system: c.namespaces.system, createdByTerraform: c.namespaces.create },
  };
  for (const part of addonParts) {
    for (const [key, value] of Object.entries(part.values)) {
      if (key in base) throw new Error(`add-on ${part.addon}'s installer values set "${key}", which domino_config holds already`);
      base[key] = value;
    }
  }
  // The order of DominoConfig's fields, so the synthesized document reads the same whichever part wrote a key.
  const ordered = Object.fromEntries([
    ...DOMINO_CONFIG_KEY_ORDER.filter((key) => key in base).map((key) => [key, base[key]] as const),
    ...Object.entries(base).filter(([key]) => !(DOMINO_CONFIG_KEY_ORDER as readonly string[]).includes(key)),
  ]);
  return ordered as unknown as DominoConfig;
}
