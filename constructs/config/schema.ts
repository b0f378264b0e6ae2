/**
 * The deployment config, defined once. Types, defaults and allowed values live here; the JSON Schema
 * (`domino-eks.schema.json`) is generated from these definitions. Cross-field rules of the spec live in rules.ts.
 */
import { z } from "zod";
import { backupScheduleProblem, isKmsKeyArnOrId, isVersionConstraint, s3BucketNameProblem } from "./aws-facts";
import { hasHostBits, networkOfCidr } from "./cidr";
import {
  AMI_TYPES,
  DEFAULT_BASTION_INSTANCE_TYPE,
  DEFAULT_DEPLOY_ID,
  DEFAULT_ECR_REPOSITORIES,
  DEFAULT_EFS_BACKUP_RETENTION_DAYS,
  DEFAULT_EFS_BACKUP_SCHEDULE,
  EFS_COLD_STORAGE_MIN_DAYS,
  DEFAULT_LOG_RETENTION_DAYS,
  DEFAULT_MANAGED_NODE_GROUPS_PER_CLUSTER,
  DEFAULT_NETWORK,
  DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS,
  DEFAULT_REMOTE_HOSTNAME,
  DEFAULT_S3_STATE_KEY_PREFIX,
  DEFAULT_FQDN,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_NAMESPACES,
  DEFAULT_PROVIDER_VERSIONS,
  DEFAULT_REGION,
  DEFAULT_SCALER,
  SCALERS,
  DEFAULT_ZONES,
  FARGATE_REASON,
  LOG_RETENTION_DAYS,
} from "./defaults";
import { loadBalancerControllerSchema } from "../addons/aws-load-balancer-controller/schema";
import { calicoSchema } from "../addons/calico/schema";
import { clusterAutoscalerSchema } from "../addons/cluster-autoscaler/schema";
import { blockStorageSchema } from "../addons/ebs-csi-driver/schema";
import { externalDnsSchema } from "../addons/external-dns/schema";
import { karpenterSchema } from "../addons/karpenter/schema";
import { karpenterPoolSchema } from "./karpenter-pool";
import { serviceAccountRolesSchema } from "../addons/service-account-roles/schema";
import { kmsPolicyStatementSchema } from "./kms-policy";
import { registriesSchema } from "./registries";

const DEPLOY_ID = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-\d+$/;
const ZONE_ID = /^[a-z]{2,}\d+-az\d+$/;
/** A dotted quad without leading zeros (010 would be read as octal by some tools) and a prefix 0-32. */
const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}\\/(3[0-2]|[12]?\\d)$`);
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]{0,23}\.[a-z0-9]{1,24}$/;
const ARN = /^arn:aws(-[a-z]+)*:[a-z0-9-]+:/;
const K8S_VERSION = /^1\.\d{2}$/;
/** A node pool's name (nodePools keys). */
export const POOL_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
/** An EKS add-on version (addons.versions values). */
export const ADDON_VERSION = /^v\d{1,4}\.\d{1,4}\.\d{1,4}-eksbuild\.\d{1,4}$/;

export const deployIdSchema = z.string().regex(DEPLOY_ID, {
  error: "must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
});
export const regionSchema = z.string().regex(REGION, {
  error: "must be an AWS region name such as us-west-2, eu-central-1 or us-gov-west-1",
});
export const zoneIdSchema = z.string().regex(ZONE_ID, {
  error: "must be an availability zone id such as usw2-az1 (zone ids, not names: they are the same in every account)",
});
export const cidrSchema = z.string().superRefine((value, ctx) => {
  if (!isIpv4Cidr(value)) {
    ctx.addIssue({ code: "custom", message: "must be an IPv4 CIDR block such as 10.0.0.0/16 (four numbers 0-255 without leading zeros, a prefix 0-32)" });
  } else if (hasHostBits(value)) {
    ctx.addIssue({ code: "custom", message: `has host bits set; did you mean ${networkOfCidr(value)}?` });
  }
});
export const dnsNameSchema = z.string().regex(DNS_NAME, {
  error: "must be a fully qualified DNS name in lowercase, such as domino.example.com",
});
const arnSchema = z.string().regex(ARN, { error: "must be an ARN (arn:<partition>:<service>:...)" });
const subnetPrefix = (def: number) =>
  z.number().int({ error: "must be a whole number" }).min(16, { error: "must be 16 to 28" }).max(28, { error: "must be 16 to 28" }).default(def);
const versionConstraint = (def: string) =>
  z.string().refine(isVersionConstraint, {
    error: "must be a Terraform version constraint: comma-separated operator (=, !=, >, >=, <, <=, ~>) and version pairs, such as ~> 6.25 or >= 6.25, < 7.0",
  }).default(def);
const count = z.number().int({ error: "must be a whole number" }).min(0, { error: "must be 0 or more" });

export function isIpv4Cidr(value: string): boolean {
  return CIDR.test(value);
}

export const VOLUME_TYPES = ["gp3", "gp2", "io2"] as const;

export const taintSchema = z.strictObject({
  key: z.string().min(1, { error: "must not be empty" }),
  value: z.string().optional(),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"], {
    error: "must be one of NoSchedule, PreferNoSchedule, NoExecute",
  }),
});

/**
 * A node pool. Every field is optional here: the spec's pools (platform, default, default-gpu) take the spec's
 * values for fields left out; other pools must give instanceTypes and maxSize (checked in rules.ts).
 * Sizes are per node group: compute pools get one group per zone, the platform pool one group across its zones (one
 * per zone when its groups are adopted, adoption.nodeGroups).
 */
/** Kubelet's hard-eviction signals (kubelet's evictionHard and Bottlerocket's settings.kubernetes.eviction-hard). */
export const EVICTION_SIGNALS = ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"] as const;
/** Kubelet flags the node group sets itself (labels, taints) or that have a field here (maxPods). */
const OWNED_KUBELET_FLAGS = ["--node-labels", "--register-with-taints", "--max-pods", "--kubeconfig"];

const kubeletSchema = z.strictObject({
  maxPods: z.number().int({ error: "must be a whole number of pods" }).min(1, { error: "must be 1 to 250 (EKS caps max pods at 110 below 30 vCPUs, 250 above)" })
    .max(250, { error: "must be 1 to 250 (EKS caps max pods at 110 below 30 vCPUs, 250 above)" }).optional()
    .describe("kubelet maxPods; without prefix delegation a node still gets only as many pod addresses as its ENIs hold"),
  kubeAPIQPS: z.number().int({ error: "must be a whole number" }).min(1, { error: "must be 1 to 1000" }).max(1000, { error: "must be 1 to 1000" }).optional()
    .describe("kubelet kubeAPIQPS (kubelet's default 50)"),
  kubeAPIBurst: z.number().int({ error: "must be a whole number" }).min(1, { error: "must be 1 to 2000" }).max(2000, { error: "must be 1 to 2000" }).optional()
    .describe("kubelet kubeAPIBurst (kubelet's default 100); at least kubeAPIQPS"),
  evictionHard: z.partialRecord(
    z.enum(EVICTION_SIGNALS, { error: `eviction signals are ${EVICTION_SIGNALS.join(", ")}` }),
    z.string().regex(/^(\d{1,3}(\.\d{1,2})?%|\d{1,12}(Ki|Mi|Gi|Ti)?)$/, { error: "must be a quantity such as 500Mi or 1Gi, or a percentage such as 10%" }),
  ).optional().describe("hard eviction thresholds by signal, such as memory.available: 500Mi or nodefs.available: 10%"),
  extraFlags: z.array(z.string().regex(/^--[a-z0-9][a-z0-9-]*(=\S.*)?$/, { error: "must be a kubelet flag such as --image-gc-high-threshold=80" })
    .refine((flag) => !OWNED_KUBELET_FLAGS.includes(flag.split("=")[0]), { error: `must not be ${OWNED_KUBELET_FLAGS.join(", ")}: the node group sets labels and taints, and maxPods is a field` }))
    .optional().describe("extra kubelet flags (Amazon Linux 2023 only; Bottlerocket takes settings, not flags)"),
}).refine((k) => Object.values(k).some((v) => v !== undefined), { error: "sets nothing: give maxPods, kubeAPIQPS, kubeAPIBurst, evictionHard or extraFlags, or remove it" });

export const nodePoolSchema = z.strictObject({
  enabled: z.boolean().optional().describe("false removes the pool (only default-gpu and custom pools may be removed)"),
  instanceTypes: z.array(z.string().regex(INSTANCE_TYPE, { error: "must be EC2 instance types such as m5.2xlarge" })).optional(),
  minSize: count.optional(),
  maxSize: count.optional(),
  desiredSize: count.optional().describe("initial size; the cluster autoscaler owns it after creation"),
  diskSizeGiB: z.number().int().min(20, { error: "must be 20 GiB or more" }).max(16384, { error: "must be at most 16384 GiB" }).optional(),
  labels: z.record(z.string().min(1), z.string()).optional(),
  taints: z.array(taintSchema).optional(),
  gpu: z.boolean().optional().describe("defaults to true when an instance type has NVIDIA GPUs"),
  amiType: z.enum(AMI_TYPES, { error: `must be one of ${AMI_TYPES.join(", ")}` }).optional(),
  capacityType: z.enum(["ON_DEMAND", "SPOT"], {
    error: (issue) => (/fargate/i.test(String(issue.input)) ? `${FARGATE_REASON}; use ON_DEMAND or SPOT` : "must be ON_DEMAND or SPOT"),
  }).optional(),
  availabilityZones: z.array(zoneIdSchema).optional().describe("zone ids this pool runs in; defaults to the deployment's zones"),
  amiReleaseVersion: z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}-[0-9a-z]{8}$/, {
    error: "must be an EKS AMI release version such as 1.35.0-20251120 (Amazon Linux) or 1.50.0-1a2b3c4d (Bottlerocket)",
  }).optional().describe("the EKS-optimized AMI release the pool's node groups run; left out, a new group gets the latest for the cluster's Kubernetes version and keeps it until the field or the version changes; a pool Karpenter runs then follows the newest AMI (alias @latest), so each EKS AMI release drifts and replaces the pool's nodes within its disruption budgets: pin it to choose when"),
  dominoNode: z.boolean().optional()
    .describe("false leaves out the dominodatalab.com/domino-node: \"true\" label Domino's pools carry, for a custom pool that runs no Domino workloads (the platform, default and default-gpu pools always carry it)"),
  volumeType: z.enum(VOLUME_TYPES, { error: `must be one of ${VOLUME_TYPES.join(", ")}` }).optional()
    .describe("EBS type of the pool's root volume (Bottlerocket: the data volume xvdb; its OS volume stays gp3). Default gp3"),
  iops: z.number({ error: "must be a whole number of IOPS" }).int({ error: "must be a whole number of IOPS" }).optional()
    .describe("provisioned IOPS of the volume: gp3 3000-16000 (left out: 3000, AWS's baseline) and at most 500 per GiB of diskSizeGiB; io2 100-64000 and at most 1000 per GiB, required; not with gp2"),
  throughputMiBps: z.number({ error: "must be a whole number of MiB/s" }).int({ error: "must be a whole number of MiB/s" }).optional()
    .describe("gp3 throughput, 125-1000 MiB/s (left out: 125, AWS's baseline) and at most iops/4 (0.25 MiB/s per IOPS); gp3 only"),
  tags: z.record(
    z.string().min(1, { error: "tag keys must be 1-128 characters" }).max(128, { error: "tag keys must be 1-128 characters" }),
    z.string().max(256, { error: "tag values must be at most 256 characters" }),
  ).optional().describe("tags on the pool's instances and volumes (the launch template's tag specifications), merged over the deployment's tags (the pool's win); at most 40, and with the deployment's tags at most 46. Not put on the Auto Scaling group: the cluster autoscaler's node-template tags are for labels, taints and resources only"),
  updateConfig: z.strictObject({
    maxUnavailable: z.number({ error: "must be a whole number 1-100" }).int({ error: "must be a whole number 1-100" })
      .min(1, { error: "must be 1-100 (EKS replaces at most 100 nodes at once)" }).max(100, { error: "must be 1-100 (EKS replaces at most 100 nodes at once)" }).optional()
      .describe("nodes replaced at once during an update of the pool's node groups"),
    maxUnavailablePercentage: z.number({ error: "must be a whole percentage 1-100" }).int({ error: "must be a whole percentage 1-100" })
      .min(1, { error: "must be a percentage 1-100" }).max(100, { error: "must be a percentage 1-100" }).optional()
      .describe("share of the group's nodes replaced at once during an update"),
  }).superRefine((u, ctx) => {
    const given = [u.maxUnavailable, u.maxUnavailablePercentage].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", message: given === 0 ? "must give maxUnavailable or maxUnavailablePercentage" : "must give only one of maxUnavailable and maxUnavailablePercentage" });
  }).optional().describe("how EKS rolls the pool's node groups on an update; default: platform maxUnavailable 1, compute pools maxUnavailablePercentage 50"),
  capacityReservation: z.strictObject({
    id: z.string().regex(/^cr-[0-9a-f]{17}$/, { error: "must be a capacity reservation id such as cr-0123456789abcdef0" }).optional()
      .describe("targeted: launch only into this On-Demand Capacity Reservation (it is in one zone: the pool must run in that zone only)"),
    resourceGroupArn: z.string().regex(/^arn:aws[a-z-]*:resource-groups:[a-z0-9-]+:\d{12}:group\/[A-Za-z0-9_.-]{1,300}$/, {
      error: "must be a resource group ARN such as arn:aws:resource-groups:us-west-2:123456789012:group/my-reservations",
    }).optional().describe("targeted: launch into the capacity reservations of this resource group"),
    preference: z.enum(["open", "none"], { error: "must be open or none (targeted is given by id or resourceGroupArn)" }).optional()
      .describe("open: use any open capacity reservation that matches; none: never use one. Not with id or resourceGroupArn"),
  }).superRefine((c, ctx) => {
    const given = [c.id, c.resourceGroupArn, c.preference].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", message: given === 0 ? "must give one of id, resourceGroupArn (targeted) or preference (open, none)" : "must give only one of id, resourceGroupArn and preference (the launch template takes a preference or a target, not both)" });
  }).optional().describe("the launch template's capacity reservation: a targeted reservation (id) or group (resourceGroupArn), or preference open or none; left out: not set (EC2's default, open)"),
  instanceMetadataTags: z.boolean().optional()
    .describe("true lets the nodes read their instance tags from the instance metadata service (metadata_options instance_metadata_tags enabled); default off"),
  kubelet: kubeletSchema.optional()
    .describe("kubelet settings in the launch template's user data (a nodeadm NodeConfig on Amazon Linux 2023, settings TOML on Bottlerocket), merged by EKS with its own; left out, no user data. A change rolls the pool's nodes"),
  scaler: z.enum(SCALERS, { error: `must be ${SCALERS.join(" or ")}` }).optional()
    .describe("what runs the pool: cluster-autoscaler (managed node groups, one per zone, scaled by the cluster autoscaler) or karpenter (a Karpenter NodePool and EC2NodeClass, no node groups); default autoscaling.compute. The platform pool is always managed node groups (the Karpenter controller runs there)"),
  instanceFamilies: z.array(z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { error: "must be EC2 instance families such as g5 or m7i-flex" }))
    .optional().describe("Karpenter pools only: instance families Karpenter may choose any size of, instead of instanceTypes (a pool gives one of the two: Karpenter would AND them; a spec pool's default instanceTypes give way); needs karpenter.limits.cpu"),
  karpenter: karpenterPoolSchema.optional()
    .describe("Karpenter pools only: disruption (consolidation, expiry, budgets), limits and weight of the pool's NodePool"),
  amiId: z.string().regex(/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/, { error: "must be an AMI id such as ami-0123456789abcdef0 (ami- and 8 or 17 hex digits)" }).optional()
    .describe("a custom AMI for the pool's nodes, built on the EKS-optimized Amazon Linux 2023 or Bottlerocket AMI; amiType then names its family (AL2023_* or BOTTLEROCKET_*) and the node groups get ami type CUSTOM. EKS neither bootstraps such nodes nor merges user data, so the launch template carries the whole node configuration (cluster endpoint, CA, service CIDR, labels, taints, max pods from kubelet.maxPods or the instance types' network facts). Not with amiReleaseVersion; the nodes do not follow kubernetesVersion: build an AMI of the new version and change this to upgrade. A GPU pool's AMI must carry the NVIDIA drivers itself. Default: none, the EKS-optimized AMI of amiType"),
});

const existingVpcSchema = z.strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: "must be a VPC id such as vpc-0123456789abcdef0" }),
  privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be subnet ids such as subnet-0123456789abcdef0" })).min(1, { error: "must list at least one subnet" }),
  publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be subnet ids such as subnet-0123456789abcdef0" })).default([]),
  podSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be subnet ids such as subnet-0123456789abcdef0" })).default([]),
  controlPlaneSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "must be subnet ids such as subnet-0123456789abcdef0" })).default([])
    .describe("extra subnets of this VPC, in zones other than availabilityZones, that only the EKS control plane's network interfaces use (never nodes); required when fewer than two of availabilityZones can hold the control plane (one zone), because EKS needs control-plane subnets in at least two availability zones"),
});

const PORT_RANGE = /^(\d{1,5})-(\d{1,5})$/;
const PORT_MESSAGE = "must be a port number 1-65535 or a range such as \"30000-32767\"";
const portNumber = z.number({ error: "must be a port number 1-65535 or a range such as \"30000-32767\"" })
  .int({ error: "must be a whole port number 1-65535" }).min(1, { error: PORT_MESSAGE }).max(65535, { error: PORT_MESSAGE });
const portRange = z.string().superRefine((value, ctx) => {
  const m = PORT_RANGE.exec(value);
  const [from, to] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || from < 1 || to > 65535) ctx.addIssue({ code: "custom", message: "must be a port number 1-65535 or a range such as \"30000-32767\"" });
  else if (from > to) ctx.addIssue({ code: "custom", message: `starts at ${from}, after its end ${to}; write the lower port first` });
});

/** One extra port (or range) the control plane may reach on the nodes. */
export const nodePortSchema = z.strictObject({
  port: z.union([portNumber, portRange], { error: "must be a port number 1-65535 or a range such as \"30000-32767\"" })
    .describe("a port such as 8081, or an inclusive range such as \"30000-32767\""),
  protocol: z.enum(["tcp", "udp"], { error: "must be tcp or udp" }).default("tcp"),
  description: z.string().min(1).max(200, { error: "must be at most 200 characters" }).optional()
    .describe("why the port is open; shown on the security group rule"),
});

export const networkSchema = z.strictObject({
  vpcCidr: cidrSchema.default(DEFAULT_NETWORK.vpcCidr),
  privateSubnetPrefix: subnetPrefix(DEFAULT_NETWORK.privateSubnetPrefix).describe("size of each zone's private (node) subnet; /23 or larger"),
  publicSubnetPrefix: subnetPrefix(DEFAULT_NETWORK.publicSubnetPrefix).describe("size of each zone's public subnet (NAT gateways, internet-facing load balancers)"),
  podCidr: cidrSchema.optional().describe("secondary VPC CIDR for the VPC CNI's custom networking, such as 100.64.0.0/16"),
  podSubnetPrefix: subnetPrefix(DEFAULT_NETWORK.podSubnetPrefix).describe("size of each zone's pod subnet inside podCidr; /23 or larger"),
  prefixDelegation: z.boolean().default(false)
    .describe("VPC CNI prefix delegation: nodes get /28 prefixes (16 addresses each) instead of single addresses, so dense nodes keep pod addresses (the vpc-cni add-on gets ENABLE_PREFIX_DELEGATION and WARM_PREFIX_TARGET 1). Nitro instance types only: others (p3, m4, c4, r4) keep single addresses. The subnets need free contiguous /28 blocks. Managed node groups on EKS AMIs compute max pods with it; custom-AMI pools, and with pod subnets every pool of known instance types, get it from the instance types' network facts. Switching it on updates the add-on in place and rolls the pools whose launch template carries max pods (custom-AMI pools; every pool of known types with pod subnets); other pools' nodes take the new max pods when they are next replaced. Switching it off again leaves the setting on the add-on (EKS keeps configuration values no longer given): set ENABLE_PREFIX_DELEGATION to false on the vpc-cni add-on by hand and replace the nodes. Default false"),
  annotatePodIp: z.boolean().default(false)
    .describe("the VPC CNI writes each pod's IP address onto the pod as an annotation (ANNOTATE_POD_IP on the vpc-cni add-on), so Calico's policy sees a new pod's address without waiting for the CNI's status update; Domino's Terraform sets it, and an adopted deployment keeps it. Default false"),
  controlPlaneZoneId: zoneIdSchema.optional().describe("extra zone for the EKS control plane's network interfaces only, used when fewer than two of availabilityZones can hold them (one zone, or zones EKS does not support): EKS needs control-plane subnets in at least two availability zones, so a /27 subnet is created there, after the other subnets. Default: derived, the first of the region's zone ids az1..az4 not in availabilityZones that EKS supports; set it when that zone is not available to your account. EKS keeps the zone for the cluster's life"),
  peerCidrs: z.array(cidrSchema).default([]).describe("networks reached by VPC peering or VPN; must not overlap the VPC"),
  apiPublicAccessCidrs: z.array(cidrSchema).default([]).describe("CIDRs allowed to reach a public EKS API endpoint; empty keeps the endpoint private; a list covering the whole internet needs allowPublicApiFromAnywhere"),
  allowPublicApiFromAnywhere: z.boolean().default(false)
    .describe("accept an apiPublicAccessCidrs list that covers the whole internet (0.0.0.0/0); the security check then needs a waiver"),
  apiPrivateAccessCidrs: z.array(cidrSchema).default([])
    .describe("networks outside the VPC (VPN, peering) allowed to reach the private API endpoint on 443, e.g. to apply the k8s stage"),
  singleNatGateway: z.boolean().default(false).describe("one NAT gateway for all zones (cheaper, not zone-redundant)"),
  interfaceEndpoints: z.boolean().default(false).describe("interface endpoints for ECR (api, dkr) and STS"),
  s3InterfaceEndpoint: z.boolean().default(false)
    .describe("an S3 interface endpoint beside the gateway endpoint, for clients outside the VPC (VPN, Direct Connect, peering) through a Route 53 inbound resolver; its private DNS answers only the inbound resolver, so traffic from inside the VPC keeps using the free gateway endpoint. Needs a VPC created here"),
  restrictEndpoints: z.boolean().default(false)
    .describe("an endpoint policy on the S3 gateway (and interface) endpoint: only this account's buckets, and the AWS-owned buckets ECR image layers, Amazon Linux packages and the SSM agent come from"),
  flowLogRetentionDays: z.number().int().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
  }).default(DEFAULT_LOG_RETENTION_DAYS).describe("days the VPC flow logs are kept in CloudWatch Logs (flowLogs.destination cloudwatch only)"),
  flowLogs: z.strictObject({
    destination: z.enum(["cloudwatch", "s3"], { error: "must be cloudwatch or s3" }).default("cloudwatch")
      .describe("where the VPC flow logs go: cloudwatch (a KMS-encrypted log group, kept flowLogRetentionDays), or s3 (the monitoring bucket, prefix vpc-flow-logs/; no log group or role is created)"),
    trafficType: z.enum(["ALL", "ACCEPT", "REJECT"], { error: "must be ALL, ACCEPT or REJECT" }).default("ALL")
      .describe("which traffic the flow logs record: ALL (accepted and rejected), ACCEPT or REJECT"),
  }).prefault({}).describe("VPC flow logs of a created VPC (none with existingVpc)"),
  existingVpc: existingVpcSchema.optional().describe("bring your own VPC: nothing network-wide is created"),
  extraNodePortsFromControlPlane: z.array(nodePortSchema).default([])
    .describe("ports the control plane may reach on the nodes besides the built-in ones (443, 4443, 5443, 6443, 8080, 8443, 9443, 10250, 15017 tcp; 53 tcp and udp), e.g. for a webhook of your own"),
});

const backendSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("local"),
      directory: z.string().min(1, { error: "must name a folder, such as . or state" }).max(1024, { error: "must be at most 1024 characters" })
        .refine((dir) => !dir.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(dir), { error: "must be relative to the project folder (the stacks reach it from cdktf.out/stacks/<stack>)" })
        .default(".").describe("folder for the state files, relative to the project"),
    }),
    z.strictObject({
      type: z.literal("s3"),
      bucket: z.string().superRefine((name, ctx) => {
        const why = s3BucketNameProblem(name);
        if (why) ctx.addIssue({ code: "custom", message: why });
      }),
      region: regionSchema,
      keyPrefix: z.string().max(900, { error: "must be at most 900 characters (S3 object keys are at most 1,024 bytes with the stack name)" })
        .regex(/^([^/\s][^\s]*)?$/, { error: "must be an S3 key prefix without spaces that does not start with /, such as domino/prod" })
        .default(DEFAULT_S3_STATE_KEY_PREFIX),
      kmsKeyId: z.string().refine(isKmsKeyArnOrId, {
        error: "must be a KMS key ARN or key id, such as arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d (a UUID with version digit 1-5 and variant 8, 9, a or b, or mrk-<32 hex digits>)",
      }).optional().describe("KMS key for the state objects; S3's default encryption when left out"),
    }),
    z.strictObject({
      type: z.literal("remote"),
      hostname: dnsNameSchema.default(DEFAULT_REMOTE_HOSTNAME),
      organization: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, { error: "must name the Terraform Cloud/Enterprise organization: letters, digits, - and _" }),
      workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]{0,70}$/, {
        error: "must be at most 70 letters, digits, - and _ (workspace names are <workspacePrefix><stack>, at most 90 characters)",
      }).default(""),
    }),
  ],
  { error: "type must be one of local, s3, remote" },
);

/** One of the four buckets: created (the default) or an existing bucket this project does not own. */
export const existingBucketSchema = z.strictObject({
  create: z.boolean().default(true).describe("false: do not create the bucket; use the existing bucket `name` (the node policy, outputs and domino_config use it; no access logging is set on it)"),
  name: z.string().superRefine((name, ctx) => {
    const why = s3BucketNameProblem(name);
    if (why) ctx.addIssue({ code: "custom", message: why });
  }).optional().describe("the existing bucket's name; required with, and only with, create: false"),
}).superRefine((b, ctx) => {
  if (!b.create && b.name === undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "is required with create: false (the existing bucket's name)" });
  if (b.create && b.name !== undefined) ctx.addIssue({ code: "custom", path: ["name"], message: "only applies with create: false (an existing bucket); created buckets are named <deployId>-<role>" });
});

const waiverSchema = z.strictObject({
  rule: z.string().min(1).max(64, { error: "must name a security rule (at most 64 characters)" }),
  reason: z.string().trim().min(10, { error: "must explain in at least 10 characters why the rule is waived" }).max(2000, { error: "must be at most 2000 characters" }),
  resources: z.array(z.string()).optional().describe("Terraform addresses (globs allowed) the waiver covers; all when left out"),
});

export const AUTHENTICATION_MODES = ["API", "API_AND_CONFIG_MAP"] as const;

const IAM_NAME_CHARACTERS = /^[\w+=,.@-]*$/;
const iamNameSchema = (max: number, what: string) =>
  z.string().min(1, { error: `must be 1-${max} characters (${what})` }).max(max, { error: `must be 1-${max} characters (${what})` })
    .regex(IAM_NAME_CHARACTERS, { error: `must be letters, digits and + = , . @ _ - only (${what})` });
/** The characters EC2 allows in a security group's description. */
const SG_DESCRIPTION = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const sgDescriptionSchema = z.string().max(255, { error: "must be at most 255 characters (EC2's limit for security group descriptions)" })
  .regex(SG_DESCRIPTION, { error: "must use only the characters EC2 allows in a security group description: a-z A-Z 0-9 space . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *" });
const policyDescriptionSchema = z.string().max(1000, { error: "must be at most 1000 characters (IAM's limit for policy descriptions)" });

/** EKS node group names; EC2 launch template names. */
const NODE_GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9()./_-]*$/;

/** One pool's existing node groups and the launch template they share (Domino's Terraform: one per pool). */
const adoptedNodeGroupsSchema = z.strictObject({
  launchTemplate: z.string().min(3, { error: "must be 3-128 characters (an EC2 launch template name)" }).max(128, { error: "must be 3-128 characters (an EC2 launch template name)" })
    .regex(LAUNCH_TEMPLATE_NAME, { error: "must be letters, digits and ( ) . - / _ only (an EC2 launch template name)" })
    .describe("name of the pool's existing launch template, such as <deployId>-<pool> in Domino's Terraform (ForceNew): the pool's one launch template, which all its node groups use, as EKS never lets a node group change its launch template (only its version); the Name tag of the pool's instances and volumes"),
  groups: z.record(
    zoneIdSchema,
    z.string().min(1, { error: "must be 1-63 characters (an EKS node group name)" }).max(63, { error: "must be 1-63 characters (an EKS node group name)" })
      .regex(NODE_GROUP_NAME, { error: "must be letters, digits, - and _, starting with a letter or digit (an EKS node group name)" }),
  ).describe("the existing node group of each of the pool's zones, by zone id, such as usw2-az2: compute-acme-prod-private-us-west-2b (names are ForceNew); exactly the pool's zones"),
});

const adoptionSchema = z.strictObject({
  importsFile: z.string().min(1, { error: "must name a file, such as domino-eks.adopt.json" }).max(1024, { error: "must be at most 1024 characters" })
    .refine((file) => !file.startsWith("/") && !file.startsWith("\\") && !/^[A-Za-z]:/.test(file), { error: "must be a path relative to this config file, not an absolute path" })
    .optional()
    .describe("the adoption file `domino-eks adopt` writes: Terraform import blocks per stage, read by the command line (relative to this config file). The library does not read it"),
  reason: z.string().trim().min(10, { error: "must explain in at least 10 characters why the deployment carries adoption settings" })
    .max(2000, { error: "must be at most 2000 characters" }).optional()
    .describe("why the deployment carries adoption settings, such as \"adopted from Domino's Terraform (terraform-aws-eks 3.x) state\"; required with twoZones"),
  twoZones: z.boolean().default(false)
    .describe("accept exactly two availabilityZones, which new deployments may not use: a deployment adopted from Domino's Terraform (two zones by default) keeps its zones; needs reason"),
  names: z.strictObject({
    clusterRole: iamNameSchema(64, "an IAM role name").optional()
      .describe("name of the IAM role of the EKS control plane (ForceNew on the cluster: keep the adopted one's); default <deployId>-eks-cluster"),
    nodeS3Policy: iamNameSchema(128, "an IAM policy name").optional()
      .describe("name of the nodes' S3 IAM policy; default <deployId>-s3"),
    registryPolicy: iamNameSchema(128, "an IAM policy name").optional()
      .describe("name of the nodes' ECR IAM policy; default <deployId>-ecr"),
    datasetsCreationToken: z.string().min(1, { error: "must be 1-64 characters (an EFS creation token)" }).max(64, { error: "must be 1-64 characters (an EFS creation token)" }).optional()
      .describe("creation token of the datasets EFS file system (ForceNew: a changed token replaces the file system and its data); default <deployId>-datasets"),
  }).prefault({}).describe("names AWS cannot change in place, taken from the adopted resources; each defaults to this project's name"),
  descriptions: z.strictObject({
    nodeS3Policy: policyDescriptionSchema.optional().describe("description of the nodes' S3 IAM policy (ForceNew); default this project's text"),
    registryPolicy: policyDescriptionSchema.optional().describe("description of the nodes' ECR IAM policy (ForceNew); default this project's text"),
    clusterSecurityGroup: sgDescriptionSchema.optional().describe("description of the EKS control plane's security group (ForceNew); default this project's text"),
    nodesSecurityGroup: sgDescriptionSchema.optional().describe("description of the nodes' security group (ForceNew); default this project's text"),
    datasetsSecurityGroup: sgDescriptionSchema.optional().describe("description of the datasets EFS mount targets' security group (ForceNew); default this project's text"),
    bastionSecurityGroup: sgDescriptionSchema.optional().describe("description of the bastion's security group (ForceNew); default this project's text"),
  }).prefault({}).describe("descriptions the AWS provider cannot change in place (ForceNew), so that an adopted resource keeps its own"),
  nodeGroups: z.record(z.string().regex(POOL_NAME, { error: "pool names are 2-20 characters of lowercase letters, digits and hyphens" }), adoptedNodeGroupsSchema).default({})
    .describe("by pool (an enabled pool with managed node groups, the platform pool too): its existing node groups, one per zone, and their one launch template, kept by name instead of this project's <deployId>-<pool>-<zoneId> groups with a launch template each. A listed platform pool gets a node group per zone too, and its minSize, maxSize and desiredSize are then per zone. Pools left out keep this project's names"),
});

export const deploymentSchema = z.strictObject({
  $schema: z.string().optional(),
  deployId: deployIdSchema.default(DEFAULT_DEPLOY_ID),
  region: regionSchema.default(DEFAULT_REGION),
  fqdn: dnsNameSchema.default(DEFAULT_FQDN),
  kubernetesVersion: z.string().regex(K8S_VERSION, { error: "must be a Kubernetes minor version such as 1.35" }).default(DEFAULT_KUBERNETES_VERSION),
  allowUnlisted: z.strictObject({
    region: z.boolean().default(false).describe("accept a region AWS opened after this release's region list"),
    kubernetesVersion: z.boolean().default(false).describe("accept a Kubernetes version EKS released after this release's version list"),
  }).prefault({}).describe("accept values newer than the lists this release knows; every other check still applies"),
  controlPlaneLogRetentionDays: z.number().int().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
  }).default(DEFAULT_LOG_RETENTION_DAYS).describe("days the EKS control-plane logs are kept in CloudWatch Logs"),
  tags: z.record(
    z.string().min(1, { error: "tag keys must be 1-128 characters" }).max(128, { error: "tag keys must be 1-128 characters" }),
    z.string().max(256, { error: "tag values must be at most 256 characters" }),
  ).default({}),
  availabilityZones: z.array(zoneIdSchema).default(DEFAULT_ZONES),
  network: networkSchema.prefault({}),
  nodePools: z.record(z.string().regex(POOL_NAME, {
    error: "pool names are 2-20 characters of lowercase letters, digits and hyphens",
  }), nodePoolSchema).default({}),
  otherDominoFqdns: z.array(dnsNameSchema).default([]),
  kms: z.strictObject({
    keyArn: arnSchema.optional().describe("bring your own KMS key; otherwise one is created per deployment"),
    additionalPolicyStatements: z.array(kmsPolicyStatementSchema).default([])
      .describe("statements appended to the created key's policy, such as a grant to a role of another account; not with keyArn. A wildcard principal needs a condition on the caller"),
  }).prefault({}),
  aws: z.strictObject({
    useFipsEndpoints: z.boolean().default(false)
      .describe("the AWS provider of every stack uses FIPS 140 endpoints (use_fips_endpoint); only in regions where EKS and the other services have them: the four US commercial regions and GovCloud"),
    ignoreTags: z.strictObject({
      keys: z.array(z.string().min(1, { error: "must not be empty" }).max(128, { error: "tag keys are at most 128 characters" })).default([])
        .describe("tag keys the AWS provider ignores on every resource (tags another system manages)"),
      keyPrefixes: z.array(z.string().min(1, { error: "must not be empty" }).max(128, { error: "tag keys are at most 128 characters" })).default([])
        .describe("tag key prefixes the AWS provider ignores on every resource"),
    }).prefault({}).describe("the AWS provider's ignore_tags, on every stack"),
  }).prefault({}).describe("settings of the AWS provider of every stack"),
  dns: z.strictObject({
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, { error: "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ" }).optional(),
    certificateValidation: z.enum(["route53", "pending", "external"], { error: "must be route53, pending or external" }).optional()
      .describe("how ACM validates the certificate: route53 writes the records into hostedZoneId and waits for the certificate (the default with a hosted zone); pending requests it and lists the records to create in the certificate_validation_records output and domino_config (the default without one); external waits for the certificate once you have created those records"),
  }).prefault({}),
  storage: z.strictObject({
    s3: z.strictObject({
      forceDestroy: z.boolean().default(false).describe("allow destroying non-empty buckets (test installs only)"),
      noncurrentVersionExpirationDays: z.number({ error: "must be a whole number of days (1 or more), or null to keep old versions" })
        .int({ error: "must be a whole number of days (1 or more), or null to keep old versions" })
        .min(1, { error: "must be 1 day or more, or null to keep old versions" })
        .nullable().default(DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS)
        .describe("days S3 keeps a replaced or deleted object version before it expires, on every bucket; null keeps old versions forever"),
      monitoring: z.strictObject({
        enabled: z.boolean().default(true)
          .describe("create the monitoring bucket <deployId>-monitoring (SSE-S3, as S3 server access logs and load-balancer access logs require) for the buckets' access logs, load-balancer access logs and, with network.flowLogs.destination s3, VPC flow logs"),
      }).prefault({}).describe("the log bucket of the deployment"),
      costs: z.strictObject({
        enabled: z.boolean().default(false)
          .describe("create <deployId>-costs, the long-term storage of Domino's cost features (Kubecost's long-term storage in Domino's Terraform, its storage.costs_enabled): SSE-KMS, versioned, access-logged and TLS-only like the other buckets, read and written by the nodes"),
      }).prefault({}).describe("the bucket of Domino's cost features; off by default"),
      buckets: z.strictObject({
        blobs: existingBucketSchema.optional(),
        logs: existingBucketSchema.optional(),
        backups: existingBucketSchema.optional(),
        registry: existingBucketSchema.optional(),
      }).prefault({}).describe("per bucket role: use an existing bucket (create: false, name) instead of creating <deployId>-<role>"),
    }).prefault({}),
    ecr: z.strictObject({
      enabled: z.boolean().default(true),
      repositories: z.array(z.string().max(200, { error: "must be at most 200 characters (ECR names are at most 256 with the <deployId>/ namespace)" }).regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, {
        error: "must be ECR repository names: lowercase letters and digits, separated by single . _ or -",
      })).default([...DEFAULT_ECR_REPOSITORIES]),
      forceDelete: z.boolean().default(false),
    }).prefault({}),
    efs: z.strictObject({
      backup: z.boolean().default(true).describe("AWS Backup plan for the datasets file system"),
      backupRetentionDays: z.number().int().min(1, { error: "must be at least 1 day" }).default(DEFAULT_EFS_BACKUP_RETENTION_DAYS)
        .describe("days AWS Backup keeps each recovery point before deleting it (the rule's delete_after)"),
      backupSchedule: z.string().superRefine((expression, ctx) => {
        const why = backupScheduleProblem(expression);
        if (why) ctx.addIssue({ code: "custom", message: why });
      }).default(DEFAULT_EFS_BACKUP_SCHEDULE)
        .describe("when AWS Backup backs up the datasets file system: an AWS cron expression cron(minutes hours day-of-month month day-of-week year) in UTC, at most once an hour; default daily at 05:00 UTC"),
      coldStorageAfterDays: z.number({ error: "must be a whole number of days" }).int({ error: "must be a whole number of days" }).min(1, { error: "must be at least 1 day" }).optional()
        .describe(`days after which a recovery point moves to cold storage; AWS Backup keeps it there at least ${EFS_COLD_STORAGE_MIN_DAYS} days, so backupRetentionDays must be at least this plus ${EFS_COLD_STORAGE_MIN_DAYS}. Left out, recovery points stay in warm storage`),
      throughputMode: z.enum(["elastic", "bursting", "provisioned"], { error: "must be one of elastic, bursting, provisioned" }).default("elastic")
        .describe("EFS throughput mode of the datasets file system; elastic (the default) scales with the workload"),
      provisionedThroughputMibps: z.number({ error: "must be a number of MiB/s, 1 to 10240" }).min(1, { error: "must be 1 to 10240 MiB/s" }).max(10240, { error: "must be 1 to 10240 MiB/s" }).optional()
        .describe("throughput in MiB/s; required with, and only with, throughputMode provisioned"),
      performanceMode: z.enum(["generalPurpose", "maxIO"], { error: "must be generalPurpose or maxIO" }).default("generalPurpose")
        .describe("EFS performance mode; maxIO cannot be combined with elastic throughput"),
    }).prefault({}).superRefine((efs, ctx) => {
      if (efs.throughputMode === "provisioned" && efs.provisionedThroughputMibps === undefined) {
        ctx.addIssue({ code: "custom", path: ["provisionedThroughputMibps"], message: "is required with throughputMode provisioned (1 to 10240 MiB/s)" });
      }
      if (efs.throughputMode !== "provisioned" && efs.provisionedThroughputMibps !== undefined) {
        ctx.addIssue({ code: "custom", path: ["provisionedThroughputMibps"], message: `only applies to throughputMode provisioned (throughputMode is ${efs.throughputMode}); remove it` });
      }
      // Only a valid coldStorageAfterDays is compared (zod runs this refinement after a field's own issue too).
      const cold = efs.coldStorageAfterDays;
      if (cold !== undefined && Number.isInteger(cold) && cold >= 1) {
        if (!efs.backup) {
          ctx.addIssue({ code: "custom", path: ["coldStorageAfterDays"], message: "only applies with backup: true (there are no recovery points to move); remove it" });
        } else if (efs.backupRetentionDays < cold + EFS_COLD_STORAGE_MIN_DAYS) {
          ctx.addIssue({
            code: "custom",
            path: ["backupRetentionDays"],
            message: `is ${efs.backupRetentionDays}, but with coldStorageAfterDays ${cold} it must be at least ${cold + EFS_COLD_STORAGE_MIN_DAYS}: AWS Backup keeps a recovery point in cold storage at least ${EFS_COLD_STORAGE_MIN_DAYS} days (delete_after >= cold_storage_after + ${EFS_COLD_STORAGE_MIN_DAYS}); raise backupRetentionDays or lower coldStorageAfterDays`,
          });
        }
      }
      if (efs.performanceMode === "maxIO" && efs.throughputMode === "elastic") {
        ctx.addIssue({ code: "custom", path: ["performanceMode"], message: "maxIO cannot be combined with throughputMode elastic (EFS refuses it); use generalPurpose, or throughputMode bursting or provisioned" });
      }
    }),
    blockStorage: blockStorageSchema,
  }).prefault({}),
  bastion: z.strictObject({
    enabled: z.boolean().default(false),
    allowedCidrs: z.array(cidrSchema).default([]).describe("who may reach the bastion over SSH; empty means Session Manager only"),
    instanceType: z.string().regex(INSTANCE_TYPE, { error: "must be an EC2 instance type such as t3.micro" }).default(DEFAULT_BASTION_INSTANCE_TYPE),
  }).prefault({}),
  access: z.strictObject({
    adminRoleArns: z.array(arnSchema).default([]).describe("IAM roles granted cluster admin through EKS access entries"),
    authenticationMode: z.enum(AUTHENTICATION_MODES, { error: `must be ${AUTHENTICATION_MODES.join(" or ")}` }).default("API")
      .describe("the EKS cluster's authentication mode: API (access entries only) or API_AND_CONFIG_MAP, which keeps the aws-auth ConfigMap working beside access entries, for clusters adopted from the aws-auth ConfigMap: EKS moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API one step per update, never back"),
  }).prefault({}),
  addons: z.strictObject({
    versions: z.record(z.string(), z.string().regex(ADDON_VERSION, { error: "must be an EKS add-on version such as v1.19.0-eksbuild.1" })).default({})
      .describe("pinned EKS add-on versions by add-on name (vpc-cni, kube-proxy, eks-pod-identity-agent, coredns, aws-ebs-csi-driver, aws-efs-csi-driver); a pinned add-on stays at its version when kubernetesVersion changes"),
    versionPolicy: z.enum(["eks-default", "most-recent"], { error: "must be eks-default or most-recent" }).default("eks-default")
      .describe("the version of an add-on that is not pinned, looked up for the cluster's Kubernetes version at plan time (so a kubernetesVersion change moves it): eks-default is EKS's default for that version, most-recent the newest EKS offers for it"),
  }).prefault({}),
  autoscaling: z.strictObject({
    compute: z.enum(SCALERS, { error: `must be ${SCALERS.join(" or ")}` }).default(DEFAULT_SCALER)
      .describe("what runs the compute pools (every pool but platform) unless a pool sets its own scaler: cluster-autoscaler (managed node groups) or karpenter (NodePools)"),
  }).prefault({}).describe("how the compute pools scale"),
  autoscaler: clusterAutoscalerSchema,
  karpenter: karpenterSchema,
  calico: calicoSchema,
  registries: registriesSchema.describe("private registries and chart mirrors for air-gapped installs; see the README, \"Air-gapped installs\""),
  loadBalancerController: loadBalancerControllerSchema,
  externalDns: externalDnsSchema.describe("external-dns: an IRSA role limited to the listed Route53 zones, optionally its chart"),
  serviceAccountRoles: serviceAccountRolesSchema,
  namespaces: z.strictObject({
    platform: z.string().default(DEFAULT_NAMESPACES.platform),
    compute: z.string().default(DEFAULT_NAMESPACES.compute),
    system: z.string().default(DEFAULT_NAMESPACES.system),
    create: z.boolean().default(false).describe("create the namespaces before Domino's installer does"),
  }).prefault({}),
  fargateProfiles: z.unknown().optional().describe("not supported: Domino cannot run on EKS Fargate"),
  waivers: z.array(waiverSchema).default([]).describe("security checks waived for this deployment, each with a reason"),
  quotas: z.strictObject({
    managedNodeGroupsPerCluster: z.number().int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" })
      .default(DEFAULT_MANAGED_NODE_GROUPS_PER_CLUSTER)
      .describe("EKS's quota of managed node groups per cluster (30 by default); raise it here after AWS raised it for your account"),
  }).prefault({}),
  backend: backendSchema.default({ type: "local", directory: "." }),
  providers: z.strictObject({
    aws: versionConstraint(DEFAULT_PROVIDER_VERSIONS.aws),
    kubernetes: versionConstraint(DEFAULT_PROVIDER_VERSIONS.kubernetes),
    helm: versionConstraint(DEFAULT_PROVIDER_VERSIONS.helm),
  }).prefault({}),
  adoption: adoptionSchema.optional()
    .describe("settings of a deployment taken over in place from Domino's Terraform (domino-eks adopt): names and descriptions AWS cannot change, the import blocks; absent for new deployments"),
});

export const multiDeploymentSchema = z.strictObject({
  $schema: z.string().optional(),
  deployments: z.array(deploymentSchema).min(1, { error: "must list at least one deployment" }),
});

/** What a config file may hold: one deployment, or several under `deployments`. */
export const configFileSchema = z.union([deploymentSchema, multiDeploymentSchema]);

export type NodePoolInput = z.infer<typeof nodePoolSchema>;
export type ParsedDeployment = z.output<typeof deploymentSchema>;
/** One deployment as written: every field optional, defaults not yet applied. */
export type DeploymentInput = z.input<typeof deploymentSchema>;
export type BackendConfig = ParsedDeployment["backend"];
export type Taint = z.infer<typeof taintSchema>;
export type AdoptionConfig = z.output<typeof adoptionSchema>;
export type NodePort = z.output<typeof nodePortSchema>;
