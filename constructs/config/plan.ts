/**
 * Everything the stacks need, derived from a resolved deployment by pure functions: zones and subnet CIDRs,
 * node groups per pool and zone, names and tags. No cdktf imports here.
 */
import { allocate } from "./cidr";
import { BUCKET_ROLES, CONTROL_PLANE_SUBNET_PREFIX } from "./defaults";
import type { DeploymentConfig } from "./deployment-config";
import { bucketNames, clusterLogGroupName, clusterName, ecrRepositoryName, flowLogGroupName, iamName, kmsAlias, monitoringBucketName, nodeGroupName, resourceName, stackName, STAGES, type BucketNames, type BucketRole, type Stage } from "./naming";
import type { NodePoolConfig } from "./node-pools";
import { controlPlaneZoneId } from "./zones";

export interface ZonePlan {
  readonly zoneId: string;
  /** Undefined with a brought VPC: the given subnets are used. */
  readonly privateCidr?: string;
  readonly publicCidr?: string;
  readonly podCidr?: string;
}

/** A subnet that only the EKS control plane's network interfaces use (see network.controlPlaneZoneId). */
export interface ControlPlaneSubnetPlan {
  readonly zoneId: string;
  readonly cidr: string;
}

export interface NodeGroupPlan {
  readonly pool: NodePoolConfig;
  readonly name: string;
  /**
   * One zone for a compute pool's group and for each group of an adopted pool (`adoption.nodeGroups`, the platform
   * pool's too); otherwise the platform pool's single group spans all its zones.
   */
  readonly zoneIds: readonly string[];
  /** Construct-id part: stable as long as the pool name and zone id are. */
  readonly key: string;
  /**
   * An adopted pool's (`adoption.nodeGroups.<pool>.launchTemplate`): the name of the one launch template all the pool's
   * groups share, created once for the pool. Undefined: the group has a launch template of its own, named like it.
   */
  readonly launchTemplate?: string;
}

export type AdoptedNodeGroups = NonNullable<DeploymentConfig["adoption"]>["nodeGroups"];

export interface DeploymentPlan {
  readonly config: DeploymentConfig;
  readonly deployId: string;
  readonly region: string;
  readonly stacks: Readonly<Record<Stage, string>>;
  /** The provider's default_tags: the deployment id plus the user's tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly zones: readonly ZonePlan[];
  /**
   * Set when the VPC is created here and its zones give EKS fewer than the two control-plane zones it needs; a brought
   * VPC lists existingVpc.controlPlaneSubnetIds instead.
   */
  readonly controlPlaneSubnet?: ControlPlaneSubnetPlan;
  /** The managed node groups: every pool's but the Karpenter pools'. */
  readonly nodeGroups: readonly NodeGroupPlan[];
  /** The pools Karpenter runs (a NodePool and EC2NodeClass each, no node groups), in config order. */
  readonly karpenterPools: readonly NodePoolConfig[];
  readonly names: {
    readonly cluster: string;
    /**
     * By role: `<deployId>-<role>`, or the name of an existing bucket (`storage.s3.buckets.<role>.create: false`);
     * `costs` (`<deployId>-costs`) only with `storage.s3.costs.enabled`.
     */
    readonly buckets: BucketNames;
    /** The roles whose bucket exists already and is not created here. */
    readonly existingBuckets: readonly BucketRole[];
    /** `<deployId>-monitoring`; undefined with `storage.s3.monitoring.enabled: false`. */
    readonly monitoringBucket?: string;
    readonly kmsAlias: string;
    readonly ecrRepositories: readonly string[];
    /**
     * Every CloudWatch Logs group the stacks create, all encrypted with the deployment key: the EKS control-plane
     * logs, and the VPC flow logs of a VPC created here. The key policy lets CloudWatch Logs use the key for these only.
     */
    readonly logGroups: readonly string[];
    /** The EKS control plane's IAM role: `adoption.names.clusterRole`, else `<deployId>-eks-cluster`. */
    readonly clusterRole: string;
    /** The nodes' S3 policy: `adoption.names.nodeS3Policy`, else `<deployId>-s3`. */
    readonly nodeS3Policy: string;
    /** The nodes' ECR policy: `adoption.names.registryPolicy`, else `<deployId>-ecr`. */
    readonly registryPolicy: string;
    /** The datasets file system's creation token: `adoption.names.datasetsCreationToken`, else `<deployId>-datasets`. */
    readonly datasetsCreationToken: string;
  };
  /**
   * Descriptions an adopted resource keeps (`adoption.descriptions`; ForceNew in the AWS provider). Only the ones given:
   * a construct uses its own text for the rest.
   */
  readonly descriptions: AdoptedDescriptions;
}

export type AdoptedDescriptions = Readonly<NonNullable<DeploymentConfig["adoption"]>["descriptions"]>;

export const DEPLOY_ID_TAG = "domino-deploy-id";

/**
 * How the certificate is validated: `dns.certificateValidation`, else route53 when there is a hosted zone, else
 * pending (the records are an output to create by hand; `external` once they exist).
 */
export function certificateValidation(dns: DeploymentConfig["dns"]): "route53" | "pending" | "external" {
  return dns.certificateValidation ?? (dns.hostedZoneId ? "route53" : "pending");
}

export function planDeployment(config: DeploymentConfig): DeploymentPlan {
  const { deployId } = config;
  const controlPlaneSubnet = planControlPlaneSubnet(config);
  const adopted = config.adoption?.names;
  return {
    config,
    deployId,
    region: config.region,
    stacks: Object.fromEntries(STAGES.map((s) => [s, stackName(deployId, s)])) as Record<Stage, string>,
    tags: { ...config.tags, [DEPLOY_ID_TAG]: deployId },
    zones: planZones(config),
    ...(controlPlaneSubnet ? { controlPlaneSubnet } : {}),
    nodeGroups: planNodeGroups(deployId, config.nodePools.filter((p) => p.scaler !== "karpenter"), config.adoption?.nodeGroups),
    karpenterPools: config.nodePools.filter((p) => p.scaler === "karpenter"),
    names: {
      cluster: clusterName(deployId),
      buckets: resolvedBucketNames(config),
      existingBuckets: BUCKET_ROLES.filter((role) => config.storage.s3.buckets[role]?.create === false),
      ...(config.storage.s3.monitoring.enabled ? { monitoringBucket: monitoringBucketName(deployId) } : {}),
      kmsAlias: kmsAlias(deployId),
      ecrRepositories: config.storage.ecr.enabled ? config.storage.ecr.repositories.map((r) => ecrRepositoryName(deployId, r)) : [],
      logGroups: [clusterLogGroupName(clusterName(deployId)), ...(config.network.existingVpc || config.network.flowLogs.destination === "s3" ? [] : [flowLogGroupName(deployId)])],
      clusterRole: adopted?.clusterRole ?? iamName(deployId, "eks-cluster"),
      nodeS3Policy: adopted?.nodeS3Policy ?? iamName(deployId, "s3"),
      registryPolicy: adopted?.registryPolicy ?? iamName(deployId, "ecr"),
      datasetsCreationToken: adopted?.datasetsCreationToken ?? resourceName(deployId, "datasets"),
    },
    descriptions: config.adoption?.descriptions ?? {},
  };
}

/** Each role's bucket name: the existing bucket's when `create: false`, else `<deployId>-<role>`; costs when it is on. */
function resolvedBucketNames(config: DeploymentConfig): BucketNames {
  const names = bucketNames(config.deployId, config.storage.s3.costs.enabled ? ["costs"] : []);
  for (const role of BUCKET_ROLES) {
    const b = config.storage.s3.buckets[role];
    if (b?.create === false && b.name !== undefined) names[role] = b.name;
  }
  return names;
}

/**
 * The prefixes packed into the VPC CIDR, in order: each zone's private subnet, each zone's public subnet, then the
 * control-plane subnet when there is one. It comes last so that adding it never moves another subnet.
 */
export function vpcSubnetPrefixes(zoneCount: number, network: DeploymentConfig["network"], controlPlaneSubnet: boolean): number[] {
  return [
    ...Array<number>(zoneCount).fill(network.privateSubnetPrefix),
    ...Array<number>(zoneCount).fill(network.publicSubnetPrefix),
    ...(controlPlaneSubnet ? [CONTROL_PLANE_SUBNET_PREFIX] : []),
  ];
}

/**
 * Private subnets first, then public ones, packed into the VPC CIDR in zone order; pod subnets in the secondary CIDR.
 * The rules have checked that they fit.
 */
export function planZones(config: Pick<DeploymentConfig, "availabilityZones" | "network">): ZonePlan[] {
  const zones = config.availabilityZones;
  const n = config.network;
  if (n.existingVpc) return zones.map((zoneId) => ({ zoneId }));
  const blocks = allocate(n.vpcCidr, vpcSubnetPrefixes(zones.length, n, false));
  if (!blocks) throw new Error(`subnets do not fit in ${n.vpcCidr}; the config rules should have caught this`);
  const pods = n.podCidr ? allocate(n.podCidr, zones.map(() => n.podSubnetPrefix)) : undefined;
  return zones.map((zoneId, i) => ({
    zoneId,
    privateCidr: blocks[i],
    publicCidr: blocks[zones.length + i],
    ...(pods ? { podCidr: pods[i] } : {}),
  }));
}

/** The control-plane subnet, after every zone's private and public subnet in the VPC CIDR; see ControlPlaneSubnetPlan. */
export function planControlPlaneSubnet(config: Pick<DeploymentConfig, "region" | "availabilityZones" | "network">): ControlPlaneSubnetPlan | undefined {
  const zoneId = controlPlaneZoneId(config);
  if (!zoneId) return undefined;
  const n = config.network;
  const blocks = allocate(n.vpcCidr, vpcSubnetPrefixes(config.availabilityZones.length, n, true));
  if (!blocks) throw new Error(`the control-plane subnet does not fit in ${n.vpcCidr}; the config rules should have caught this`);
  return { zoneId, cidr: blocks[blocks.length - 1] };
}

/**
 * The spec's zone rule: compute pools get identical groups in every zone; the platform pool one group. An adopted pool
 * (`adopted`, by pool name) has a group per zone, the platform pool too, with the given names and launch template.
 */
export function planNodeGroups(deployId: string, pools: readonly NodePoolConfig[], adopted: AdoptedNodeGroups = {}): NodeGroupPlan[] {
  return pools.flatMap((pool): NodeGroupPlan[] => {
    const existing = adopted[pool.name];
    if (existing) {
      return pool.availabilityZones.map((zoneId) => {
        const name = existing.groups[zoneId];
        if (name === undefined) throw new Error(`adoption.nodeGroups.${pool.name}.groups names no node group for zone ${zoneId}; the config rules should have caught this`);
        return { pool, name, zoneIds: [zoneId], key: `${pool.name}-${zoneId}`, launchTemplate: existing.launchTemplate };
      });
    }
    return pool.role === "platform"
      ? [{ pool, name: nodeGroupName(deployId, pool.name), zoneIds: pool.availabilityZones, key: pool.name }]
      : pool.availabilityZones.map((zoneId) => ({
          pool,
          name: nodeGroupName(deployId, pool.name, zoneId),
          zoneIds: [zoneId],
          key: `${pool.name}-${zoneId}`,
        }));
  });
}

export { BUCKET_ROLES };
