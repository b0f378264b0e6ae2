/**
 * Everything the stacks need, derived from a resolved deployment by pure functions: zones and subnet CIDRs,
 * node groups per pool and zone, names and tags. No cdktf imports here.
 */
import { allocate } from "./cidr";
import { BUCKET_ROLES } from "./defaults";
import type { DeploymentConfig } from "./load";
import { bucketNames, clusterName, ecrRepositoryName, kmsAlias, nodeGroupName, stackName, STAGES, type BucketRole, type Stage } from "./naming";
import type { NodePoolConfig } from "./node-pools";

export interface ZonePlan {
  readonly zoneId: string;
  /** Undefined with a brought VPC: the given subnets are used. */
  readonly privateCidr?: string;
  readonly publicCidr?: string;
  readonly podCidr?: string;
}

export interface NodeGroupPlan {
  readonly pool: NodePoolConfig;
  readonly name: string;
  /** One zone for a compute pool's group; the platform pool's single group spans all its zones. */
  readonly zoneIds: readonly string[];
  /** Construct-id part: stable as long as the pool name and zone id are. */
  readonly key: string;
}

export interface DeploymentPlan {
  readonly config: DeploymentConfig;
  readonly deployId: string;
  readonly region: string;
  readonly stacks: Readonly<Record<Stage, string>>;
  /** The provider's default_tags: the deployment id plus the user's tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly zones: readonly ZonePlan[];
  readonly nodeGroups: readonly NodeGroupPlan[];
  readonly names: {
    readonly cluster: string;
    readonly buckets: Readonly<Record<BucketRole, string>>;
    readonly kmsAlias: string;
    readonly ecrRepositories: readonly string[];
  };
}

export const DEPLOY_ID_TAG = "domino-deploy-id";

export function planDeployment(config: DeploymentConfig): DeploymentPlan {
  const { deployId } = config;
  return {
    config,
    deployId,
    region: config.region,
    stacks: Object.fromEntries(STAGES.map((s) => [s, stackName(deployId, s)])) as Record<Stage, string>,
    tags: { ...config.tags, [DEPLOY_ID_TAG]: deployId },
    zones: planZones(config),
    nodeGroups: planNodeGroups(deployId, config.nodePools),
    names: {
      cluster: clusterName(deployId),
      buckets: bucketNames(deployId),
      kmsAlias: kmsAlias(deployId),
      ecrRepositories: config.storage.ecr.enabled ? config.storage.ecr.repositories.map((r) => ecrRepositoryName(deployId, r)) : [],
    },
  };
}

/**
 * Private subnets first, then public ones, packed into the VPC CIDR in zone order; pod subnets in the secondary CIDR.
 * The rules have checked that they fit.
 */
export function planZones(config: Pick<DeploymentConfig, "availabilityZones" | "network">): ZonePlan[] {
  const zones = config.availabilityZones;
  const n = config.network;
  if (n.existingVpc) return zones.map((zoneId) => ({ zoneId }));
  const blocks = allocate(n.vpcCidr, [...zones.map(() => n.privateSubnetPrefix), ...zones.map(() => n.publicSubnetPrefix)]);
  if (!blocks) throw new Error(`subnets do not fit in ${n.vpcCidr}; the config rules should have caught this`);
  const pods = n.podCidr ? allocate(n.podCidr, zones.map(() => n.podSubnetPrefix)) : undefined;
  return zones.map((zoneId, i) => ({
    zoneId,
    privateCidr: blocks[i],
    publicCidr: blocks[zones.length + i],
    ...(pods ? { podCidr: pods[i] } : {}),
  }));
}

/** The spec's zone rule: compute pools get identical groups in every zone; the platform pool one group. */
export function planNodeGroups(deployId: string, pools: readonly NodePoolConfig[]): NodeGroupPlan[] {
  return pools.flatMap((pool): NodeGroupPlan[] =>
    pool.role === "platform"
      ? [{ pool, name: nodeGroupName(deployId, pool.name), zoneIds: pool.availabilityZones, key: pool.name }]
      : pool.availabilityZones.map((zoneId) => ({
          pool,
          name: nodeGroupName(deployId, pool.name, zoneId),
          zoneIds: [zoneId],
          key: `${pool.name}-${zoneId}`,
        })),
  );
}

export { BUCKET_ROLES };
