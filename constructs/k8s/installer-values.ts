/** The `domino_config` output: every value the Domino installer's configuration asks for, as JSON. */
import { Fn, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { ClusterOutputs } from "../cluster/outputs";
import { NODE_POOL_LABEL, SPEC_STORAGE_CLASS } from "../config/defaults";
import type { DeploymentPlan } from "../config/plan";
import type { InfraOutputs } from "../infra/outputs";
import type { NodesOutputs } from "../nodes/outputs";
import { AUTOSCALER_CHART, autoDiscoveryTags } from "./autoscaler";
import { CALICO_CHART } from "./calico";
import { DOMINO_CONFIG_SCHEMA_VERSION, type DominoConfig } from "./domino-config";

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

export interface DominoConfigInput {
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  readonly nodes: NodesOutputs;
  /** The autoscaler's image tag; undefined when it is off. */
  readonly autoscalerImageTag?: string;
  /** The IRSA role on the autoscaler's service account, if any. */
  readonly autoscalerRoleArn?: string;
}

export function dominoConfigOf({ plan, infra, cluster, nodes, autoscalerImageTag, autoscalerRoleArn }: DominoConfigInput): DominoConfig {
  const c = plan.config;
  const block = c.storage.blockStorage;
  return {
    schemaVersion: DOMINO_CONFIG_SCHEMA_VERSION,
    name: plan.deployId,
    region: plan.region,
    fqdn: c.fqdn,
    certificateArn: infra.certificateArn,
    clusterName: cluster.clusterName,
    kubernetesVersion: c.kubernetesVersion,
    kmsKeyArn: infra.kmsKeyArn,
    buckets: { blobs: infra.bucketNames.blobs, logs: infra.bucketNames.logs, backups: infra.bucketNames.backups, registry: infra.bucketNames.registry },
    internalRegistryBucket: infra.bucketNames.registry,
    ecr: c.storage.ecr.enabled && infra.ecrRegistryUrl
      ? { registryUrl: infra.ecrRegistryUrl, repositoryPrefix: plan.deployId, repositories: [...plan.names.ecrRepositories] }
      : null,
    efs: { fileSystemId: infra.efsFileSystemId, accessPointId: infra.efsAccessPointId },
    storageClass: {
      name: block.storageClassName,
      provisioner: SPEC_STORAGE_CLASS.provisioner,
      type: block.type,
      encrypted: true,
      kmsKeyArn: infra.kmsKeyArn,
      reclaimPolicy: SPEC_STORAGE_CLASS.reclaimPolicy,
      volumeBindingMode: SPEC_STORAGE_CLASS.volumeBindingMode,
      defaultClass: block.defaultClass,
    },
    nodePoolLabel: NODE_POOL_LABEL,
    nodePools: Object.fromEntries(c.nodePools.map((p) => [p.name, { labels: { ...p.labels }, gpu: p.gpu }])),
    nodeGroups: { ...nodes.nodeGroupNames },
    namespaces: { platform: c.namespaces.platform, compute: c.namespaces.compute, system: c.namespaces.system, createdByTerraform: c.namespaces.create },
    autoscaler: {
      enabled: c.autoscaler.enabled,
      clusterName: cluster.clusterName,
      region: plan.region,
      chartVersion: c.autoscaler.chartVersion,
      imageTag: autoscalerImageTag ?? null,
      namespace: AUTOSCALER_CHART.namespace,
      serviceAccount: AUTOSCALER_CHART.serviceAccount,
      iam: c.autoscaler.iam,
      roleArn: autoscalerRoleArn ?? null,
      autoDiscoveryTags: autoDiscoveryTags(cluster.clusterName),
    },
    calico: { chartVersion: c.calico.chartVersion, namespace: CALICO_CHART.namespace },
  };
}
