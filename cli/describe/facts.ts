/**
 * What describe reports about one deployment, gathered from its plan (zones, node groups) and its synthesized stacks
 * (what each stage creates: NAT gateways, endpoints, buckets, add-ons and charts), so the summary shows what the JSON
 * under review holds. Pure: plan and stack JSON in, facts out.
 */
import { certificateValidation, type DeploymentPlan } from "../../constructs/config/plan";
import type { Stage } from "../../constructs/config/naming";
import type { JsonObject } from "../../verify/json";
import { countResources } from "../config-record";

export interface SubnetFact {
  readonly kind: string;
  readonly zoneId: string;
  readonly cidr: string;
}

export interface NodeGroupFact {
  readonly name: string;
  readonly pool: string;
  readonly role: "platform" | "compute";
  readonly zoneIds: readonly string[];
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
  readonly capacityType: string;
  readonly amiType: string;
}

export interface VersionedFact {
  readonly name: string;
  /** A pinned version, or how it is chosen (`EKS default for 1.35, looked up at plan`). */
  readonly version: string;
  readonly detail?: string;
}

export interface KarpenterPoolFact {
  readonly pool: string;
  readonly zoneIds: readonly string[];
  /** Instance types, or `<family>.*` for instance families. */
  readonly instances: readonly string[];
  /** The NodePool's vCPU limit. */
  readonly cpuLimit?: number;
  readonly capacityType: string;
  readonly amiType: string;
}

export interface DeploymentFacts {
  readonly deployId: string;
  readonly region: string;
  readonly kubernetesVersion: string;
  readonly vpc: string;
  readonly zones: readonly string[];
  readonly subnets: readonly SubnetFact[];
  readonly nodeGroups: readonly NodeGroupFact[];
  /** The pools Karpenter runs: a NodePool each, no node group. */
  readonly karpenterPools: readonly KarpenterPoolFact[];
  readonly natGateways: number;
  readonly endpoints: readonly { readonly name: string; readonly type: string }[];
  readonly buckets: readonly string[];
  readonly fileSystems: readonly string[];
  readonly repositories: readonly string[];
  readonly eksAddons: readonly VersionedFact[];
  readonly charts: readonly VersionedFact[];
  readonly resources: Readonly<Record<Stage, number>>;
  readonly certificate: { readonly fqdn: string; readonly validation: "route53" | "pending" | "external"; readonly hostedZoneId?: string };
}

type Section = Record<string, JsonObject>;

function section(json: JsonObject | undefined, mode: "resource" | "data", type: string): Section {
  const byType = json?.[mode] as Record<string, Section> | undefined;
  return byType?.[type] ?? {};
}

const bodiesOf = (json: JsonObject | undefined, type: string): JsonObject[] => Object.values(section(json, "resource", type));
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const isToken = (v: string) => v.includes("${");

function nameTag(body: JsonObject, deployId: string): string | undefined {
  const name = str((body.tags as JsonObject | undefined)?.Name);
  return name?.startsWith(`${deployId}-`) ? name.slice(deployId.length + 1) : name;
}

/** EKS add-ons of a stack: a pinned version, or the lookup that picks it. */
function eksAddons(json: JsonObject | undefined, kubernetesVersion: string, policy: string): VersionedFact[] {
  const lookups = section(json, "data", "aws_eks_addon_version");
  return bodiesOf(json, "aws_eks_addon").map((a) => {
    const name = String(a.addon_name);
    const version = str(a.addon_version);
    const looked = Object.values(lookups).find((d) => d.addon_name === name);
    if (version && !isToken(version)) return { name, version, detail: "pinned in addons.versions" };
    return { name, version: `${policy === "most-recent" ? "newest" : "EKS default"} for ${kubernetesVersion}`, detail: looked ? "looked up at plan (aws_eks_addon_version)" : "chosen by EKS at creation" };
  });
}

function charts(json: JsonObject | undefined): VersionedFact[] {
  return bodiesOf(json, "helm_release").map((r) => {
    let image: string | undefined;
    try {
      const values = JSON.parse(String((r.values as string[] | undefined)?.[0] ?? "{}")) as { image?: { tag?: unknown } };
      image = str(values.image?.tag);
    } catch {
      image = undefined;
    }
    // A chart without a repository is read from the stack's folder (the Karpenter node-pools chart).
    const local = r.repository === undefined && String(r.chart).startsWith("./");
    return {
      name: String(r.name),
      version: local ? "local" : String(r.version ?? "latest"),
      detail: `chart ${String(r.chart)} ${local ? "in the stack's folder" : `from ${String(r.repository ?? "")}`}${image && !isToken(image) ? `, image ${image}` : ""}, namespace ${String(r.namespace ?? "default")}`,
    };
  });
}

const resourceCount = (json: JsonObject | undefined): number => countResources((json ?? {}) as Parameters<typeof countResources>[0]);

export function deploymentFacts(plan: DeploymentPlan, stacks: Readonly<Record<Stage, JsonObject | undefined>>): DeploymentFacts {
  const c = plan.config;
  const { infra, cluster, nodes, k8s } = stacks;
  const subnets: SubnetFact[] = bodiesOf(infra, "aws_subnet")
    .map((s) => ({ kind: (nameTag(s, plan.deployId) ?? "subnet").replace(/-[a-z0-9]+-az\d+$/, ""), zoneId: String(s.availability_zone_id ?? ""), cidr: String(s.cidr_block ?? "") }))
    .sort((a, b) => a.zoneId.localeCompare(b.zoneId) || a.kind.localeCompare(b.kind));
  const policy = c.addons.versionPolicy;
  return {
    deployId: plan.deployId,
    region: plan.region,
    kubernetesVersion: c.kubernetesVersion,
    vpc: c.network.existingVpc ? `existing VPC ${c.network.existingVpc.vpcId}` : `new VPC ${c.network.vpcCidr}${c.network.podCidr ? ` + pod CIDR ${c.network.podCidr}` : ""}`,
    zones: plan.zones.map((z) => z.zoneId),
    subnets,
    nodeGroups: plan.nodeGroups.map((g) => ({
      name: g.name,
      pool: g.pool.name,
      role: g.pool.role,
      zoneIds: g.zoneIds,
      instanceTypes: g.pool.instanceTypes,
      minSize: g.pool.minSize,
      maxSize: g.pool.maxSize,
      diskSizeGiB: g.pool.diskSizeGiB,
      capacityType: g.pool.capacityType,
      amiType: amiOf(g.pool),
    })),
    karpenterPools: plan.karpenterPools.map((p) => ({
      pool: p.name,
      zoneIds: p.availabilityZones,
      instances: [...p.instanceTypes, ...p.instanceFamilies.map((f) => `${f}.*`)],
      ...(p.karpenter?.limits.cpu !== undefined ? { cpuLimit: p.karpenter.limits.cpu } : {}),
      capacityType: p.capacityType,
      amiType: p.amiType,
    })),
    natGateways: bodiesOf(infra, "aws_nat_gateway").length,
    endpoints: bodiesOf(infra, "aws_vpc_endpoint").map((e) => ({ name: nameTag(e, plan.deployId) ?? "endpoint", type: String(e.vpc_endpoint_type ?? "Gateway") })),
    buckets: bodiesOf(infra, "aws_s3_bucket").map((b) => String(b.bucket)),
    fileSystems: bodiesOf(infra, "aws_efs_file_system").map((f) => String(f.creation_token ?? nameTag(f, plan.deployId) ?? "efs")),
    repositories: bodiesOf(infra, "aws_ecr_repository").map((r) => String(r.name)),
    eksAddons: [...eksAddons(cluster, c.kubernetesVersion, policy), ...eksAddons(nodes, c.kubernetesVersion, policy)],
    charts: charts(k8s),
    certificate: { fqdn: c.fqdn, validation: certificateValidation(c.dns), ...(c.dns.hostedZoneId ? { hostedZoneId: c.dns.hostedZoneId } : {}) },
    resources: { infra: resourceCount(infra), cluster: resourceCount(cluster), nodes: resourceCount(nodes), k8s: resourceCount(k8s) },
  };
}

/** The AMI column: the AMI type, or a custom AMI with its family (and, on a GPU pool, where its drivers come from). */
function amiOf(pool: { readonly amiType: string; readonly amiId?: string; readonly gpu: boolean }): string {
  if (!pool.amiId) return pool.amiType;
  return `${pool.amiId} (custom, ${pool.amiType} family${pool.gpu ? "; NVIDIA drivers must be in the image" : ""})`;
}
