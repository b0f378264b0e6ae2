/**
 * The Kubernetes cluster autoscaler: discovers this cluster's node groups by their ASG tags, balances a pool's
 * per-zone groups, and runs on the platform pool with the IRSA role of the cluster stage (or the node role).
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { EBS_ZONE_LABEL, IRSA_ROLE_ANNOTATION, NODE_POOL_LABEL, PLATFORM_POOL } from "../../config/defaults";
import { AUTOSCALER_CHART, AUTOSCALER_IMAGE_TAGS } from "./defaults";
import { autoscalerDiscoveryTags } from "./tags";

/**
 * Labels that differ between the per-zone groups of one pool but say nothing about what fits on a node; the zone
 * labels themselves are ignored by the autoscaler already. The chart turns `key_n` into repeated `--key` flags.
 */
export const BALANCING_IGNORE_LABELS = [
  "eks.amazonaws.com/nodegroup",
  "eks.amazonaws.com/nodegroup-image",
  "eks.amazonaws.com/sourceLaunchTemplateId",
  "eks.amazonaws.com/sourceLaunchTemplateVersion",
  EBS_ZONE_LABEL,
  "k8s.amazonaws.com/eniConfig",
] as const;

/** The keys of the discovery tags the nodes stage puts on the node groups' Auto Scaling groups. */
export function autoDiscoveryTags(clusterName: string): string[] {
  return Object.keys(autoscalerDiscoveryTags(clusterName));
}

/** The tag matching the cluster's minor version, unless the config gives one (rules.ts rejects unknown versions). */
export function autoscalerImageTag(kubernetesVersion: string, override?: string): string {
  const tag = override ?? AUTOSCALER_IMAGE_TAGS[kubernetesVersion];
  if (!tag) throw new Error(`no cluster-autoscaler image tag for Kubernetes ${kubernetesVersion}: set autoscaler.imageTag`);
  return tag;
}

export interface ClusterAutoscalerProps {
  readonly chartVersion: string;
  readonly imageTag: string;
  readonly clusterName: string;
  readonly region: string;
  /** The IRSA role for the service account; undefined when the node role carries the permissions. */
  readonly roleArn?: string;
  /** The chart's repository. @default AUTOSCALER_CHART.repository */
  readonly repository?: string;
  /** The image without its tag, in place of the chart's registry.k8s.io/autoscaling/cluster-autoscaler. @default the chart's */
  readonly imageRepository?: string;
}

export function autoscalerValues(props: ClusterAutoscalerProps): Record<string, unknown> {
  const extraArgs: Record<string, string | boolean> = {
    "balance-similar-node-groups": true,
    // Scale down nodes that only run DaemonSet-like system pods and Domino executions' emptyDir scratch space.
    "skip-nodes-with-system-pods": false,
    "skip-nodes-with-local-storage": false,
    expander: "least-waste",
  };
  BALANCING_IGNORE_LABELS.forEach((label, i) => {
    extraArgs[`balancing-ignore-label_${i + 1}`] = label;
  });
  return {
    cloudProvider: "aws",
    awsRegion: props.region,
    autoDiscovery: { clusterName: props.clusterName, tags: autoDiscoveryTags(props.clusterName) },
    image: { ...(props.imageRepository ? { repository: props.imageRepository } : {}), tag: props.imageTag },
    fullnameOverride: AUTOSCALER_CHART.releaseName,
    rbac: {
      create: true,
      serviceAccount: {
        create: true,
        name: AUTOSCALER_CHART.serviceAccount,
        annotations: props.roleArn ? { [IRSA_ROLE_ANNOTATION]: props.roleArn } : {},
      },
    },
    nodeSelector: { [NODE_POOL_LABEL]: PLATFORM_POOL },
    extraArgs,
  };
}

export class ClusterAutoscaler extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    this.release = new Release(this, "release", {
      name: AUTOSCALER_CHART.releaseName,
      repository: props.repository ?? AUTOSCALER_CHART.repository,
      chart: AUTOSCALER_CHART.chart,
      version: props.chartVersion,
      namespace: AUTOSCALER_CHART.namespace,
      cleanupOnFail: true,
      values: [JSON.stringify(autoscalerValues(props), null, 2)],
    });
  }
}
