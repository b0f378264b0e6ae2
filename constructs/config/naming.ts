/** Every name this project gives an AWS or Kubernetes object, derived from the deployment id. */
import { BUCKET_ROLES, KARPENTER_DISCOVERY_TAG_KEY, OPTIONAL_BUCKET_ROLES } from "./defaults";

export type Stage = "infra" | "cluster" | "nodes" | "k8s";
/** Domino's apply order: each stage reads only the ones before it. */
export const STAGES: readonly Stage[] = ["infra", "cluster", "nodes", "k8s"];

export type BucketRole = (typeof BUCKET_ROLES)[number];
export type OptionalBucketRole = (typeof OPTIONAL_BUCKET_ROLES)[number];
export type DataBucketRole = BucketRole | OptionalBucketRole;
/** By role: the spec's four always, an optional role only when its bucket is on. */
export type BucketNames = Readonly<Record<BucketRole, string>> & Readonly<Partial<Record<OptionalBucketRole, string>>>;

export function stackName(deployId: string, stage: Stage): string {
  return `${deployId}-${stage}`;
}

/** The EKS cluster is named after the deployment, as in Domino's own modules. */
export function clusterName(deployId: string): string {
  return deployId;
}

export function bucketName(deployId: string, role: DataBucketRole): string {
  return `${deployId}-${role}`;
}

/** `<deployId>-<role>` for the spec's four roles and the optional roles that are on. */
export function bucketNames(deployId: string, optional: readonly OptionalBucketRole[] = []): Record<BucketRole, string> & Partial<Record<OptionalBucketRole, string>> {
  return Object.fromEntries([...BUCKET_ROLES, ...optional].map((role) => [role, bucketName(deployId, role)])) as Record<BucketRole, string>;
}

/** The roles that have a bucket, in order: the spec's four, then the optional ones that are on. */
export function bucketRolesOf(names: BucketNames): DataBucketRole[] {
  return [...BUCKET_ROLES, ...OPTIONAL_BUCKET_ROLES.filter((role) => names[role] !== undefined)];
}

/** The log bucket: S3 server access logs, load-balancer access logs, VPC flow logs with flowLogs.destination s3. */
export function monitoringBucketName(deployId: string): string {
  return `${deployId}-monitoring`;
}

export function kmsAlias(deployId: string): string {
  return `alias/${deployId}`;
}

export function ecrRepositoryName(deployId: string, repository: string): string {
  return `${deployId}/${repository}`;
}

/** One managed node group per pool and zone; the zone id keeps the names unique and readable. */
export function nodeGroupName(deployId: string, pool: string, zoneId?: string): string {
  return zoneId ? `${deployId}-${pool}-${zoneId}` : `${deployId}-${pool}`;
}

/** IAM role and policy names: `<deployId>-<purpose>`. */
export function iamName(deployId: string, purpose: string): string {
  return `${deployId}-${purpose}`;
}

/** Turns a resource or zone id into a construct-id-safe token. */
export function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, "-");
}

/** Other AWS object names (security groups, subnets, backup vault and plan): `<deployId>-<purpose>`. */
export function resourceName(deployId: string, purpose: string): string {
  return `${deployId}-${purpose}`;
}

/** The CloudWatch Logs group of the VPC flow logs. */
export function flowLogGroupName(deployId: string): string {
  return `/aws/vpc-flow-logs/${deployId}`;
}

/** The CloudWatch Logs group EKS writes the control-plane logs to (a fixed name EKS expects). */
export function clusterLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

/** The AWS objects of the Karpenter controller, made in the cluster stage when a pool is run by Karpenter. */
export interface KarpenterNames {
  /** The controller's EKS Pod Identity role. */
  readonly controllerRole: string;
  /** The role of the nodes Karpenter launches (its instance profiles are Karpenter's own). */
  readonly nodeRole: string;
  /** The SQS queue EventBridge sends interruption events to. */
  readonly interruptionQueue: string;
  /** The EventBridge rules on the default bus, by event. */
  readonly rules: Readonly<Record<KarpenterEvent, string>>;
}

export const KARPENTER_EVENTS = ["spot-interruption", "rebalance", "state-change", "scheduled-change"] as const;
export type KarpenterEvent = (typeof KARPENTER_EVENTS)[number];

/** `<deployId>-karpenter`, `-karpenter-node`, `-karpenter-interruption` and `-karpenter-<event>` (at most 59 characters, under EventBridge's 64). */
export function karpenterNames(deployId: string): KarpenterNames {
  return {
    controllerRole: iamName(deployId, "karpenter"),
    nodeRole: iamName(deployId, "karpenter-node"),
    interruptionQueue: resourceName(deployId, "karpenter-interruption"),
    rules: Object.fromEntries(KARPENTER_EVENTS.map((event) => [event, resourceName(deployId, `karpenter-${event}`)])) as Record<KarpenterEvent, string>,
  };
}

/** The tag Karpenter's EC2NodeClasses select the nodes' subnets and security group by: `karpenter.sh/discovery = <cluster>`. */
export function karpenterDiscoveryTag(cluster: string): Record<string, string> {
  return { [KARPENTER_DISCOVERY_TAG_KEY]: cluster };
}
