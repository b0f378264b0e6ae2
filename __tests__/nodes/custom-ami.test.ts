/**
 * nodePools.<pool>.amiId (issue 14): the launch template's image, and user data that bootstraps the node itself (EKS
 * neither bootstraps custom-AMI nodes nor merges user data); the node group's ami type CUSTOM without version or
 * release. Also network.prefixDelegation on the vpc-cni add-on and max pods of custom-networking pools.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { kubeletMaySetLabel } from "../../constructs/core/user-data";
import { problemsOf } from "../helpers/config";
import { synthCluster, synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json } from "../helpers/json";

const AMI = "ami-0123456789abcdef0";
const templateOf = (json: Json, group: string): Json => bodies(json, "aws_launch_template").find((t: Json) => t.name === group);
const groupOf = (json: Json, group: string): Json => bodies(json, "aws_eks_node_group").find((g: Json) => g.node_group_name === group);
const decoded = (t: Json): string => Buffer.from(t.user_data, "base64").toString("utf8");
const mime = (nodeConfig: string[]): string =>
  ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="//"', "", "--//", "Content-Type: application/node.eks.aws", "", "---", ...nodeConfig, "", "--//--", ""].join("\n");

describe("nodePools.<pool>.amiId on Amazon Linux 2023", () => {
  const json = synthNodes(`nodePools:
  default:
    amiId: ${AMI}
    taints: [{key: dedicated, value: build, effect: NoSchedule}, {key: spot, effect: PreferNoSchedule}]
    kubelet: {kubeAPIQPS: 20, extraFlags: [--image-gc-high-threshold=80]}
`);
  const group = "domino-default-usw2-az1";

  test("the launch template runs the AMI; its user data is a whole NodeConfig: cluster, max pods, labels and taints", () => {
    expect(templateOf(json, group).image_id).toBe(AMI);
    expect(decoded(templateOf(json, group))).toBe(mime([
      "apiVersion: node.eks.aws/v1alpha1",
      "kind: NodeConfig",
      "spec:",
      "  cluster:",
      "    name: domino",
      "    apiServerEndpoint: https://ABC.gr7.us-west-2.eks.amazonaws.com",
      "    certificateAuthority: Q0E=",
      "    cidr: 172.20.0.0/16",
      "  kubelet:",
      "    config:",
      "      maxPods: 58",
      "      kubeAPIQPS: 20",
      "    flags:",
      "      - --node-labels=dominodatalab.com/node-pool=default,domino/build-node=true,dominodatalab.com/domino-node=true",
      "      - --register-with-taints=dedicated=build:NoSchedule,spot:PreferNoSchedule",
      "      - --image-gc-high-threshold=80",
    ]));
  });

  test("the node group: ami type CUSTOM, no Kubernetes version or release; labels and taints kept for EKS too", () => {
    const g = groupOf(json, group);
    expect(g.ami_type).toBe("CUSTOM");
    expect(g).not.toHaveProperty("version");
    expect(g).not.toHaveProperty("release_version");
    expect(g.labels).toEqual({ "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true" });
    expect(g.taint).toEqual([{ key: "dedicated", value: "build", effect: "NO_SCHEDULE" }, { key: "spot", effect: "PREFER_NO_SCHEDULE" }]);
  });

  test("other pools keep the EKS-optimized AMI, version and no user data", () => {
    const platform = groupOf(json, "domino-platform");
    expect(platform).toMatchObject({ ami_type: "AL2023_x86_64_STANDARD", version: "1.35" });
    expect(templateOf(json, "domino-platform")).not.toHaveProperty("image_id");
    expect(templateOf(json, "domino-platform")).not.toHaveProperty("user_data");
  });

  test("kubelet.maxPods wins over the table; a GPU pool with a custom AMI keeps its GPU taint for the kubelet", () => {
    const gpu = synthNodes(`nodePools:
  default-gpu:
    amiId: ${AMI}
    amiType: AL2023_x86_64_STANDARD
    instanceTypes: [g5.xlarge]
    kubelet: {maxPods: 30}
`);
    const text = decoded(templateOf(gpu, "domino-default-gpu-usw2-az1"));
    expect(text).toContain("      maxPods: 30\n");
    expect(text).toContain("--register-with-taints=nvidia.com/gpu=true:NoSchedule\n");
    expect(text).toContain("nvidia.com/gpu=true");
    expect(groupOf(gpu, "domino-default-gpu-usw2-az1").ami_type).toBe("CUSTOM");
  });

  test("labels a kubelet may not set on itself are left to EKS", () => {
    expect(kubeletMaySetLabel("dominodatalab.com/node-pool")).toBe(true);
    expect(kubeletMaySetLabel("plain")).toBe(true);
    expect(kubeletMaySetLabel("node.kubernetes.io/instance-group")).toBe(true);
    expect(kubeletMaySetLabel("topology.kubernetes.io/zone")).toBe(true);
    expect(kubeletMaySetLabel("node-role.kubernetes.io/worker")).toBe(false);
    expect(kubeletMaySetLabel("example.k8s.io/x")).toBe(false);
    const j = synthNodes(`nodePools:\n  default:\n    amiId: ${AMI}\n    labels: {node-role.kubernetes.io/build: "true"}\n`);
    expect(decoded(templateOf(j, group))).not.toContain("node-role.kubernetes.io");
    expect(groupOf(j, group).labels["node-role.kubernetes.io/build"]).toBe("true");
  });
});

describe("nodePools.<pool>.amiId on Bottlerocket", () => {
  test("settings.kubernetes with the cluster, cluster DNS at the service CIDR's .10, max pods; node-labels and node-taints tables", () => {
    const json = synthNodes(`nodePools:
  default:
    amiId: ami-01234567
    amiType: BOTTLEROCKET_x86_64
    taints: [{key: dedicated, value: build, effect: NoSchedule}, {key: dedicated, value: build, effect: NoExecute}, {key: spot, effect: PreferNoSchedule}]
    kubelet: {evictionHard: {memory.available: 200Mi}}
`);
    const t = templateOf(json, "domino-default-usw2-az1");
    expect(t.image_id).toBe("ami-01234567");
    expect(t.block_device_mappings.map((m: Json) => m.device_name)).toEqual(["/dev/xvda", "/dev/xvdb"]);
    expect(decoded(t)).toBe([
      "[settings.kubernetes]",
      'cluster-name = "domino"',
      'api-server = "https://ABC.gr7.us-west-2.eks.amazonaws.com"',
      'cluster-certificate = "Q0E="',
      'cluster-dns-ip = "172.20.0.10"',
      "max-pods = 58",
      "",
      "[settings.kubernetes.node-labels]",
      '"dominodatalab.com/node-pool" = "default"',
      '"domino/build-node" = "true"',
      '"dominodatalab.com/domino-node" = "true"',
      "",
      "[settings.kubernetes.node-taints]",
      '"dedicated" = ["build:NoSchedule", "build:NoExecute"]',
      '"spot" = ":PreferNoSchedule"',
      "",
      "[settings.kubernetes.eviction-hard]",
      '"memory.available" = "200Mi"',
      "",
    ].join("\n"));
    expect(groupOf(json, "domino-default-usw2-az1").ami_type).toBe("CUSTOM");
  });

  test("a cluster whose service CIDR is 10.100.0.0/16 gets DNS at 10.100.0.10", () => {
    const json = synthNodes(`nodePools:\n  default:\n    amiId: ${AMI}\n    amiType: BOTTLEROCKET_x86_64\n    instanceTypes: [m6i.xlarge]\n`, { clusterServiceIpv4Cidr: "10.100.0.0/16" });
    expect(decoded(templateOf(json, "domino-default-usw2-az1"))).toContain('cluster-dns-ip = "10.100.0.10"\nmax-pods = 58\n');
  });
});

describe("in the whole app: the cluster's values come from the cluster stage's state", () => {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-ami-")), "cdktf.out");
  synthesize(parseConfig(`deployments:\n  - deployId: acme\n    nodePools:\n      default:\n        amiId: ${AMI}\n        amiType: BOTTLEROCKET_x86_64\n`, "test.yaml"), outdir);
  const stack = (name: string): Json => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
  const nodes = stack("acme-nodes");

  test("user_data is Terraform's base64encode of text reading the endpoint, CA data and service CIDR from remote state", () => {
    const t = bodies(nodes, "aws_launch_template").find((x: Json) => x.image_id === AMI);
    const ref = "data.terraform_remote_state.cross-stack-reference-input-acme-cluster.outputs.";
    expect(t.user_data).toMatch(/^\$\{base64encode\("\[settings\.kubernetes\]\\ncluster-name = \\"/);
    expect(t.user_data).toContain(`api-server = \\"\${${ref}`);
    expect(t.user_data).toMatch(new RegExp(`cluster-dns-ip = \\\\"\\$\\{cidrhost\\(one\\(${ref.replace(/\./g, "\\.")}[^,]+\\), 10\\)\\}\\\\"`));
    const cluster = stack("acme-cluster");
    expect(Object.values(cluster.output).map((o: Json) => o.value)).toContain("${one(aws_eks_cluster.control-plane_cluster_47C848BD.kubernetes_network_config[*].service_ipv4_cidr)}");
  });
});

describe("network.prefixDelegation", () => {
  const cni = (json: Json): Json => bodies(json, "aws_eks_addon").find((a: Json) => a.addon_name === "vpc-cni");

  test("the vpc-cni add-on gets ENABLE_PREFIX_DELEGATION and WARM_PREFIX_TARGET; EKS-AMI pools keep EKS's max pods", () => {
    expect(JSON.parse(cni(synthCluster("network: {prefixDelegation: true}\n")).configuration_values)).toEqual({
      env: { ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" },
    });
    expect(cni(synthCluster())).not.toHaveProperty("configuration_values");
    for (const t of bodies(synthNodes("network: {prefixDelegation: true}\n"), "aws_launch_template")) expect(t).not.toHaveProperty("user_data");
  });

  test("with custom networking too: both sets of env, and the ENIConfigs", () => {
    const values = JSON.parse(cni(synthCluster("network: {prefixDelegation: true, podCidr: 100.64.0.0/16}\n", { podSubnetIds: ["subnet-pod0", "subnet-pod1", "subnet-pod2"] })).configuration_values);
    expect(values.env).toEqual({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone", ENABLE_PREFIX_DELEGATION: "true", WARM_PREFIX_TARGET: "1" });
    expect(values.eniConfig.create).toBe(true);
  });

  test("a custom-AMI pool's max pods count the prefixes", () => {
    const json = synthNodes(`network: {prefixDelegation: true}\nnodePools:\n  default:\n    amiId: ${AMI}\n`);
    expect(decoded(templateOf(json, "domino-default-usw2-az1"))).toContain("      maxPods: 110\n");
  });
});

describe("custom networking (network.podCidr)", () => {
  test("pools on EKS AMIs get max pods without the primary interface (the AMI's default counts it); unknown types are left alone", () => {
    const json = synthNodes("network: {podCidr: 100.64.0.0/16}\nnodePools:\n  arm:\n    instanceTypes: [c7g.large]\n    amiType: AL2023_ARM_64_STANDARD\n    maxSize: 2\n");
    const text = (group: string) => decoded(templateOf(json, group));
    expect(text("domino-platform")).toContain("    config:\n      maxPods: 110\n"); // m5.4xlarge: 7 x 29 + 2 = 205, capped at 110 (16 vCPUs)
    expect(text("domino-default-usw2-az1")).toContain("      maxPods: 44\n"); // m5.2xlarge: 3 x 14 + 2
    expect(text("domino-default-gpu-usw2-az1")).toContain("      maxPods: 44\n"); // p3.2xlarge: 3 x 14 + 2
    expect(templateOf(json, "domino-arm-usw2-az1")).not.toHaveProperty("user_data");
    expect(groupOf(json, "domino-default-usw2-az1").ami_type).toBe("AL2023_x86_64_STANDARD");
  });
});

describe("rules", () => {
  const p = (pool: string, extra = "") => problemsOf(`${extra}nodePools:\n  default:\n${pool}`);

  test("amiId's format", () => {
    expect(p("    amiId: ami-123\n")).toEqual(["nodePools.default.amiId: must be an AMI id such as ami-0123456789abcdef0 (ami- and 8 or 17 hex digits)"]);
    expect(p("    amiId: ami-0123456789ABCDEF0\n")).toEqual(["nodePools.default.amiId: must be an AMI id such as ami-0123456789abcdef0 (ami- and 8 or 17 hex digits)"]);
    expect(p("    amiId: ami-01234567\n")).toEqual([]);
  });

  test("not with amiReleaseVersion", () => {
    expect(p(`    amiId: ${AMI}\n    amiReleaseVersion: 1.35.0-20251120\n`)).toEqual([
      `nodePools.default.amiReleaseVersion: is an EKS AMI release, but the pool runs the custom AMI ${AMI} (amiId); EKS refuses a release version for a launch template with an image; remove one of them`,
    ]);
  });

  test("an instance type without network facts needs kubelet.maxPods with prefix delegation or pod subnets", () => {
    const pool = `    amiId: ${AMI}\n    amiType: AL2023_ARM_64_STANDARD\n    instanceTypes: [c7g.large, c7g.xlarge]\n`;
    const facts = "the network facts of c7g.large, c7g.xlarge are not known here to compute it (known: m5, m6i, m7i, r5, r6i, c5, c6i, t3, g4dn, g5, g6, p4d, p3, m4, c4, r4); set the value max-pods-calculator.sh gives for the pool's instance types";
    expect(p(pool, "network: {prefixDelegation: true}\n")).toEqual([
      `nodePools.default.kubelet.maxPods: is required with amiId and network.prefixDelegation: a custom image computes max pods for single addresses on every interface, which is wrong here, and ${facts}`,
    ]);
    expect(p(pool, "network: {podCidr: 100.64.0.0/16}\n")).toEqual([
      `nodePools.default.kubelet.maxPods: is required with amiId and the pod subnets (custom networking): a custom image computes max pods for single addresses on every interface, which is wrong here, and ${facts}`,
    ]);
    // Single addresses on every interface: the image's own default is right.
    expect(p(pool)).toEqual([]);
    expect(p(`    amiId: ${AMI}\n    amiType: AL2023_ARM_64_STANDARD\n    instanceTypes: [c7g.large]\n    kubelet: {maxPods: 29}\n`, "network: {prefixDelegation: true}\n")).toEqual([]);
  });

  test("amiType names the family: Amazon Linux 2 and Windows are refused", () => {
    const [problem] = p(`    amiId: ${AMI}\n    amiType: AL2_x86_64\n`);
    expect(problem).toMatch(/^nodePools\.default\.amiType: must be one of AL2023_x86_64_STANDARD, /);
  });

  test("a GPU pool may run a custom AMI of the standard family (its drivers are the AMI's)", () => {
    expect(p(`    amiId: ${AMI}\n    instanceTypes: [g5.xlarge]\n    amiType: AL2023_x86_64_STANDARD\n`)).toEqual([]);
    expect(p("    instanceTypes: [g5.xlarge]\n    amiType: AL2023_x86_64_STANDARD\n")[0]).toMatch(/^nodePools\.default\.amiType: is AL2023_x86_64_STANDARD, but the pool has GPUs/);
  });

  test("prefixDelegation must be a boolean", () => {
    expect(problemsOf("network: {prefixDelegation: yes}\n")).toEqual(['network.prefixDelegation: must be a boolean, not string "yes"']);
  });
});
