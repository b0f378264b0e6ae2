/**
 * What the Domino installer's configuration needs from this deployment, as one JSON document: the `domino_config`
 * output of the k8s stack, which `npm run domino-values` turns into a domino.yml fragment. No cdktf imports here, so
 * the command loads fast.
 */

export const DOMINO_CONFIG_SCHEMA_VERSION = 1;

/** The document's keys in reading order; add-ons write storageClass (ebs-csi-driver), autoscaler, karpenter and calico. */
export const DOMINO_CONFIG_KEY_ORDER = [
  "schemaVersion", "name", "region", "fqdn", "certificateArn", "certificate", "clusterName", "kubernetesVersion", "kmsKeyArn", "buckets",
  "internalRegistryBucket", "monitoringBucket", "ecr", "efs", "storageClass", "nodePoolLabel", "nodePools", "nodeGroups", "namespaces",
  "autoscaler", "karpenter", "calico", "loadBalancerController", "externalDns", "serviceAccountRoles",
] as const;

export interface DominoConfig {
  readonly schemaVersion: number;
  readonly name: string;
  readonly region: string;
  readonly fqdn: string;
  readonly certificateArn: string;
  /** How the certificate was validated; pending, the DNS records still to create (`dns.certificateValidation`). */
  readonly certificate: {
    readonly arn: string;
    readonly validation: "route53" | "pending" | "external";
    /** `issued` once the infra stage has applied with route53 or external validation. */
    readonly status: "issued" | "pending-validation";
    /** ACM's domain_validation_options (name, type and value of each record); null with route53, which writes them. */
    readonly validationRecords: unknown;
    readonly nextStep: string | null;
  };
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly kmsKeyArn: string;
  /** By role: blobs (projects), logs, backups, registry; costs (the cost features' long-term storage) only with `storage.s3.costs.enabled`. */
  readonly buckets: Readonly<Record<"blobs" | "logs" | "backups" | "registry", string>> & { readonly costs?: string };
  readonly internalRegistryBucket: string;
  /**
   * The log bucket (SSE-S3), for load-balancer access logs: `access_logs.s3.bucket=<name>`,
   * `access_logs.s3.prefix=<loadBalancerAccessLogPrefix>` in the load balancer attributes. Null when turned off.
   */
  readonly monitoringBucket: { readonly name: string; readonly arn: string; readonly loadBalancerAccessLogPrefix: string } | null;
  /** Null when the config turns ECR off. */
  readonly ecr: { readonly registryUrl: string; readonly repositoryPrefix: string; readonly repositories: readonly string[] } | null;
  readonly efs: { readonly fileSystemId: string; readonly accessPointId: string };
  /** From the ebs-csi-driver add-on; absent when it is disabled. */
  readonly storageClass?: {
    readonly name: string;
    readonly provisioner: string;
    readonly type: string;
    readonly encrypted: boolean;
    readonly kmsKeyArn: string;
    readonly reclaimPolicy: string;
    readonly volumeBindingMode: string;
    readonly defaultClass: boolean;
  };
  readonly nodePoolLabel: string;
  /** Pool name -> node labels (the label values are what Domino hardware tiers select). */
  readonly nodePools: Readonly<Record<string, { readonly labels: Readonly<Record<string, string>>; readonly gpu: boolean }>>;
  /** EKS node group names, keyed `<pool>` (platform) or `<pool>-<zoneId>`. */
  readonly nodeGroups: Readonly<Record<string, string>>;
  readonly namespaces: { readonly platform: string; readonly compute: string; readonly system: string; readonly createdByTerraform: boolean };
  /** From the cluster-autoscaler add-on; absent when it is disabled. */
  readonly autoscaler?: {
    /** Whether the k8s stage installs it: `autoscaler.enabled` and some managed node group can scale. */
    readonly enabled: boolean;
    /** The pools whose managed node groups can scale (minSize < maxSize); empty: nothing for an autoscaler to do. */
    readonly pools: readonly string[];
    readonly clusterName: string;
    readonly region: string;
    readonly chartVersion: string;
    /** Null when the autoscaler is off. */
    readonly imageTag: string | null;
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly iam: "irsa" | "node-role";
    /** The IRSA role on the service account; null with the node-role option or when off. */
    readonly roleArn: string | null;
    readonly autoDiscoveryTags: readonly string[];
  };
  /** From the karpenter add-on: the pools Karpenter runs and its controller's cluster-stage objects; absent when it is disabled. */
  readonly karpenter?: {
    /** True when some pool is run by Karpenter (the k8s stage installs the controller). */
    readonly enabled: boolean;
    /** The pools Karpenter runs (a NodePool each, no managed node groups), in config order. */
    readonly pools: readonly string[];
    /** Null when off. */
    readonly chartVersion: string | null;
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly clusterName: string;
    /** The controller's EKS Pod Identity role; null when off. */
    readonly controllerRoleName: string | null;
    readonly controllerRoleArn: string | null;
    /** The role of the nodes it launches; null when off. */
    readonly nodeRoleName: string | null;
    readonly nodeRoleArn: string | null;
    /** The SQS queue of interruption events (settings.interruptionQueue); null when off. */
    readonly interruptionQueueName: string | null;
  };
  /** From the calico add-on; absent when it is disabled. */
  readonly calico?: { readonly chartVersion: string; readonly namespace: string };
  /** From the aws-load-balancer-controller add-on: the IRSA role for the controller Domino's installer deploys. */
  readonly loadBalancerController?: {
    readonly enabled: boolean;
    readonly namespace: string;
    readonly serviceAccount: string;
    /** Null when off. */
    readonly roleArn: string | null;
    readonly clusterName: string;
    readonly region: string;
    readonly vpcId: string;
    /** Whether the k8s stage installs the controller's chart, and its version (null when it does not). */
    readonly chart: { readonly enabled: boolean; readonly version: string | null };
  };
  /** From the external-dns add-on: the IRSA role for external-dns, limited to `hostedZoneIds`. */
  readonly externalDns?: {
    readonly enabled: boolean;
    readonly namespace: string;
    readonly serviceAccount: string;
    /** Null when off. */
    readonly roleArn: string | null;
    /** Empty when off. */
    readonly hostedZoneIds: readonly string[];
    readonly domainFilters: readonly string[];
    readonly txtOwnerId: string;
    /** Whether the k8s stage installs the chart, its version and policy (null when it does not). */
    readonly chart: { readonly enabled: boolean; readonly version: string | null; readonly policy: string | null };
  };
  /** From the service-account-roles add-on: the roles of `serviceAccountRoles`, in config order; absent when it is disabled. */
  readonly serviceAccountRoles?: readonly {
    readonly name: string;
    readonly namespace: string;
    readonly serviceAccount: string;
    readonly mode: "irsa" | "pod-identity";
    readonly roleArn: string;
  }[];
}
