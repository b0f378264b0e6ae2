/**
 * From the three states of a deployment made with Domino's Terraform to this project's deployment config: every
 * setting that can be carried over, each explained where the value or its reason is not obvious, and the settings that
 * cannot be, for the report. Pure: reads the states, returns data.
 */
import { parse as parseYaml } from "yaml";
import type { Problem } from "../../constructs/config/problems";
import { DOMINO_NODE_LABEL } from "../../constructs/config/defaults";
import { ADDON_VERSION, deployIdSchema, POOL_NAME } from "../../constructs/config/schema";
import { arnName, block, type DominoState, num, str, stringRecord, strings } from "./domino-state";

/** A comment the YAML writer puts above a key (path of keys from the document root). */
export interface KeyComment {
  readonly path: readonly string[];
  readonly text: string;
}

/** Something of Domino's deployment the config does not carry over, for the report. */
export interface NotCarried {
  readonly what: string;
  readonly why: string;
}

export interface DerivedConfig {
  readonly deployId: string;
  readonly config: Record<string, unknown>;
  readonly comments: readonly KeyComment[];
  readonly notCarried: readonly NotCarried[];
  readonly problems: readonly Problem[];
}

export interface DeriveOptions {
  /** The Domino FQDN (Domino's Terraform does not know it; the certificate here covers it). */
  readonly fqdn: string;
  /** The adoption file's name, relative to the config file. */
  readonly importsFile: string;
}

/** Domino's default pools and the spec pools of this project that play their part. */
const POOL_NAMES: Readonly<Record<string, string>> = { platform: "platform", compute: "default", gpu: "default-gpu" };

/** Labels this project puts on a pool itself (node-pool, the Domino and NVIDIA labels); others are carried over. */
const OWN_LABELS = new Set([DOMINO_NODE_LABEL]);

/** The partner tag Domino's providers add to every resource (`default_tags`). */
const DOMINO_PARTNER_TAG = "aws-apn-id";

const TAINT_EFFECTS: Readonly<Record<string, string>> = { NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute" };

/** The Helm release Domino's k8s-functions.sh installs the Tigera operator chart as, in tigera-operator. */
export const DOMINO_CALICO_RELEASE = "calico-tigera-operator";

export const ADOPTION_REASON = "adopted from the state of Domino's Terraform (dominodatalab/terraform-aws-eks 3.x) by domino-eks adopt";

export function deriveConfig(state: DominoState, options: DeriveOptions): DerivedConfig {
  const problems: Problem[] = [];
  const comments: KeyComment[] = [];
  const notCarried: NotCarried[] = [];
  const note = (path: string[], text: string) => comments.push({ path, text });

  const clusters = state.managed("aws_eks_cluster");
  if (clusters.length !== 1) {
    problems.push({ path: "--cluster", message: clusters.length === 0 ? "holds no aws_eks_cluster: give the state of Domino's cluster stage (examples/deploy/terraform/cluster)" : `holds ${clusters.length} EKS clusters; give the state of one deployment` });
    return { deployId: "", config: {}, comments, notCarried, problems };
  }
  const cluster = clusters[0].values;
  const deployId = str(cluster.name) ?? "";
  if (!deployIdSchema.safeParse(deployId).success) {
    problems.push({ path: "--cluster", message: `names the cluster ${JSON.stringify(deployId)}, which is not a deploy id this project accepts (3-32 lowercase letters, digits and hyphens); adopt cannot keep the cluster's name` });
  }
  const region = str(cluster.arn)?.split(":")[3] ?? "";
  const config: Record<string, unknown> = { deployId, region, fqdn: options.fqdn, kubernetesVersion: str(cluster.version) };
  note(["deployId"], "Domino's deploy_id: the EKS cluster, buckets, roles and log groups keep their names");
  note(["fqdn"], "Domino's Terraform does not know the FQDN: given with --fqdn. The ACM certificate created here covers it (and *.fqdn)");
  note(["kubernetesVersion"], "the version the cluster runs now: raise it one minor version at a time (domino-eks upgrade-check)");

  // Network: the VPC and subnets stay as they are and are referred to by id (see the report).
  const network = networkOf(state, problems);
  const zones = network.zones;
  config.availabilityZones = zones;
  note(["availabilityZones"], "the zone ids of the private (node) subnets, in the order of network.existingVpc's subnet lists");
  const tags = tagsOf(state);
  if (Object.keys(tags).length > 0) {
    config.tags = tags;
    if (DOMINO_PARTNER_TAG in tags) note(["tags"], `the default tags of Domino's providers, with Domino's partner tag ${DOMINO_PARTNER_TAG}: kept so no resource's tags change; remove it if you do not want it`);
  }
  config.controlPlaneLogRetentionDays = num(state.managed("aws_cloudwatch_log_group", "eks_cluster")[0]?.values.retention_in_days) ?? 365;
  const vpcConfig = block(cluster.vpc_config);
  const cniEnv = (() => {
    try {
      const cni = state.managed("aws_eks_addon").find((a) => a.values.addon_name === "vpc-cni");
      return stringRecord((JSON.parse(str(cni?.values.configuration_values) ?? "{}") as { env?: unknown }).env);
    } catch {
      return {};
    }
  })();
  config.network = {
    vpcCidr: network.vpcCidr,
    ...(cniEnv.ANNOTATE_POD_IP === "true" ? { annotatePodIp: true } : {}),
    ...(cniEnv.ENABLE_PREFIX_DELEGATION === "true" ? { prefixDelegation: true } : {}),
    ...(vpcConfig.endpoint_public_access === true ? publicApiOf(strings(vpcConfig.public_access_cidrs), note) : {}),
    existingVpc: network.existingVpc,
  };
  note(["network", "existingVpc"], network.created
    ? "Domino's Terraform created this VPC; this project leaves it (subnets, NAT gateways, route tables, endpoints, flow log) as it is and uses it by id. Its network resources stay in Domino's infra state or are removed from it: see the report"
    : "the VPC and subnets Domino's Terraform was given (network.vpc)");

  // KMS: a created key is imported; a brought one stays brought.
  const providedKey = state.data("aws_kms_key", "key")[0];
  if (providedKey) {
    config.kms = { keyArn: str(providedKey.values.arn) };
    note(["kms"], "the key Domino's Terraform was given (kms.key_id)");
  }

  config.storage = storageOf(state, deployId, note, notCarried);
  const bastion = bastionOf(state, note, notCarried);
  if (bastion) config.bastion = bastion;

  const access = accessOf(state, cluster, note, notCarried);
  config.access = access;

  const externalDns = state.managed("aws_iam_role", "external_dns")[0];
  const account = str(cluster.arn)?.split(":")[4];
  if (externalDns && account && str(externalDns.values.arn)?.split(":")[4] !== account) {
    notCarried.push({ what: `the external-dns role ${String(externalDns.values.arn)}`, why: "it is in another account (the hosted zone's): this project makes external-dns's role in the cluster's account only; keep managing that one where it is" });
  } else if (externalDns) {
    const zones = hostedZonesOf(state);
    config.externalDns = { enabled: true, ...(zones.length > 0 ? { hostedZoneIds: zones } : {}), roleName: str(externalDns.values.name) };
    note(["externalDns"], "Domino's irsa_external_dns role, kept by name");
  }

  const versions = addonVersionsOf(state);
  if (Object.keys(versions).length > 0) {
    config.addons = { versions };
    note(["addons", "versions"], "pinned to the versions the cluster runs, so adopting upgrades nothing; unpin one to let it follow kubernetesVersion");
  }

  if (state.managed("terraform_data", "calico_setup").length > 0) {
    config.calico = { releaseName: DOMINO_CALICO_RELEASE };
    note(["calico", "releaseName"], `Domino's Terraform installed Calico by script as this Helm release (in tigera-operator): the k8s stage imports it and upgrades it in place, so Calico is never uninstalled`);
  }

  const { pools, nodeGroups } = nodePoolsOf(state, deployId, zones, note, notCarried, problems);
  config.nodePools = pools;

  config.adoption = { ...adoptionOf(state, deployId, zones, options, notCarried), ...(Object.keys(nodeGroups).length > 0 ? { nodeGroups } : {}) };
  note(["adoption"], "settings that keep what Domino's Terraform made as it is; a new deployment needs none of them");
  return { deployId, config, comments, notCarried, problems };
}

interface NetworkOf {
  readonly zones: string[];
  readonly vpcCidr?: string;
  readonly created: boolean;
  readonly existingVpc: Record<string, unknown>;
}

interface SubnetOf {
  readonly id: string;
  readonly zoneId: string;
}

function networkOf(state: DominoState, problems: Problem[]): NetworkOf {
  const createdVpc = state.managed("aws_vpc", "this")[0];
  const vpc = createdVpc ?? state.data("aws_vpc", "provided")[0];
  const subnets = (name: string): SubnetOf[] => {
    const list = [...state.managed("aws_subnet", name), ...state.data("aws_subnet", name)];
    return list.flatMap((s) => {
      const id = str(s.values.id);
      const zoneId = str(s.values.availability_zone_id);
      return id && zoneId ? [{ id, zoneId }] : [];
    });
  };
  const priv = subnets("private");
  if (!vpc || priv.length === 0) {
    problems.push({ path: "--infra", message: "holds no VPC and private subnets (module.infra.module.network): give the state of Domino's infra stage" });
    return { zones: [], created: false, existingVpc: {} };
  }
  const zones = [...new Set(priv.map((s) => s.zoneId))].sort();
  for (const zone of zones) {
    if (priv.filter((s) => s.zoneId === zone).length > 1) problems.push({ path: "--infra", message: `has more than one private subnet in ${zone}; this project takes one private subnet per zone` });
  }
  const inZoneOrder = (list: SubnetOf[]) => zones.flatMap((z) => list.filter((s) => s.zoneId === z).slice(0, 1).map((s) => s.id));
  const pub = subnets("public");
  const pod = subnets("pod");
  return {
    zones,
    vpcCidr: str(vpc.values.cidr_block),
    created: createdVpc !== undefined,
    existingVpc: {
      vpcId: str(vpc.values.id),
      privateSubnetIds: inZoneOrder(priv),
      ...(pub.length > 0 ? { publicSubnetIds: inZoneOrder(pub) } : {}),
      ...(pod.length > 0 ? { podSubnetIds: inZoneOrder(pod) } : {}),
    },
  };
}

function publicApiOf(cidrs: string[], note: (path: string[], text: string) => void): Record<string, unknown> {
  const anywhere = cidrs.includes("0.0.0.0/0");
  note(["network", "apiPublicAccessCidrs"], "Domino's cluster has a public API endpoint (eks.public_access): kept, with its CIDRs");
  return { apiPublicAccessCidrs: cidrs, ...(anywhere ? { allowPublicApiFromAnywhere: true } : {}) };
}

function tagsOf(state: DominoState): Record<string, string> {
  const defaults = state.data("aws_default_tags").find((d) => d.stage === "infra") ?? state.data("aws_default_tags")[0];
  return defaults ? stringRecord(defaults.values.tags) : {};
}

function storageOf(state: DominoState, deployId: string, note: (path: string[], text: string) => void, notCarried: NotCarried[]): Record<string, unknown> {
  const storage: Record<string, unknown> = {};
  const repos = state.managed("aws_ecr_repository").flatMap((r) => {
    const name = str(r.values.name);
    return name?.startsWith(`${deployId}/`) ? [name.slice(deployId.length + 1)] : [];
  });
  storage.ecr = repos.length > 0 ? { repositories: repos.sort() } : { enabled: false };
  if (state.managed("aws_s3_bucket", "costs").length > 0) {
    storage.s3 = { costs: { enabled: true } };
    note(["storage", "s3"], "Domino's costs bucket (storage.costs_enabled: long-term storage of Domino's cost features) is kept: imported like the other buckets");
  }
  if (state.managed("aws_s3_bucket").some((b) => b.values.force_destroy === true)) {
    notCarried.push({ what: "force_destroy on the buckets (storage.s3.force_destroy_on_deletion)", why: "this project keeps buckets from being destroyed with their data; storage.s3.forceDestroy stays false" });
  }
  const fs = state.managed("aws_efs_file_system")[0];
  if (fs) {
    const efs: Record<string, unknown> = {
      throughputMode: str(fs.values.throughput_mode) ?? "bursting",
      performanceMode: str(fs.values.performance_mode) ?? "generalPurpose",
    };
    const provisioned = num(fs.values.provisioned_throughput_in_mibps);
    if (efs.throughputMode === "provisioned" && provisioned) efs.provisionedThroughputMibps = provisioned;
    const plan = state.managed("aws_backup_plan")[0];
    if (plan) {
      const rule = block(plan.values.rule);
      const lifecycle = block(rule.lifecycle);
      efs.backup = true;
      const schedule = str(rule.schedule);
      if (schedule) efs.backupSchedule = schedule;
      const deleteAfter = num(lifecycle.delete_after);
      if (deleteAfter) efs.backupRetentionDays = deleteAfter;
      const cold = num(lifecycle.cold_storage_after);
      if (cold) efs.coldStorageAfterDays = cold;
    } else {
      efs.backup = false;
    }
    storage.efs = efs;
    note(["storage", "efs"], "the datasets file system's modes and its AWS Backup plan, as Domino's Terraform set them");
  }
  return storage;
}

function bastionOf(state: DominoState, note: (path: string[], text: string) => void, notCarried: NotCarried[]): Record<string, unknown> | undefined {
  const instance = state.managed("aws_instance", "bastion")[0];
  if (!instance) return undefined;
  const ssh = state.managed("aws_security_group_rule", "bastion").filter((r) => r.values.type === "ingress");
  const cidrs = [...new Set(ssh.flatMap((r) => strings(r.values.cidr_blocks)))];
  const allowed = cidrs.filter((c) => c !== "0.0.0.0/0");
  if (allowed.length < cidrs.length) {
    notCarried.push({ what: "SSH to the bastion from 0.0.0.0/0", why: "this project refuses ingress from the whole internet: bastion.allowedCidrs lists the other networks, or is empty (Session Manager only, the bastion in a private subnet)" });
  }
  note(["bastion"], "Domino's bastion: its role, instance profile and security group are kept; the instance itself is replaced by this project's (see the report)");
  return { enabled: true, instanceType: str(instance.values.instance_type) ?? "t3.micro", allowedCidrs: allowed };
}

function accessOf(state: DominoState, cluster: Record<string, unknown>, note: (path: string[], text: string) => void, notCarried: NotCarried[]): Record<string, unknown> {
  const mode = str(block(cluster.access_config).authentication_mode) ?? "CONFIG_MAP";
  const admins = new Set<string>(state.data("aws_iam_role", "master_roles").flatMap((r) => (str(r.values.arn) ? [str(r.values.arn) as string] : [])));
  const nodeRoles = new Set(state.managed("aws_iam_role", "eks_nodes").map((r) => str(r.values.arn)));
  for (const mapping of awsAuthRoles(state)) {
    if (nodeRoles.has(mapping.rolearn)) continue;
    if (mapping.groups.includes("system:masters")) admins.add(mapping.rolearn);
    else notCarried.push({ what: `the aws-auth mapping of ${mapping.rolearn} to the groups ${mapping.groups.join(", ")}`, why: "only cluster-admin mappings (system:masters) become access entries here; the ConfigMap keeps this one working (API_AND_CONFIG_MAP): give the role an access entry with these Kubernetes groups before moving to API" });
  }
  const authenticationMode = mode === "API" ? "API" : "API_AND_CONFIG_MAP";
  note(["access", "authenticationMode"], mode === "API"
    ? "the cluster already uses access entries only"
    : `the cluster authenticates with the aws-auth ConfigMap (${mode}); EKS moves it to access entries one way, one step at a time: API_AND_CONFIG_MAP keeps the ConfigMap's mappings working beside the access entries. Move to API once every mapping has an access entry`);
  if (admins.size > 0) note(["access", "adminRoleArns"], "the roles Domino's aws-auth ConfigMap maps to system:masters (eks.master_role_names), now cluster admins by access entry");
  return { authenticationMode, ...(admins.size > 0 ? { adminRoleArns: [...admins].sort() } : {}) };
}

interface RoleMapping {
  readonly rolearn: string;
  readonly groups: string[];
}

/** The mapRoles of the aws-auth.yaml Domino's Terraform wrote (local_file.templates["aws_auth"]). */
export function awsAuthRoles(state: DominoState): RoleMapping[] {
  const file = state.managed("local_file", "templates").find((f) => f.index === "aws_auth");
  const content = str(file?.values.content);
  if (!content) return [];
  try {
    const doc = parseYaml(content) as { data?: { mapRoles?: unknown } } | null;
    const mapRoles = typeof doc?.data?.mapRoles === "string" ? parseYaml(doc.data.mapRoles) : doc?.data?.mapRoles;
    if (!Array.isArray(mapRoles)) return [];
    return mapRoles.flatMap((m) => {
      const rolearn = str((m as { rolearn?: unknown })?.rolearn);
      return rolearn ? [{ rolearn, groups: strings((m as { groups?: unknown }).groups) }] : [];
    });
  } catch {
    return [];
  }
}

function hostedZonesOf(state: DominoState): string[] {
  return state.data("aws_route53_zone").flatMap((z) => (str(z.values.zone_id) ? [str(z.values.zone_id) as string] : []));
}

function addonVersionsOf(state: DominoState): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const addon of state.managed("aws_eks_addon")) {
    const name = str(addon.values.addon_name);
    const version = str(addon.values.addon_version);
    if (name && version && ADDON_VERSION.test(version)) versions[name] = version;
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
}

function nodePoolsOf(
  state: DominoState,
  deployId: string,
  zones: readonly string[],
  note: (path: string[], text: string) => void,
  notCarried: NotCarried[],
  problems: Problem[],
): { pools: Record<string, unknown>; nodeGroups: Record<string, unknown> } {
  const templates = new Map(state.managed("aws_launch_template", "node_groups").map((t) => [String(t.index), t.values]));
  const byPool = new Map<string, Record<string, unknown>[]>();
  for (const group of state.managed("aws_eks_node_group", "node_groups")) {
    const templateName = str(block(group.values.launch_template).name);
    const pool = templateName?.startsWith(`${deployId}-`) ? templateName.slice(deployId.length + 1) : undefined;
    if (!pool) {
      problems.push({ path: "--nodes", message: `node group ${String(group.values.node_group_name)} has no launch template named ${deployId}-<pool>; cannot tell its pool` });
      continue;
    }
    byPool.set(pool, [...(byPool.get(pool) ?? []), group.values]);
  }
  if (byPool.size === 0 && state.managed("aws_eks_node_group").length === 0) {
    problems.push({ path: "--nodes", message: "holds no node groups (module.nodes.aws_eks_node_group.node_groups): give the state of Domino's nodes stage" });
  }
  const pools: Record<string, unknown> = {};
  const nodeGroups: Record<string, unknown> = {};
  if (!byPool.has("gpu")) pools["default-gpu"] = { enabled: false };
  for (const [dominoName, groups] of [...byPool].sort(([a], [b]) => a.localeCompare(b))) {
    const name = POOL_NAMES[dominoName] ?? dominoName.replace(/_/g, "-");
    if (!POOL_NAME.test(name)) {
      problems.push({ path: "--nodes", message: `pool ${dominoName} cannot be named here (pool names are 2-20 lowercase letters, digits and hyphens); rename it in Domino's Terraform first` });
      continue;
    }
    const first = groups[0];
    const scaling = block(first.scaling_config);
    const template = templates.get(dominoName) ?? {};
    const ebs = block(block(template.block_device_mappings).ebs);
    const groupZones = [...new Set(groups.flatMap((g) => strings(g.subnet_ids)).map((id) => str(state.byId(id)?.values.availability_zone_id) ?? subnetZone(state, id)).filter((z): z is string => !!z))].sort();
    // Each of Domino's groups is one zone's: adopted, they keep their names (adoption.nodeGroups), one group per zone.
    const byZone = new Map<string, string>();
    for (const g of groups) {
      const zone = strings(g.subnet_ids).map((id) => str(state.byId(id)?.values.availability_zone_id) ?? subnetZone(state, id)).find((z) => !!z);
      const groupName = str(g.node_group_name);
      if (!zone || !groupName || strings(g.subnet_ids).length !== 1 || byZone.has(zone)) {
        problems.push({ path: "--nodes", message: `node group ${String(g.node_group_name)} of pool ${dominoName} is not one zone's (one subnet, one group per zone); this project adopts Domino's per-zone node groups only (single_nodegroup = false)` });
        continue;
      }
      byZone.set(zone, groupName);
    }
    const templateName = str(block(first.launch_template).name);
    if (templateName) nodeGroups[name] = { launchTemplate: templateName, groups: Object.fromEntries([...byZone].sort(([a], [b]) => a.localeCompare(b))) };
    const perZone = 1;
    if (str(first.ami_type) === "CUSTOM") {
      problems.push({ path: "--nodes", message: `pool ${dominoName} runs a custom AMI (ami_type CUSTOM, Domino's own user data): adopt does not carry custom AMIs over; move the pool to an EKS-optimized AMI type in Domino's Terraform first, or leave the pool out of Domino's nodes state and add it here by hand (nodePools.<pool>.amiId)` });
      continue;
    }
    const allLabels = stringRecord(first.labels);
    const labels = Object.fromEntries(Object.entries(allLabels).filter(([k]) => !OWN_LABELS.has(k)));
    const taints = (Array.isArray(first.taint) ? first.taint : []).flatMap((t) => {
      const taint = t as Record<string, unknown>;
      const effect = TAINT_EFFECTS[String(taint.effect)];
      return effect && str(taint.key) ? [{ key: taint.key, ...(str(taint.value) ? { value: taint.value } : {}), effect }] : [];
    });
    const update = block(first.update_config);
    const pool: Record<string, unknown> = {
      instanceTypes: strings(first.instance_types),
      minSize: (num(scaling.min_size) ?? 0) * perZone,
      maxSize: (num(scaling.max_size) ?? 0) * perZone,
      desiredSize: (num(scaling.desired_size) ?? 0) * perZone,
      diskSizeGiB: num(ebs.volume_size) ?? 100,
      volumeType: str(ebs.volume_type) ?? "gp3",
      ...(num(ebs.iops) ? { iops: ebs.iops } : {}),
      ...(num(ebs.throughput) ? { throughputMiBps: ebs.throughput } : {}),
      labels,
      taints,
      // Domino leaves its Karpenter controller's pool (and any pool without the label) out of Domino's workloads.
      ...(!(DOMINO_NODE_LABEL in allLabels) && !POOL_NAMES[dominoName] ? { dominoNode: false } : {}),
      amiType: str(first.ami_type),
      capacityType: str(first.capacity_type) ?? "ON_DEMAND",
      ...(groupZones.length > 0 && groupZones.join() !== zones.join() ? { availabilityZones: groupZones } : {}),
      ...(num(update.max_unavailable) ? { updateConfig: { maxUnavailable: update.max_unavailable } } : num(update.max_unavailable_percentage) ? { updateConfig: { maxUnavailablePercentage: update.max_unavailable_percentage } } : {}),
    };
    pools[name] = pool;
    note(["nodePools", name], `Domino's ${dominoName} pool: ${groups.length} node group${groups.length === 1 ? "" : "s"}, one per zone, kept with their names and launch template (adoption.nodeGroups); sizes are per group${name === "platform" ? " (per zone: the adopted platform pool has a group per zone, as Domino's)" : ""}`);
  }
  if (state.managed("aws_eks_node_group").some((g) => g.name !== "node_groups")) {
    notCarried.push({ what: "Karpenter node groups or other node groups outside module.nodes.aws_eks_node_group.node_groups", why: "not read by adopt; configure them as pools (Karpenter pools: scaler karpenter) by hand" });
  }
  return { pools, nodeGroups };
}

function subnetZone(state: DominoState, subnetId: string): string | undefined {
  const data = state.data("aws_subnet").find((s) => s.values.id === subnetId);
  return str(data?.values.availability_zone_id);
}

function adoptionOf(state: DominoState, deployId: string, zones: readonly string[], options: DeriveOptions, notCarried: NotCarried[]): Record<string, unknown> {
  const adoption: Record<string, unknown> = { importsFile: options.importsFile, reason: ADOPTION_REASON };
  if (zones.length === 2) adoption.twoZones = true;
  const names: Record<string, string> = {};
  const clusterRole = arnName(state.managed("aws_eks_cluster")[0]?.values.role_arn);
  if (clusterRole && clusterRole !== `${deployId}-eks-cluster`) names.clusterRole = clusterRole;
  const s3Policy = str(state.managed("aws_iam_policy", "s3")[0]?.values.name);
  if (s3Policy && s3Policy !== `${deployId}-s3`) names.nodeS3Policy = s3Policy;
  const ecrPolicy = str(state.managed("aws_iam_policy", "ecr")[0]?.values.name);
  if (ecrPolicy && ecrPolicy !== `${deployId}-ecr`) names.registryPolicy = ecrPolicy;
  const token = str(state.managed("aws_efs_file_system")[0]?.values.creation_token);
  if (token && token !== `${deployId}-datasets`) names.datasetsCreationToken = token;
  if (Object.keys(names).length > 0) adoption.names = names;

  const descriptions: Record<string, string> = {};
  const describe = (key: string, type: string, name: string) => {
    const r = state.managed(type, name)[0];
    if (r && typeof r.values.description === "string") descriptions[key] = r.values.description;
  };
  describe("nodeS3Policy", "aws_iam_policy", "s3");
  describe("registryPolicy", "aws_iam_policy", "ecr");
  describe("clusterSecurityGroup", "aws_security_group", "eks_cluster");
  describe("nodesSecurityGroup", "aws_security_group", "eks_nodes");
  describe("datasetsSecurityGroup", "aws_security_group", "efs");
  describe("bastionSecurityGroup", "aws_security_group", "bastion");
  if (Object.keys(descriptions).length > 0) adoption.descriptions = descriptions;
  if (zones.length === 2) {
    notCarried.push({ what: "a third availability zone", why: "Domino's Terraform made two; the spec asks for three in new deployments. adoption.twoZones accepts the two; see the README to add a third zone's subnets and pools" });
  }
  return adoption;
}
