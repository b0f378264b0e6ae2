/**
 * The spec's figures in one place, so a reader can check them against Domino's
 * "Domino on EKS" cluster-requirements page (shared/seed/domino-on-eks-cluster-requirements.txt).
 */

export const NODE_POOL_LABEL = "dominodatalab.com/node-pool";

/**
 * The labels Domino's reference puts on its node groups (dominodatalab/terraform-aws-eks v3.49.0): every non-Karpenter
 * group gets `dominodatalab.com/domino-node: "true"` (modules/nodes/main.tf, `local.node_groups` labels), and the
 * platform group `dominodatalab.com/calico-controlplane: "true"` (modules/nodes/variables.tf, default_node_groups.platform
 * labels), the node selector of Calico's control plane, typha and operator and of CoreDNS there
 * (modules/eks/submodules/k8s/templates/k8s-pre-setup.sh.tftpl, modules/nodes/addons.tf).
 */
export const DOMINO_NODE_LABEL = "dominodatalab.com/domino-node";
export const CALICO_CONTROL_PLANE_LABEL = "dominodatalab.com/calico-controlplane";
export const DOMINO_LABEL_VALUE = "true";

/** Spec, "Node pools": at least two ASGs with distinct labels, plus an optional GPU pool. */
export const SPEC_NODE_POOLS = {
  platform: {
    instanceTypes: ["m5.4xlarge"],
    minSize: 4,
    maxSize: 6,
    desiredSize: 4,
    diskSizeGiB: 128,
    labels: { [NODE_POOL_LABEL]: "platform" },
  },
  default: {
    instanceTypes: ["m5.2xlarge"],
    minSize: 1,
    maxSize: 20,
    desiredSize: 1,
    diskSizeGiB: 400,
    labels: { [NODE_POOL_LABEL]: "default", "domino/build-node": "true" },
  },
  "default-gpu": {
    instanceTypes: ["p3.2xlarge"],
    minSize: 0,
    maxSize: 5,
    desiredSize: 0,
    diskSizeGiB: 400,
    labels: { [NODE_POOL_LABEL]: "default-gpu", "nvidia.com/gpu": "true" },
    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" as const }],
  },
} as const;

/** Spec: why Domino cannot run on EKS Fargate. */
export const FARGATE_REASON = "Domino cannot be installed on EKS Fargate: Fargate does not support stateful workloads with persistent volumes";

/** The pool that hosts the Domino platform; every other pool is a compute pool. */
export const PLATFORM_POOL = "platform";
export const REQUIRED_POOLS = ["platform", "default"] as const;

/** EKS managed node group AMI types: the accelerated (NVIDIA) ones carry the GPU drivers the spec asks for. */
export const STANDARD_AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;
export const GPU_AMI_TYPES = ["AL2023_x86_64_NVIDIA", "AL2023_ARM_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA", "BOTTLEROCKET_ARM_64_NVIDIA"] as const;
export const AMI_TYPES = [...STANDARD_AMI_TYPES, ...GPU_AMI_TYPES] as const;
export const DEFAULT_AMI_TYPE = "AL2023_x86_64_STANDARD";
export const DEFAULT_GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA";

/** EC2 instance families that carry NVIDIA GPUs (p*, g* except the Graviton g5g family without NVIDIA drivers on AL2023). */
export const GPU_INSTANCE_FAMILY = /^(p\d|g\d)[a-z-]*\./;

/** Spec, "Network plugin": every pod takes a subnet address with the VPC CNI; at least a /23. */
export const MAX_NODE_SUBNET_PREFIX = 23;

/** Spec, "Namespaces": Domino creates these itself during installation. */
export const DEFAULT_NAMESPACES = {
  platform: "domino-platform",
  compute: "domino-compute",
  system: "domino-system",
} as const;

/** Spec, "Datasets storage": the EFS access point. */
export const SPEC_EFS_ACCESS_POINT = {
  rootDirectory: "/domino",
  uid: 0,
  gid: 0,
  ownerUid: 0,
  ownerGid: 0,
  permissions: "777",
} as const;

/** Spec, "Blob storage": the four buckets, by role. */
export const BUCKET_ROLES = ["blobs", "registry", "logs", "backups"] as const;

/**
 * Data buckets beyond the spec's four, each off unless its config switch is on: costs (`storage.s3.costs.enabled`,
 * Domino's `storage.costs_enabled`). When on, they are made and granted exactly like the four.
 */
export const OPTIONAL_BUCKET_ROLES = ["costs"] as const;

/**
 * Prefixes in the monitoring bucket: S3 server access logs (`s3-access-logs/<role>/`), load-balancer access logs (the
 * `access_logs.s3.prefix`; ELB adds `/AWSLogs/<account>/...`), VPC flow logs with flowLogs.destination s3.
 */
export const S3_ACCESS_LOG_PREFIX = "s3-access-logs/";
export const ELB_ACCESS_LOG_PREFIX = "elb";
export const VPC_FLOW_LOG_PREFIX = "vpc-flow-logs/";

/** Spec, "Blob storage": the node policy's actions. */
export const SPEC_S3_BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"] as const;
export const SPEC_S3_OBJECT_ACTIONS = [
  "s3:PutObject",
  "s3:GetObject",
  "s3:DeleteObject",
  "s3:ListMultipartUploadParts",
  "s3:AbortMultipartUpload",
] as const;

/** Zone ids where EKS places no control-plane network interfaces: CreateCluster rejects subnets there (nodes may still run there). */
export const EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** EKS needs control-plane subnets in at least this many availability zones. */
export const EKS_CONTROL_PLANE_MIN_ZONES = 2;

/**
 * Size of the extra control-plane subnet (network.controlPlaneZoneId). It holds only the 2-4 network interfaces EKS
 * creates, and as many again while a version upgrade replaces them. EKS needs 6 free addresses per subnet and
 * recommends 16: a /27 leaves 27 after the 5 AWS reserves (a /28 would leave 11), for 32 addresses of the VPC.
 */
export const CONTROL_PLANE_SUBNET_PREFIX = 27;

/** The reference deployment when no config file is given. */
export const DEFAULT_DEPLOY_ID = "domino";
export const DEFAULT_REGION = "us-west-2";
export const DEFAULT_ZONES = ["usw2-az1", "usw2-az2", "usw2-az3"];
export const DEFAULT_FQDN = "domino.example.com";
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** The network of a created VPC: a /16 with a /19 private and a /27 public subnet per zone (the spec asks for /23 or larger). */
export const DEFAULT_NETWORK = {
  vpcCidr: "10.0.0.0/16",
  privateSubnetPrefix: 19,
  publicSubnetPrefix: 27,
  podSubnetPrefix: 19,
} as const;

/** Days CloudWatch Logs keeps the VPC flow logs and the EKS control-plane logs: a year, for audits. */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** Storage defaults: Domino's two external-registry repositories, and 35 days of Datasets backups. */
export const DEFAULT_ECR_REPOSITORIES = ["environment", "model"] as const;
export const DEFAULT_EFS_BACKUP_RETENTION_DAYS = 35;

/** The Datasets backup's schedule: daily at 05:00 UTC (AWS Backup's cron syntax). */
export const DEFAULT_EFS_BACKUP_SCHEDULE = "cron(0 5 * * ? *)";

/** AWS Backup keeps a recovery point in cold storage at least 90 days: delete_after >= cold_storage_after + 90. */
export const EFS_COLD_STORAGE_MIN_DAYS = 90;

/** Bucket lifecycles: incomplete multipart uploads are aborted after a week; replaced or deleted versions kept 90 days. */
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;

/** The optional bastion's size: it only forwards SSH or Session Manager traffic. */
export const DEFAULT_BASTION_INSTANCE_TYPE = "t3.micro";

/** State backends: the S3 key prefix and the Terraform Cloud host. */
export const DEFAULT_S3_STATE_KEY_PREFIX = "domino-eks";
export const DEFAULT_REMOTE_HOSTNAME = "app.terraform.io";

/** The prebuilt bindings pin providers exactly; the synthesized constraints are relaxed to these. */
export const DEFAULT_PROVIDER_VERSIONS = {
  aws: "~> 6.25",
  kubernetes: "~> 2.38",
  helm: "~> 3.1",
} as const;

/** The retention periods (days) CloudWatch Logs accepts for a log group. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The EKS control-plane log types; all are on. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/**
 * Node security group: the TCP ports the control plane reaches on nodes, as Domino's reference opens them
 * (dominodatalab/terraform-aws-eks v3.49.0, modules/eks/main.tf `node_security_group_rules`): 443, metrics-server 4443,
 * Calico API server 5443, prometheus-adapter 6443, Vault agent injector 8080, 8443 and 9443 webhooks, kubelet 10250,
 * Istio's webhook 15017. DNS (53) is opened on TCP and UDP as well (NODE_DNS_PORT).
 */
export const NODE_PORTS_FROM_CONTROL_PLANE = [443, 4443, 5443, 6443, 8080, 8443, 9443, 10250, 15017] as const;

/** DNS from the control plane to CoreDNS on the nodes, TCP and UDP (Domino's reference opens both). */
export const NODE_DNS_PORT = 53;

/** The service-account annotation that names a service account's IRSA role. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/** Kubernetes' well-known zone label; nodes carry the account's zone name (us-west-2a), not the zone id. */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** The EBS CSI driver's topology key on nodes: EBS volumes are zonal, and pods follow their volumes' zone. */
export const EBS_ZONE_LABEL = "topology.ebs.csi.aws.com/zone";

/** EKS service quota: managed node groups per cluster (adjustable through AWS Service Quotas). */
export const DEFAULT_MANAGED_NODE_GROUPS_PER_CLUSTER = 30;

/** AWS allows 50 tags per resource; the provider's default tags count toward each resource's. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** The most tags a construct here puts on a resource besides the default tags (a subnet: Name, role, cluster). */
export const CONSTRUCT_TAGS_PER_RESOURCE = 3;

/**
 * The tags Karpenter v1 puts on every instance and volume it launches besides the EC2NodeClass's: Name,
 * karpenter.sh/nodepool, karpenter.sh/nodeclaim, karpenter.k8s.aws/ec2nodeclass, kubernetes.io/cluster/<cluster> and
 * eks:eks-cluster-name.
 */
export const KARPENTER_TAGS_PER_INSTANCE = 6;

/** ACM: the certificate's first domain name (its subject CN) is at most 64 characters. */
export const MAX_CERTIFICATE_DOMAIN_LENGTH = 64;

/** Address ranges a VPC or pod CIDR cannot use: "this network", loopback, link-local, multicast and reserved. */
export const RESERVED_IPV4_RANGES = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"] as const;

/** Which scaler runs a compute pool: `autoscaling.compute`, or the pool's own `scaler`. */
export const SCALERS = ["cluster-autoscaler", "karpenter"] as const;
export type Scaler = (typeof SCALERS)[number];
export const DEFAULT_SCALER: Scaler = "cluster-autoscaler";

export const CONSOLIDATION_POLICIES = ["WhenEmpty", "WhenEmptyOrUnderutilized"] as const;
export const DISRUPTION_REASONS = ["Empty", "Underutilized", "Drifted"] as const;

/**
 * A Karpenter pool's disruption defaults, as Domino's own compute NodePool sets them: only empty nodes are consolidated
 * (a running workspace or job is never moved), after 5 minutes, at most 10% of the pool's nodes at once, and nodes
 * do not expire (a long training run is not cut off; AMI drift still replaces nodes, within the budget).
 */
export const DEFAULT_KARPENTER_DISRUPTION = {
  consolidationPolicy: "WhenEmpty",
  consolidateAfter: "5m",
  expireAfter: "Never",
  budgets: [{ nodes: "10%" }],
} as const;

/** Karpenter's discovery tag key (EC2NodeClass subnet and security-group selectors); the value is the cluster name. */
export const KARPENTER_DISCOVERY_TAG_KEY = "karpenter.sh/discovery";
