/**
 * The spec's cross-field rules. Each takes a parsed deployment and returns problems with field paths relative to it;
 * checkDeployments adds the `deployments[i].` prefix and the rules that span deployments.
 */
import { AWS_REGIONS, EKS_KUBERNETES_VERSIONS, isListedRegion, KMS_KEY_ID, partitionOf, regionOfZonePrefix, S3_RESERVED_BUCKET_PREFIXES } from "./aws-facts";
import { allocate, blockSize, coversWholeInternet, overlaps, parseBlock } from "./cidr";
import {
  BUCKET_ROLES,
  CONSTRUCT_TAGS_PER_RESOURCE,
  KARPENTER_TAGS_PER_INSTANCE,
  CONTROL_PLANE_SUBNET_PREFIX,
  DOMINO_NODE_LABEL,
  EKS_CONTROL_PLANE_MIN_ZONES,
  EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS,
  FARGATE_REASON,
  GPU_AMI_TYPES,
  MAX_CERTIFICATE_DOMAIN_LENGTH,
  MAX_NODE_SUBNET_PREFIX,
  MAX_TAGS_PER_RESOURCE,
  NODE_POOL_LABEL,
  PLATFORM_POOL,
  REQUIRED_POOLS,
  RESERVED_IPV4_RANGES,
  SPEC_NODE_POOLS,
} from "./defaults";
import { iamName, nodeGroupName } from "./naming";
import { builtInNodePorts, portRangeOf } from "./node-ports";
import { INSTANCE_NETWORK_FACTS, podNetworkingOf, unknownInstanceTypes } from "./max-pods";
import { dominoLabels, type NodePoolConfig } from "./node-pools";
import { vpcSubnetPrefixes } from "./plan";
import { joinPath, type Problem } from "./problems";
import { awsProviderRules } from "./aws-provider-rules";
import { kmsPolicyRules } from "./kms-policy-rules";
import { registriesRules } from "./registries-rules";
import type { ParsedDeployment } from "./schema";
import { SECURITY_RULES } from "../../verify/security/rules";
import { eksControlPlaneZones, needsControlPlaneZone, zoneIdPrefix } from "./zones";

export { partitionOf, zoneIdPrefix };

export interface RuleInput {
  readonly deployment: ParsedDeployment;
  readonly pools: readonly NodePoolConfig[];
}

/** A rule over one deployment: problems with paths relative to it. */
export type Rule = (input: RuleInput) => Problem[];

const problem = (path: PropertyKey[], message: string): Problem => ({ path: joinPath(path), message });

const TWO_ZONES =
  "two zones are not supported: they leave an even number of nodes in a single failure domain; use one zone, or three for highly available platform services";
const TWO_ZONES_ADOPTED = "(a deployment adopted from Domino's Terraform in two zones may set adoption.twoZones: true)";

export const zoneRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const zones = d.availabilityZones;
  const twoZones = d.adoption?.twoZones === true;
  if (twoZones) {
    if (d.adoption?.reason === undefined) {
      out.push(problem(["adoption", "reason"], "is required with twoZones: true (say why the deployment keeps two zones, such as \"adopted from Domino's Terraform (terraform-aws-eks 3.x) state\")"));
    }
    if (zones.length !== 2) {
      out.push(problem(["adoption", "twoZones"], `accepts exactly two availabilityZones, but ${zones.length} are listed; remove adoption.twoZones, or list the adopted deployment's two zones`));
    }
  } else if (zones.length === 2) out.push(problem(["availabilityZones"], `${TWO_ZONES} ${TWO_ZONES_ADOPTED}`));
  else if (zones.length !== 1 && zones.length !== 3) {
    out.push(problem(["availabilityZones"], `must list exactly one or three zones (got ${zones.length}); three are needed for highly available platform services`));
  }
  const seen = new Set<string>();
  zones.forEach((z, i) => {
    if (seen.has(z)) out.push(problem(["availabilityZones", i], `${z} is listed twice`));
    seen.add(z);
  });
  const prefix = zoneIdPrefix(d.region);
  if (prefix) {
    zones.forEach((z, i) => {
      if (!z.startsWith(`${prefix}-`)) out.push(problem(["availabilityZones", i], `${z} is not a zone of ${d.region} (its zone ids start with ${prefix}-)`));
    });
  } else {
    // AWS publishes no zone ids for the ISO partitions: refuse another region's, and a mix of regions.
    const prefixOf = (z: string) => z.replace(/-az\d+$/, "");
    zones.forEach((z, i) => {
      const owner = regionOfZonePrefix(prefixOf(z));
      if (owner) out.push(problem(["availabilityZones", i], `${z} is a zone of ${owner}, not of ${d.region}`));
      else if (prefixOf(z) !== prefixOf(zones[0])) out.push(problem(["availabilityZones", i], `${z} is not in the region of ${zones[0]}; all zones must be of ${d.region}`));
    });
  }
  return out;
};

/** Regions and Kubernetes versions against the lists this release knows (`allowUnlisted` accepts newer ones). */
export const catalogRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const partition = partitionOf(d.region);
  const listed = (region: string) => isListedRegion(region) || d.allowUnlisted.region;
  const regionMessage = (region: string) =>
    `is not an AWS region this release knows; regions of ${partition}: ${(AWS_REGIONS[partitionOf(region)] ?? []).join(", ")} (a region AWS opened since: set allowUnlisted.region: true)`;
  if (!listed(d.region)) out.push(problem(["region"], regionMessage(d.region)));
  if (d.backend.type === "s3" && !listed(d.backend.region)) out.push(problem(["backend", "region"], regionMessage(d.backend.region)));
  if (!(EKS_KUBERNETES_VERSIONS as readonly string[]).includes(d.kubernetesVersion) && !d.allowUnlisted.kubernetesVersion) {
    out.push(problem(["kubernetesVersion"], `${d.kubernetesVersion} is not a version EKS offers; use one of ${EKS_KUBERNETES_VERSIONS.join(", ")} (a version EKS released since: set allowUnlisted.kubernetesVersion: true)`));
  }
  return out;
};

export const poolZoneRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  const allowed = new Set(d.availabilityZones);
  const used = new Set(pools.flatMap((p) => p.availabilityZones));
  for (const pool of pools) {
    const path = ["nodePools", pool.name, "availabilityZones"];
    pool.availabilityZones.forEach((z, i) => {
      if (!allowed.has(z)) out.push(problem([...path, i], `${z} is not one of the deployment's availabilityZones (${d.availabilityZones.join(", ")})`));
    });
    if (pool.role === "platform") {
      if (pool.availabilityZones.length === 2 && d.availabilityZones.length !== 2) out.push(problem(path, `the platform pool runs in one zone or across three: ${TWO_ZONES}`));
      continue;
    }
    const missing = [...used].filter((z) => !pool.availabilityZones.includes(z));
    if (missing.length > 0) {
      out.push(problem(path, `compute pools must have a node group in every zone other pools use; missing ${missing.join(", ")} (an isolated pool causes volume affinity issues)`));
    }
  }
  return out;
};

export const networkRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const n = d.network;
  const zones = d.availabilityZones.length;
  const minSubnet = `subnets that hold nodes or pods must be /${MAX_NODE_SUBNET_PREFIX} or larger (every pod takes a subnet address with the VPC CNI)`;
  if (n.privateSubnetPrefix > MAX_NODE_SUBNET_PREFIX) out.push(problem(["network", "privateSubnetPrefix"], `is /${n.privateSubnetPrefix}; ${minSubnet}`));
  if (n.podCidr && n.podSubnetPrefix > MAX_NODE_SUBNET_PREFIX) out.push(problem(["network", "podSubnetPrefix"], `is /${n.podSubnetPrefix}; ${minSubnet}`));

  const vpc = parseBlock(n.vpcCidr);
  if (vpc.prefix < 16 || vpc.prefix > 28) out.push(problem(["network", "vpcCidr"], "must be between /16 and /28 (the VPC sizes AWS allows)"));

  if (!n.existingVpc) {
    const controlPlane = needsControlPlaneZone(d.availabilityZones);
    if (!allocate(n.vpcCidr, vpcSubnetPrefixes(zones, n, controlPlane))) {
      const need = zones * (blockSize(n.privateSubnetPrefix) + blockSize(n.publicSubnetPrefix)) + (controlPlane ? blockSize(CONTROL_PLANE_SUBNET_PREFIX) : 0);
      const extra = controlPlane ? ` plus a /${CONTROL_PLANE_SUBNET_PREFIX} control-plane subnet` : "";
      out.push(problem(["network", "vpcCidr"], `${n.vpcCidr} (${blockSize(vpc.prefix)} addresses) cannot hold ${zones} private /${n.privateSubnetPrefix} and ${zones} public /${n.publicSubnetPrefix} subnets${extra} (${need} addresses); use a larger VPC or smaller subnets`));
    }
    if (n.podCidr) {
      if (!allocate(n.podCidr, Array(zones).fill(n.podSubnetPrefix))) {
        out.push(problem(["network", "podCidr"], `${n.podCidr} cannot hold ${zones} pod subnets of /${n.podSubnetPrefix}`));
      }
      if (overlaps(n.podCidr, n.vpcCidr)) out.push(problem(["network", "podCidr"], `overlaps network.vpcCidr ${n.vpcCidr}`));
    }
  } else {
    const e = n.existingVpc;
    if (e.privateSubnetIds.length !== zones) {
      out.push(problem(["network", "existingVpc", "privateSubnetIds"], `must list one private subnet per zone in availabilityZones order (${zones}), got ${e.privateSubnetIds.length}`));
    }
    if (e.podSubnetIds.length > 0 && e.podSubnetIds.length !== zones) {
      out.push(problem(["network", "existingVpc", "podSubnetIds"], `must list one pod subnet per zone (${zones}) or none, got ${e.podSubnetIds.length}`));
    }
    if (n.podCidr) out.push(problem(["network", "podCidr"], "cannot be combined with network.existingVpc; give existingVpc.podSubnetIds instead"));
    if (n.s3InterfaceEndpoint) {
      out.push(problem(["network", "s3InterfaceEndpoint"], "cannot be combined with network.existingVpc: no endpoints are created in a brought VPC (its S3 gateway endpoint, which the interface endpoint's inbound-only private DNS needs, is yours); create the S3 interface endpoint with the VPC, or leave existingVpc out"));
    }
  }

  if (n.s3InterfaceEndpoint && !n.existingVpc && n.peerCidrs.length === 0) {
    out.push(problem(["network", "s3InterfaceEndpoint"], "serves clients outside the VPC (in-VPC traffic uses the gateway endpoint), and network.peerCidrs lists none: add the VPN, Direct Connect or peered networks that reach S3 through it to peerCidrs (its security group takes HTTPS from them), or leave s3InterfaceEndpoint false"));
  }
  n.peerCidrs.forEach((peer, i) => {
    if (overlaps(peer, n.vpcCidr)) out.push(problem(["network", "peerCidrs", i], `${peer} overlaps the VPC ${n.vpcCidr}; peered and VPN networks need distinct address space`));
    if (n.podCidr && overlaps(peer, n.podCidr)) out.push(problem(["network", "peerCidrs", i], `${peer} overlaps network.podCidr ${n.podCidr}`));
  });
  return out;
};

const EKS_TWO_ZONES = "EKS needs control-plane subnets in at least two availability zones";

/**
 * The control plane's zones: those of availabilityZones that EKS supports, plus network.controlPlaneZoneId (a created
 * VPC, derived when left out) or existingVpc.controlPlaneSubnetIds (a brought VPC) when they are fewer than two.
 */
export const controlPlaneRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const zones = d.availabilityZones;
  if (zones.length === 0) return out;
  const n = d.network;
  const usable = eksControlPlaneZones(zones);
  const zonePath = ["network", "controlPlaneZoneId"];
  const zoneId = n.controlPlaneZoneId;
  if (zoneId !== undefined) {
    const prefix = zoneIdPrefix(d.region);
    if (n.existingVpc) {
      out.push(problem(zonePath, "cannot be combined with network.existingVpc; list existingVpc.controlPlaneSubnetIds instead"));
    } else if (!needsControlPlaneZone(zones)) {
      out.push(problem(zonePath, `is only used when fewer than two of availabilityZones can hold the EKS control plane, and ${usable.join(", ")} can; remove it`));
    } else if (prefix && !zoneId.startsWith(`${prefix}-`)) {
      out.push(problem(zonePath, `${zoneId} is not a zone of ${d.region} (its zone ids start with ${prefix}-)`));
    } else if (zones.includes(zoneId)) {
      out.push(problem(zonePath, `${zoneId} is already in availabilityZones; ${EKS_TWO_ZONES}, so the extra one must be another zone`));
    } else if (EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS.includes(zoneId)) {
      out.push(problem(zonePath, `EKS cannot place its control plane in ${zoneId} (CreateCluster rejects subnets there); pick another zone of ${d.region}`));
    }
  }

  const need = EKS_CONTROL_PLANE_MIN_ZONES - usable.length;
  if (n.existingVpc) {
    const e = n.existingVpc;
    const path = ["network", "existingVpc", "controlPlaneSubnetIds"];
    e.controlPlaneSubnetIds.forEach((id, i) => {
      if (e.privateSubnetIds.includes(id)) out.push(problem([...path, i], `${id} is one of privateSubnetIds; list subnets in zones other than availabilityZones`));
    });
    const have = e.controlPlaneSubnetIds.length;
    if (have < need) {
      const head = have === 0 ? "is required" : `lists ${have} subnet, ${need} needed`;
      const given = usable.length === 0 ? `EKS supports none of availabilityZones (${zones.join(", ")})` : `availabilityZones gives it only ${usable[0]}`;
      const ask = need === 1 ? "a private subnet of the VPC in another zone" : "private subnets of the VPC in two other zones";
      out.push(problem(path, `${head}: ${EKS_TWO_ZONES}, and ${given}; list ${ask} for the control plane's network interfaces`));
    }
  } else if (need > 1) {
    // network.controlPlaneZoneId adds one zone; with none of the deployment's own zones usable that is not enough.
    zones.forEach((z, i) => {
      out.push(problem(["availabilityZones", i], `EKS cannot place its control plane in ${z} (CreateCluster rejects subnets there), and network.controlPlaneZoneId adds only one zone: ${EKS_TWO_ZONES}; use another zone`));
    });
  }
  return out;
};

export const poolRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  for (const required of REQUIRED_POOLS) {
    if (d.nodePools[required]?.enabled === false) {
      out.push(problem(["nodePools", required, "enabled"], `the ${required} pool is required (the spec asks for at least a platform and a default pool)`));
    }
  }
  const labelOwners = new Map<string, string>();
  for (const pool of pools) {
    const path = ["nodePools", pool.name];
    const custom = !(pool.name in SPEC_NODE_POOLS);
    // A Karpenter pool may give instance families instead, and needs no maxSize (its NodePool's limits bound it):
    // the karpenter add-on's rules judge those.
    const karpenter = pool.scaler === "karpenter";
    if (pool.instanceTypes.length === 0 && !karpenter) {
      out.push(problem([...path, "instanceTypes"], custom ? "is required for a custom pool: at least one EC2 instance type" : "must list at least one EC2 instance type"));
    }
    const maxSet = d.nodePools[pool.name]?.maxSize !== undefined;
    if (custom && !maxSet && !karpenter) out.push(problem([...path, "maxSize"], "is required for a custom pool"));
    else if (pool.maxSize < 1 && (maxSet || !karpenter)) out.push(problem([...path, "maxSize"], "must be at least 1"));
    if (pool.minSize > pool.maxSize) out.push(problem([...path, "minSize"], `is ${pool.minSize}, more than maxSize ${pool.maxSize}; need 0 <= minSize <= desiredSize <= maxSize`));
    // A desiredSize left out follows the bounds, so it only has its own problem when the user set it.
    const desiredSet = d.nodePools[pool.name]?.desiredSize !== undefined;
    if ((desiredSet || pool.minSize <= pool.maxSize) && (pool.desiredSize < pool.minSize || pool.desiredSize > pool.maxSize)) {
      out.push(problem([...path, "desiredSize"], `is ${pool.desiredSize}; need minSize (${pool.minSize}) <= desiredSize <= maxSize (${pool.maxSize})`));
    }
    // A custom AMI brings its own drivers (amiType names only its family).
    if (pool.gpu && !pool.amiId && !(GPU_AMI_TYPES as readonly string[]).includes(pool.amiType)) {
      out.push(problem([...path, "amiType"], `is ${pool.amiType}, but the pool has GPUs: use an EKS-optimized accelerated AMI (${GPU_AMI_TYPES.join(", ")}) so the nodes get NVIDIA drivers`));
    }
    const release = pool.amiReleaseVersion;
    if (release !== undefined) {
      const bottlerocket = pool.amiType.startsWith("BOTTLEROCKET");
      if (!bottlerocket && !release.startsWith(`${d.kubernetesVersion}.`)) {
        out.push(problem([...path, "amiReleaseVersion"], `is ${release}, an AMI of another Kubernetes version than kubernetesVersion ${d.kubernetesVersion}; EKS AMI releases for it start with ${d.kubernetesVersion}. (raise both together when upgrading)`));
      } else if (!bottlerocket && !/-\d{8}$/.test(release)) {
        out.push(problem([...path, "amiReleaseVersion"], `is ${release}; an Amazon Linux AMI release ends in its build date, such as ${d.kubernetesVersion}.0-20251120`));
      }
    }
    const label = pool.labels[NODE_POOL_LABEL];
    const owner = labelOwners.get(label);
    if (owner) out.push(problem([...path, "labels", NODE_POOL_LABEL], `"${label}" is already the label of pool ${owner}; every pool needs a distinct ${NODE_POOL_LABEL} label`));
    else labelOwners.set(label, pool.name);
    const longest = nodeGroupName(d.deployId, pool.name, pool.role === "compute" ? pool.availabilityZones[0] : undefined);
    // An adopted pool's groups keep their given names (adoption.nodeGroups), which the schema bounds.
    if (longest.length > 63 && !karpenter && !adoptedPools(d).has(pool.name)) out.push(problem(path, `node group name ${longest} is longer than 63 characters; shorten the pool name or deployId`));
  }
  return out;
};

export const fargateRule: Rule = ({ deployment: d }) =>
  d.fargateProfiles === undefined || d.fargateProfiles === false
    ? []
    : [problem(["fargateProfiles"], `${FARGATE_REASON}; remove this field`)];

export const accessRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const n = d.network;
  if (coversWholeInternet(n.apiPrivateAccessCidrs)) {
    out.push(problem(["network", "apiPrivateAccessCidrs"], "covers the whole internet, which is not a private network; list the VPN or peered networks that need the API, or use apiPublicAccessCidrs deliberately"));
  }
  if (coversWholeInternet(n.apiPublicAccessCidrs) && !n.allowPublicApiFromAnywhere) {
    out.push(problem(["network", "apiPublicAccessCidrs"], "covers the whole internet: the Kubernetes API would be open to anyone; list the networks that need it (office, CI runners), or set network.allowPublicApiFromAnywhere: true on purpose (validate then asks for a waiver)"));
  }
  if (n.allowPublicApiFromAnywhere && !coversWholeInternet(n.apiPublicAccessCidrs)) {
    out.push(problem(["network", "allowPublicApiFromAnywhere"], "is only for an apiPublicAccessCidrs list that covers the whole internet; remove it"));
  }
  if (coversWholeInternet(d.bastion.allowedCidrs)) {
    out.push(problem(["bastion", "allowedCidrs"], "SSH from the whole internet is not allowed; list the networks that need it, or none to use Session Manager"));
  }
  const ns = [d.namespaces.platform, d.namespaces.compute, d.namespaces.system];
  (["platform", "compute", "system"] as const).forEach((key, i) => {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(ns[i])) out.push(problem(["namespaces", key], "must be a Kubernetes namespace name: lowercase letters, digits and hyphens, at most 63"));
    else if (ns.indexOf(ns[i]) !== i) out.push(problem(["namespaces", key], `${ns[i]} is used for two purposes; the three namespaces must differ`));
  });
  return out;
};

/** A waiver must name one of the security checks that `npm run validate` runs. */
export const waiverRules: Rule = ({ deployment: d }) => {
  const known = SECURITY_RULES.map((r) => r.id);
  return d.waivers.flatMap((w, i) =>
    known.includes(w.rule) ? [] : [problem(["waivers", i, "rule"], `${w.rule} is not a security rule; known rules: ${known.join(", ")}`)],
  );
};

/** A brought VPC without public subnets has nowhere to put a bastion that takes SSH from outside. */
export const bastionRules: Rule = ({ deployment: d }) =>
  d.bastion.enabled && d.bastion.allowedCidrs.length > 0 && d.network.existingVpc && d.network.existingVpc.publicSubnetIds.length === 0
    ? [problem(["bastion", "allowedCidrs"], "SSH from outside needs a public subnet: list network.existingVpc.publicSubnetIds, or leave allowedCidrs empty to reach the bastion with Session Manager")]
    : [];

/** Each entry after the first of a value already listed: `<path>[i]: <value> is listed twice`. */
function duplicates(path: PropertyKey[], values: readonly string[], what = (v: string) => v): Problem[] {
  const seen = new Set<string>();
  return values.flatMap((value, i) => {
    const key = what(value);
    if (!seen.has(key)) {
      seen.add(key);
      return [];
    }
    return [problem([...path, i], `${value} is listed twice; each entry becomes its own resource, list it once`)];
  });
}

/**
 * Lists whose entries become resources (or construct ids) must not repeat an entry: a repeat would make two resources
 * of one name, which synth or AWS refuses.
 */
export const duplicateRules: Rule = ({ deployment: d }) => {
  const n = d.network;
  const out: Problem[] = [
    ...duplicates(["network", "peerCidrs"], n.peerCidrs),
    ...duplicates(["network", "apiPublicAccessCidrs"], n.apiPublicAccessCidrs),
    ...duplicates(["network", "apiPrivateAccessCidrs"], n.apiPrivateAccessCidrs),
    ...duplicates(["bastion", "allowedCidrs"], d.bastion.allowedCidrs),
    ...duplicates(["storage", "ecr", "repositories"], d.storage.ecr.repositories),
    ...duplicates(["access", "adminRoleArns"], d.access.adminRoleArns),
    ...duplicates(["otherDominoFqdns"], d.otherDominoFqdns),
  ];
  if (n.existingVpc) {
    const e = n.existingVpc;
    out.push(...duplicates(["network", "existingVpc", "privateSubnetIds"], e.privateSubnetIds));
    out.push(...duplicates(["network", "existingVpc", "publicSubnetIds"], e.publicSubnetIds));
    out.push(...duplicates(["network", "existingVpc", "podSubnetIds"], e.podSubnetIds));
    e.podSubnetIds.forEach((id, i) => {
      if (e.privateSubnetIds.includes(id)) out.push(problem(["network", "existingVpc", "podSubnetIds", i], `${id} is one of privateSubnetIds; pods need subnets of their own`));
    });
  }
  for (const [name, pool] of Object.entries(d.nodePools)) {
    out.push(...duplicates(["nodePools", name, "availabilityZones"], pool.availabilityZones ?? []));
    out.push(...duplicates(["nodePools", name, "instanceTypes"], pool.instanceTypes ?? []));
    (pool.taints ?? []).forEach((taint, i, taints) => {
      const first = taints.findIndex((t) => t.key === taint.key && t.effect === taint.effect);
      if (first !== i) out.push(problem(["nodePools", name, "taints", i], `taint ${taint.key}:${taint.effect} is listed twice (first at taints[${first}]); Kubernetes allows one taint per key and effect`));
    });
  }
  return out;
};


const MAX_ECR_REPOSITORY_NAME = 256;
const MAX_WORKSPACE_NAME = 90;
const shortName = (name: string) => (name.length > 60 ? `${name.slice(0, 57)}...` : name);

/** Names, ARNs and limits AWS checks only at apply time, checked here with the field that causes them. */
export const awsLimitRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  const partition = partitionOf(d.region);
  const reserved = S3_RESERVED_BUCKET_PREFIXES.find((p) => d.deployId.startsWith(p));
  if (reserved) out.push(problem(["deployId"], `starts with ${reserved}, a prefix S3 reserves for bucket names (the buckets are named <deployId>-blobs, ...); choose another deployId`));
  if (d.fqdn.length > MAX_CERTIFICATE_DOMAIN_LENGTH) {
    out.push(problem(["fqdn"], `is ${d.fqdn.length} characters; ACM takes at most ${MAX_CERTIFICATE_DOMAIN_LENGTH} for a certificate's first domain name`));
  }
  const cidrs: [PropertyKey[], string | undefined][] = [[["network", "vpcCidr"], d.network.vpcCidr], [["network", "podCidr"], d.network.podCidr]];
  for (const [path, cidr] of cidrs) {
    const range = cidr ? RESERVED_IPV4_RANGES.find((r) => overlaps(cidr, r)) : undefined;
    if (cidr && range) out.push(problem(path, `${cidr} overlaps ${range}, which is reserved (loopback, link-local, multicast or "this network"); use a private range such as 10.0.0.0/16 or 100.64.0.0/16`));
  }
  const keyArn = d.kms.keyArn;
  if (keyArn) {
    const m = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/.exec(keyArn);
    if (!m) out.push(problem(["kms", "keyArn"], "must be a KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<key id>"));
    else {
      if (m[1] !== partition) out.push(problem(["kms", "keyArn"], `is in partition ${m[1]}, but ${d.region} is in ${partition}`));
      if (m[2] !== d.region) out.push(problem(["kms", "keyArn"], `is a key of ${m[2]}; the deployment's resources in ${d.region} need a key of their own region`));
      if (!KMS_KEY_ID.test(m[4])) out.push(problem(["kms", "keyArn"], `key id ${m[4]} is not a KMS key id (a UUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, or mrk-<32 hex digits>)`));
    }
  }
  d.access.adminRoleArns.forEach((arn, i) => {
    const m = /^arn:([a-z-]+):iam::(\d{12}):role\/([\w+=,.@/-]+)$/.exec(arn);
    const name = m?.[3].split("/").pop() ?? "";
    if (!m) out.push(problem(["access", "adminRoleArns", i], "must be an IAM role ARN: arn:<partition>:iam::<account>:role/<name>"));
    else if (name.length < 1 || name.length > 64 || m[3].length > 512 + 64) out.push(problem(["access", "adminRoleArns", i], "names a role outside IAM's limits: a role name is 1-64 characters, its path at most 512"));
    else if (m[1] !== partition) out.push(problem(["access", "adminRoleArns", i], `is in partition ${m[1]}, but ${d.region} is in ${partition}`));
  });
  Object.keys(d.tags).forEach((key) => {
    if (/^aws:/i.test(key)) out.push(problem(["tags", key], "tag keys starting with aws: are reserved for AWS"));
  });
  const tagBudget = MAX_TAGS_PER_RESOURCE - CONSTRUCT_TAGS_PER_RESOURCE - 1;
  if (Object.keys(d.tags).length > tagBudget) {
    out.push(problem(["tags"], `has ${Object.keys(d.tags).length} tags; at most ${tagBudget}: AWS allows ${MAX_TAGS_PER_RESOURCE} per resource, and every resource also gets domino-deploy-id and up to ${CONSTRUCT_TAGS_PER_RESOURCE} of its own`));
  }
  d.storage.ecr.repositories.forEach((repo, i) => {
    const name = `${d.deployId}/${repo}`;
    if (name.length > MAX_ECR_REPOSITORY_NAME) out.push(problem(["storage", "ecr", "repositories", i], `makes the repository name ${shortName(name)} (${name.length} characters); ECR allows ${MAX_ECR_REPOSITORY_NAME}`));
  });
  if (d.backend.type === "remote") {
    const longest = `${d.backend.workspacePrefix}${d.deployId}-cluster`;
    if (longest.length > MAX_WORKSPACE_NAME) out.push(problem(["backend", "workspacePrefix"], `makes workspace names such as ${longest} (${longest.length} characters); Terraform Cloud allows ${MAX_WORKSPACE_NAME}`));
  }
  const adopted = adoptedPools(d);
  const groups = pools.filter((p) => p.scaler !== "karpenter")
    .reduce((n, pool) => n + (pool.role === "platform" && !adopted.has(pool.name) ? 1 : pool.availabilityZones.length), 0);
  if (groups > d.quotas.managedNodeGroupsPerCluster) {
    out.push(problem(["nodePools"], `make ${groups} managed node groups (compute pools${adopted.has(PLATFORM_POOL) ? " and the adopted platform pool" : ""} get one per zone); EKS allows ${d.quotas.managedNodeGroupsPerCluster} per cluster (quotas.managedNodeGroupsPerCluster, after AWS raised your quota)`));
  }
  return out;
};

/** A Kubernetes label (and taint) key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash === -1 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  return LABEL_NAME.test(name) && (prefix === undefined || DNS_SUBDOMAIN.test(prefix));
}

export function isLabelValue(value: string): boolean {
  return value === "" || LABEL_NAME.test(value);
}

/** The autoscaler's node-template tag of a label: AWS tag keys are at most 128 characters. */
const NODE_TEMPLATE_LABEL_PREFIX = "k8s.io/cluster-autoscaler/node-template/label/";
const MAX_TAG_KEY = 128;

/** EC2 families with Graviton (arm64) processors: a1, and a `g` after the generation (m7g, c6gn, r8gd, t4g, g5g). */
const ARM_FAMILY = /^(a1|[a-z]+\d+g[a-z]*)\./;

/** Kubernetes label and taint syntax, the autoscaler tag-key length they lead to, and instance architecture. */
export const nodeShapeRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  const keyRule = "must be a Kubernetes label key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit";
  const valueRule = "must be a Kubernetes label value: empty, or at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit";
  for (const [name, pool] of Object.entries(d.nodePools)) {
    for (const [key, value] of Object.entries(pool.labels ?? {})) {
      if (!isLabelKey(key)) out.push(problem(["nodePools", name, "labels", key], keyRule));
      else if (NODE_TEMPLATE_LABEL_PREFIX.length + key.length > MAX_TAG_KEY) {
        out.push(problem(["nodePools", name, "labels", key], `is ${key.length} characters; the cluster autoscaler's node-template tag for it (${NODE_TEMPLATE_LABEL_PREFIX}<key>) would pass AWS's ${MAX_TAG_KEY}-character tag-key limit, so keep label keys to ${MAX_TAG_KEY - NODE_TEMPLATE_LABEL_PREFIX.length}`));
      }
      if (!isLabelValue(value)) out.push(problem(["nodePools", name, "labels", key], valueRule));
    }
    (pool.taints ?? []).forEach((taint, i) => {
      if (!isLabelKey(taint.key)) out.push(problem(["nodePools", name, "taints", i, "key"], keyRule.replace("label key", "taint key")));
      if (taint.value !== undefined && !isLabelValue(taint.value)) out.push(problem(["nodePools", name, "taints", i, "value"], valueRule.replace("label value", "taint value")));
    });
  }
  for (const pool of pools) {
    const armAmi = pool.amiType.includes("ARM_64");
    pool.instanceTypes.forEach((type, i) => {
      const armType = ARM_FAMILY.test(type);
      if (armType === armAmi) return;
      const fix = armType ? pool.amiType.replace("x86_64", "ARM_64") : pool.amiType.replace("ARM_64", "x86_64");
      out.push(problem(["nodePools", pool.name, "instanceTypes", i], `${type} is ${armType ? "an arm64 (Graviton)" : "an x86_64"} instance type, but the pool's amiType ${pool.amiType} is for ${armAmi ? "arm64" : "x86_64"}, so the nodes would not boot; use amiType ${fix}, or instance types of one architecture`));
    });
  }
  return out;
};

/**
 * network.extraNodePortsFromControlPlane: each entry must add something, so no overlap with a built-in port of the
 * same protocol or with an earlier entry (two rules of one range would also collide in AWS).
 */
export const nodePortRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const path = ["network", "extraNodePortsFromControlPlane"];
  const seen: { protocol: string; from: number; to: number; index: number }[] = [];
  const builtIn = builtInNodePorts();
  d.network.extraNodePortsFromControlPlane.forEach((entry, i) => {
    const [from, to] = portRangeOf(entry.port);
    const hit = builtIn.find((b) => b.protocol === entry.protocol && b.fromPort <= to && from <= b.toPort);
    if (hit) {
      out.push(problem([...path, i, "port"], `${entry.protocol} ${entry.port} includes ${entry.protocol} ${hit.fromPort}, which the node security group opens already; list only ports the built-in rules do not cover`));
      return;
    }
    const earlier = seen.find((s) => s.protocol === entry.protocol && s.from <= to && from <= s.to);
    if (earlier) {
      out.push(problem([...path, i, "port"], `${entry.protocol} ${entry.port} overlaps extraNodePortsFromControlPlane[${earlier.index}]; list each port once`));
      return;
    }
    seen.push({ protocol: entry.protocol, from, to, index: i });
  });
  return out;
};

/**
 * Domino's pool labels (node-pools.ts, dominoLabels): only a custom pool may drop dominodatalab.com/domino-node, and a
 * pool's own label of one of these keys is refused unless it has the same value (the project sets them). The platform
 * pool keeps `dominodatalab.com/node-pool: platform`: Domino's platform services and the k8s stage's charts select it.
 */
export const dominoLabelRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const platformLabel = d.nodePools[PLATFORM_POOL]?.labels?.[NODE_POOL_LABEL];
  if (platformLabel !== undefined && platformLabel !== PLATFORM_POOL) {
    out.push(problem(["nodePools", PLATFORM_POOL, "labels", NODE_POOL_LABEL], `is ${JSON.stringify(platformLabel)}, but the platform pool must keep ${NODE_POOL_LABEL}: ${PLATFORM_POOL}: Domino's platform services and the k8s stage's charts (cluster autoscaler, external-dns, AWS Load Balancer Controller) select their nodes by it, and would stay Pending; remove the label`));
  }
  for (const [name, pool] of Object.entries(d.nodePools)) {
    const spec = name in SPEC_NODE_POOLS;
    if (pool.dominoNode === false && spec) {
      out.push(problem(["nodePools", name, "dominoNode"], `the ${name} pool runs Domino's workloads and always carries ${DOMINO_NODE_LABEL}: "true"; only a custom pool may set dominoNode: false`));
    }
    const ours = dominoLabels(name, pool);
    for (const [key, value] of Object.entries(pool.labels ?? {})) {
      if (key === DOMINO_NODE_LABEL && pool.dominoNode === false && !spec) {
        out.push(problem(["nodePools", name, "labels", key], "contradicts the pool's dominoNode: false; remove the label, or remove dominoNode: false to keep Domino's label"));
      } else if (key in ours && ours[key] !== value) {
        out.push(problem(["nodePools", name, "labels", key], `is ${JSON.stringify(value)}, but the project sets ${key}: ${JSON.stringify(ours[key])} on this pool as Domino's reference does; remove the label${key === DOMINO_NODE_LABEL && !spec ? ", or set dominoNode: false to leave Domino's label out" : ""}`));
      }
    }
  }
  return out;
};

/**
 * The buckets: an existing bucket's name must not repeat another's or a created bucket's name (<deployId>-<role>,
 * <deployId>-costs when on, <deployId>-monitoring); flow logs to s3 need the monitoring bucket.
 */
/** route53 validation writes records into the hosted zone, so it needs one. */
export const certificateRules: Rule = ({ deployment: d }) =>
  d.dns.certificateValidation === "route53" && !d.dns.hostedZoneId
    ? [problem(["dns", "certificateValidation"], "route53 writes the validation records into dns.hostedZoneId, which is not set; set it, or use pending (records to create by hand) or external (records already created)")]
    : [];

export const bucketRules: Rule = ({ deployment: d }) => {
  const out: Problem[] = [];
  const s3 = d.storage.s3;
  const created = [
    ...BUCKET_ROLES.filter((role) => s3.buckets[role]?.create !== false),
    ...(s3.costs.enabled ? ["costs"] : []),
    ...(s3.monitoring.enabled ? ["monitoring"] : []),
  ]
    .map((role) => ({ role, name: `${d.deployId}-${role}` }));
  const seen: { role: string; name: string }[] = [];
  for (const role of BUCKET_ROLES) {
    const b = s3.buckets[role];
    if (!b || b.create || b.name === undefined) continue;
    const clash = [...seen, ...created].find((o) => o.name === b.name);
    if (clash) {
      out.push(problem(["storage", "s3", "buckets", role, "name"], `${b.name} is already the ${clash.role} bucket${seen.includes(clash) ? "" : " this deployment creates"}; each role needs a bucket of its own`));
    }
    seen.push({ role, name: b.name });
  }
  // Without the monitoring bucket the created buckets have nowhere to send their access logs: validate's
  // S3_ACCESS_LOGGING would fail, so the config says so first, unless the rule is waived with a reason.
  const createsBuckets = s3.costs.enabled || BUCKET_ROLES.some((role) => s3.buckets[role]?.create !== false);
  if (!s3.monitoring.enabled && createsBuckets && !d.waivers.some((w) => w.rule === "S3_ACCESS_LOGGING")) {
    out.push(problem(["storage", "s3", "monitoring", "enabled"], "false leaves the buckets nowhere to send their server access logs, which the S3_ACCESS_LOGGING check requires: keep the monitoring bucket, or waive that rule in waivers with your reason"));
  }
  // With a brought VPC there are no flow logs to send anywhere; flowLogRules says so.
  if (d.network.flowLogs.destination === "s3" && !s3.monitoring.enabled && !d.network.existingVpc) {
    out.push(problem(["network", "flowLogs", "destination"], "s3 sends the flow logs to the monitoring bucket, which storage.s3.monitoring.enabled false turns off; enable it or use cloudwatch"));
  }
  return out;
};

/**
 * Flow logs are made with a created VPC only: with network.existingVpc, a flowLogs other than the default (cloudwatch,
 * ALL) would be ignored, so it is refused rather than silently dropped.
 */
export const flowLogRules: Rule = ({ deployment: d }) => {
  const n = d.network;
  if (!n.existingVpc) return [];
  const why = "a brought VPC (network.existingVpc) gets no flow logs from this project; configure flow logs on that VPC yourself, or leave network.flowLogs out";
  const out: Problem[] = [];
  if (n.flowLogs.destination !== "cloudwatch") out.push(problem(["network", "flowLogs", "destination"], `${n.flowLogs.destination} is ignored: ${why}`));
  if (n.flowLogs.trafficType !== "ALL") out.push(problem(["network", "flowLogs", "trafficType"], `${n.flowLogs.trafficType} is ignored: ${why}`));
  return out;
};

/** gp3's and io2's limits (EBS), as the launch template would meet them at apply time. */
const GP3 = { minIops: 3000, maxIops: 16000, iopsPerGiB: 500, minThroughput: 125, maxThroughput: 1000, mibpsPerIops: 0.25 } as const;
const IO2 = { minIops: 100, maxIops: 64000, iopsPerGiB: 1000 } as const;
const MAX_POOL_TAGS = 40;
/** Tag keys an instance that exposes its tags in the instance metadata can carry (no spaces or /). */
const METADATA_TAG_KEY = /^[A-Za-z0-9+\-=._:@]+$/;

/** A pool's launch template depth: root volume, tags, capacity reservation and instance-metadata tags. */
export const launchTemplateRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  // What Karpenter launches carries the deployment's and the pool's tags, domino-deploy-id and Karpenter's own.
  const karpenterBudget = MAX_TAGS_PER_RESOURCE - KARPENTER_TAGS_PER_INSTANCE - 1;
  const karpenterTags = `AWS allows ${MAX_TAGS_PER_RESOURCE} per instance or volume, and what Karpenter launches also gets domino-deploy-id and Karpenter's own ${KARPENTER_TAGS_PER_INSTANCE} (Name, karpenter.sh/nodepool, karpenter.sh/nodeclaim, karpenter.k8s.aws/ec2nodeclass, kubernetes.io/cluster/<cluster>, eks:eks-cluster-name)`;
  const deploymentTags = Object.keys(d.tags).length;
  const karpenterPools = pools.filter((p) => p.scaler === "karpenter").map((p) => p.name);
  if (karpenterPools.length > 0 && deploymentTags > karpenterBudget) {
    out.push(problem(["tags"], `has ${deploymentTags} tags; at most ${karpenterBudget} while Karpenter runs pools (${karpenterPools.join(", ")}): ${karpenterTags}`));
  }
  for (const pool of pools) {
    const input = d.nodePools[pool.name] ?? {};
    const path = ["nodePools", pool.name];
    const { volumeType, iops, throughputMiBps: throughput, diskSizeGiB: size } = pool;
    if (volumeType === "gp3") {
      if (iops !== undefined && (iops < GP3.minIops || iops > GP3.maxIops)) out.push(problem([...path, "iops"], `is ${iops}; gp3 takes ${GP3.minIops}-${GP3.maxIops} IOPS`));
      else if (iops !== undefined && iops > GP3.iopsPerGiB * size) out.push(problem([...path, "iops"], `is ${iops}; gp3 allows at most ${GP3.iopsPerGiB} IOPS per GiB, ${GP3.iopsPerGiB * size} for diskSizeGiB ${size}`));
      if (throughput !== undefined) {
        const effectiveIops = iops ?? GP3.minIops;
        if (throughput < GP3.minThroughput || throughput > GP3.maxThroughput) out.push(problem([...path, "throughputMiBps"], `is ${throughput}; gp3 takes ${GP3.minThroughput}-${GP3.maxThroughput} MiB/s`));
        else if (throughput > effectiveIops * GP3.mibpsPerIops) {
          out.push(problem([...path, "throughputMiBps"], `is ${throughput} MiB/s; gp3 allows at most ${GP3.mibpsPerIops} MiB/s per IOPS, ${effectiveIops * GP3.mibpsPerIops} for ${iops === undefined ? "the baseline " : ""}${effectiveIops} IOPS; set iops to at least ${Math.ceil(throughput / GP3.mibpsPerIops)}`));
        }
      }
    } else if (volumeType === "io2") {
      if (iops === undefined) out.push(problem([...path, "iops"], "is required for volumeType io2 (100-64000 provisioned IOPS)"));
      else if (iops < IO2.minIops || iops > IO2.maxIops) out.push(problem([...path, "iops"], `is ${iops}; io2 takes ${IO2.minIops}-${IO2.maxIops} IOPS`));
      else if (iops > IO2.iopsPerGiB * size) out.push(problem([...path, "iops"], `is ${iops}; io2 allows at most ${IO2.iopsPerGiB} IOPS per GiB, ${IO2.iopsPerGiB * size} for diskSizeGiB ${size}`));
      if (throughput !== undefined) out.push(problem([...path, "throughputMiBps"], "is for gp3 only; io2 throughput follows its IOPS"));
    } else {
      if (iops !== undefined) out.push(problem([...path, "iops"], "is not for gp2 (its IOPS follow its size); use volumeType gp3 or io2"));
      if (throughput !== undefined) out.push(problem([...path, "throughputMiBps"], "is for gp3 only; use volumeType gp3"));
    }

    const tagKeys = Object.keys(pool.tags);
    for (const key of tagKeys) {
      if (/^aws:/i.test(key)) out.push(problem([...path, "tags", key], "tag keys starting with aws: are reserved for AWS"));
      else if (key === "Name") {
        const owner = adoptedPools(d).has(pool.name) ? `the adopted launch template's name (adoption.nodeGroups.${pool.name}.launchTemplate)` : "the node group's name";
        out.push(problem([...path, "tags", key], `is set to ${owner} on its instances and volumes; remove it`));
      }
      else if (pool.instanceMetadataTags && !METADATA_TAG_KEY.test(key)) {
        out.push(problem([...path, "tags", key], "has a space or /, which instance tags cannot have when instanceMetadataTags is true (EC2 refuses the launch); use letters, digits and + - = . _ : @"));
      }
    }
    if (pool.instanceMetadataTags) {
      for (const key of Object.keys(d.tags)) {
        if (!METADATA_TAG_KEY.test(key)) out.push(problem([...path, "instanceMetadataTags"], `the deployment tag ${key} has a space or /, which instance tags cannot have when their metadata is exposed (EC2 refuses the launch); rename the tag or leave instanceMetadataTags off`));
      }
    }
    const budget = MAX_TAGS_PER_RESOURCE - CONSTRUCT_TAGS_PER_RESOURCE - 1;
    const merged = new Set([...Object.keys(d.tags), ...tagKeys]).size;
    if (tagKeys.length > MAX_POOL_TAGS) out.push(problem([...path, "tags"], `has ${tagKeys.length} tags; at most ${MAX_POOL_TAGS}`));
    else if (pool.scaler === "karpenter") {
      if (tagKeys.length > 0 && merged > karpenterBudget && deploymentTags <= karpenterBudget) {
        out.push(problem([...path, "tags"], `makes ${merged} tags with the deployment's; at most ${karpenterBudget} on a pool Karpenter runs: ${karpenterTags}`));
      }
    } else if (tagKeys.length > 0 && merged > budget) out.push(problem([...path, "tags"], `makes ${merged} tags with the deployment's; at most ${budget}: AWS allows ${MAX_TAGS_PER_RESOURCE} per instance or volume, which also get domino-deploy-id, Name and EKS's own`));

    const reservation = input.capacityReservation;
    if (reservation && pool.capacityType === "SPOT" && reservation.preference !== "none") {
      out.push(problem([...path, "capacityReservation"], "is for On-Demand capacity; a SPOT pool cannot use a capacity reservation (set capacityType ON_DEMAND, or preference none)"));
    }
    if (reservation?.id && pool.availabilityZones.length !== 1) {
      out.push(problem([...path, "capacityReservation", "id"], `is a reservation in one availability zone, but the pool runs in ${pool.availabilityZones.length} (${pool.availabilityZones.join(", ")}); run the pool in the reservation's zone only (a compute pool can in a one-zone deployment), or target a resourceGroupArn holding a reservation per zone`));
    }
    if (reservation?.resourceGroupArn) {
      const m = /^arn:([a-z-]+):resource-groups:([a-z0-9-]+):/.exec(reservation.resourceGroupArn);
      if (m && m[1] !== partitionOf(d.region)) out.push(problem([...path, "capacityReservation", "resourceGroupArn"], `is in partition ${m[1]}, but ${d.region} is in ${partitionOf(d.region)}`));
      else if (m && m[2] !== d.region) out.push(problem([...path, "capacityReservation", "resourceGroupArn"], `is a group of ${m[2]}; the pool's instances in ${d.region} need one of their own region`));
    }
  }
  return out;
};

/** A pool's kubelet settings must suit its AMI: Bottlerocket takes settings, not flags; burst at least QPS. */
export const kubeletRules: Rule = ({ pools }) => {
  const out: Problem[] = [];
  for (const pool of pools) {
    const k = pool.kubelet;
    if (!k) continue;
    const at = ["nodePools", pool.name, "kubelet"];
    if (pool.amiType.startsWith("BOTTLEROCKET") && k.extraFlags.length > 0) {
      out.push(problem([...at, "extraFlags"], `Bottlerocket (amiType ${pool.amiType}) takes kubelet settings, not command-line flags; use maxPods, kubeAPIQPS, kubeAPIBurst and evictionHard, or an Amazon Linux 2023 AMI type`));
    }
    if (k.kubeAPIQPS !== undefined && k.kubeAPIBurst !== undefined && k.kubeAPIBurst < k.kubeAPIQPS) {
      out.push(problem([...at, "kubeAPIBurst"], `is ${k.kubeAPIBurst}, below kubeAPIQPS ${k.kubeAPIQPS}; the burst must be at least the steady rate`));
    }
  }
  return out;
};

/**
 * A custom AMI (amiId) takes no EKS AMI release, and its nodes get max pods from kubelet.maxPods or the instance types'
 * network facts (max-pods.ts) when prefix delegation or pod subnets make the image's own default wrong.
 */
export const customAmiRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  const networking = podNetworkingOf(d.network);
  for (const pool of pools) {
    if (!pool.amiId) continue;
    const path = ["nodePools", pool.name];
    if (pool.amiReleaseVersion !== undefined) {
      out.push(problem([...path, "amiReleaseVersion"], `is an EKS AMI release, but the pool runs the custom AMI ${pool.amiId} (amiId); EKS refuses a release version for a launch template with an image; remove one of them`));
    }
    const unknown = unknownInstanceTypes(pool.instanceTypes);
    // Without prefixes or pod subnets the image's own default (nodeadm's or Bottlerocket's table) is right.
    const why = networking.prefixDelegation ? "network.prefixDelegation" : networking.customNetworking ? "the pod subnets (custom networking)" : undefined;
    if (why && pool.kubelet?.maxPods === undefined && unknown.length > 0) {
      out.push(problem([...path, "kubelet", "maxPods"], `is required with amiId and ${why}: a custom image computes max pods for single addresses on every interface, which is wrong here, and the network facts of ${unknown.join(", ")} are not known here to compute it (known: ${knownFamilies()}); set the value max-pods-calculator.sh gives for the pool's instance types`));
    }
  }
  return out;
};

function knownFamilies(): string {
  return [...new Set([...INSTANCE_NETWORK_FACTS.keys()].map((t) => t.split(".")[0]))].join(", ");
}

/**
 * The node policies' adopted names must differ from each other's and from the pull-through cache's node policy: IAM
 * policy names are unique in the account regardless of case. (The cluster role's is checked with the other role names,
 * in the service-account-roles add-on's rules.)
 */
export const adoptionNameRules: Rule = ({ deployment: d }) => {
  const names = d.adoption?.names;
  if (!names) return [];
  const out: Problem[] = [];
  const taken: [string, string][] = [
    [names.nodeS3Policy ?? iamName(d.deployId, "s3"), "the nodes' S3 policy"],
    ...(d.storage.ecr.enabled ? [[names.registryPolicy ?? iamName(d.deployId, "ecr"), "the nodes' ECR policy"] as [string, string]] : []),
    ...(d.registries.pullThroughCache.enabled ? [[iamName(d.deployId, "ecr-pull-through-nodes"), "the pull-through cache's node policy"] as [string, string]] : []),
  ];
  for (const field of ["nodeS3Policy", "registryPolicy"] as const) {
    const name = names[field];
    if (name === undefined || (field === "registryPolicy" && !d.storage.ecr.enabled)) continue;
    const own = field === "nodeS3Policy" ? 0 : 1;
    const clash = taken.find(([other], i) => i !== own && other.toLowerCase() === name.toLowerCase());
    if (clash) out.push(problem(["adoption", "names", field], `is ${name}, the name of ${clash[1]} ${clash[0]} (IAM policy names are unique in the account, whatever the case); choose another`));
  }
  return out;
};

/** The pools whose node groups are adopted (`adoption.nodeGroups`). */
function adoptedPools(d: ParsedDeployment): Set<string> {
  return new Set(Object.keys(d.adoption?.nodeGroups ?? {}));
}

/**
 * Adopted node groups (`adoption.nodeGroups`): of an enabled pool with managed node groups, one per zone of the pool,
 * with names no other group takes. A launch template name is unique in the account and region, a node group name in
 * the cluster; the pools not listed keep this project's names (`<deployId>-<pool>[-<zoneId>]`, the launch template's
 * too), which the given names must not take either.
 */
export const adoptionNodeGroupRules: Rule = ({ deployment: d, pools }) => {
  const adopted = d.adoption?.nodeGroups ?? {};
  const out: Problem[] = [];
  const managed = pools.filter((p) => p.scaler !== "karpenter");
  const own = new Map<string, string>();
  for (const pool of managed.filter((p) => !(p.name in adopted))) {
    const zones = pool.role === "platform" ? [undefined] : pool.availabilityZones;
    for (const zoneId of zones) own.set(nodeGroupName(d.deployId, pool.name, zoneId), zoneId ? `pool ${pool.name}'s own node group in ${zoneId}` : `pool ${pool.name}'s own node group`);
  }
  const groupOwners = new Map<string, string>();
  const templateOwners = new Map<string, string>();
  for (const [name, entry] of Object.entries(adopted)) {
    const path = ["adoption", "nodeGroups", name];
    const pool = pools.find((p) => p.name === name);
    if (!pool) {
      out.push(problem(path, `is not an enabled node pool of this deployment; adopted node groups belong to one of its pools with managed node groups: ${managed.map((p) => p.name).join(", ")}`));
      continue;
    }
    if (pool.scaler === "karpenter") {
      out.push(problem(path, `pool ${name} is run by Karpenter (scaler karpenter: a NodePool, no node groups); set nodePools.${name}.scaler: cluster-autoscaler to keep its node groups, or remove it here`));
      continue;
    }
    const given = Object.keys(entry.groups);
    const missing = pool.availabilityZones.filter((z) => !given.includes(z));
    const extra = given.filter((z) => !pool.availabilityZones.includes(z));
    if (missing.length > 0 || extra.length > 0) {
      const why = [...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []), ...(extra.length > 0 ? [`${extra.join(", ")} ${extra.length === 1 ? "is" : "are"} not one of them`] : [])];
      out.push(problem([...path, "groups"], `must name one node group for each of the pool's zones (${pool.availabilityZones.join(", ")}), by zone id: ${why.join("; ")}`));
    }
    for (const [zoneId, group] of Object.entries(entry.groups)) {
      const at = [...path, "groups", zoneId];
      const first = groupOwners.get(group);
      if (first) out.push(problem(at, `is ${group}, already the node group of ${first}; node group names are unique in the cluster`));
      else groupOwners.set(group, `adoption.nodeGroups.${name}.groups.${zoneId}`);
      const clash = own.get(group);
      if (clash) out.push(problem(at, `is ${group}, the name of ${clash}; node group names are unique in the cluster: adopt that pool's groups too (adoption.nodeGroups), or rename one of the pools`));
    }
    const template = entry.launchTemplate;
    const first = templateOwners.get(template);
    if (first) out.push(problem([...path, "launchTemplate"], `is ${template}, already the launch template of adoption.nodeGroups.${first}; each adopted pool has a launch template of its own (names are unique in the account and region)`));
    else templateOwners.set(template, name);
    const clash = own.get(template);
    if (clash) out.push(problem([...path, "launchTemplate"], `is ${template}, the name of the launch template of ${clash}; launch template names are unique in the account and region: adopt that pool's groups too (adoption.nodeGroups), or rename one of the pools`));
  }
  return out;
};

const DEPLOYMENT_RULES: readonly Rule[] = [
  zoneRules, catalogRules, poolZoneRules, networkRules, controlPlaneRules, poolRules, fargateRule, accessRules, waiverRules, bastionRules, duplicateRules, awsLimitRules, nodeShapeRules,
  nodePortRules, registriesRules, dominoLabelRules, kmsPolicyRules, awsProviderRules, bucketRules, certificateRules, kubeletRules,
  flowLogRules, launchTemplateRules, customAmiRules, adoptionNameRules, adoptionNodeGroupRules,
];

export function checkDeployment(input: RuleInput, extraRules: readonly Rule[] = []): Problem[] {
  return [...DEPLOYMENT_RULES, ...extraRules].flatMap((rule) => rule(input));
}

/** True when `name` is `other` or lies below it in DNS. */
export function isSameOrSubdomain(name: string, other: string): boolean {
  return name === other || name.endsWith(`.${other}`);
}

/** Rules across deployments: unique ids, no install on (a subdomain of) another install's name. */
export function checkAcrossDeployments(
  deployments: readonly Pick<ParsedDeployment, "deployId" | "fqdn" | "otherDominoFqdns">[],
  prefixed: boolean,
): Problem[] {
  const out: Problem[] = [];
  const at = (i: number, ...rest: PropertyKey[]) => (prefixed ? ["deployments", i, ...rest] : rest);
  deployments.forEach((d, i) => {
    const first = deployments.findIndex((o) => o.deployId === d.deployId);
    if (first !== i) out.push(problem(at(i, "deployId"), `"${d.deployId}" is already used by deployments[${first}]; deployIds must be unique`));
    deployments.forEach((o, j) => {
      if (j === i) return;
      if (d.fqdn === o.fqdn && j < i) out.push(problem(at(i, "fqdn"), `${d.fqdn} is already the fqdn of deployments[${j}]`));
      else if (d.fqdn !== o.fqdn && isSameOrSubdomain(d.fqdn, o.fqdn)) {
        out.push(problem(at(i, "fqdn"), `${d.fqdn} is a subdomain of ${o.fqdn} (deployments[${j}]); a Domino install cannot be hosted on a subdomain of another`));
      }
    });
    d.otherDominoFqdns.forEach((other) => {
      if (isSameOrSubdomain(d.fqdn, other)) {
        out.push(problem(at(i, "fqdn"), `${d.fqdn} is ${d.fqdn === other ? "the name" : "a subdomain"} of the Domino install at ${other} (otherDominoFqdns); a Domino install cannot be hosted on a subdomain of another`));
      }
    });
  });
  return out;
}

