import { builtInAddons } from "../../constructs/addons";
import { Testing, Token } from "cdktf";
import { NodesStack } from "../../constructs/nodes/nodes-stack";
import { planOf } from "../helpers/config";
import { fakeCluster, fakeInfra, synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json, openIngress, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";

const KEY = "arn:aws-test:kms:us-west-2:111122223333:key/deploy-key";
const TEMPLATE = "k8s.io/cluster-autoscaler/node-template";

const groupsOf = (json: Json): Json[] => bodies(json, "aws_eks_node_group");
const groupNamed = (json: Json, name: string): Json => {
  const found = groupsOf(json).filter((g) => g.node_group_name === name);
  if (found.length !== 1) throw new Error(`expected one node group ${name}, found ${found.length}`);
  return found[0];
};
const poolOf = (g: Json): string => g.labels["dominodatalab.com/node-pool"];

/** The launch template a node group's `launch_template.id` reference points at. */
function launchTemplateOf(json: Json, group: Json): Json {
  const m = /^\$\{aws_launch_template\.([^.]+)\.id\}$/.exec(group.launch_template.id);
  if (!m) throw new Error(`not a launch template reference: ${group.launch_template.id}`);
  expect(group.launch_template.version).toBe(`\${aws_launch_template.${m[1]}.latest_version}`);
  return resources(json, "aws_launch_template")[m[1]];
}

/** The ASG tags (for_each map) of a node group. */
function asgTagsOf(json: Json, group: Json): Record<string, string> {
  const id = Object.entries(resources(json, "aws_eks_node_group")).find(([, g]) => g === group)![0];
  const tags = bodies(json, "aws_autoscaling_group_tag").filter(
    (t: Json) => t.autoscaling_group_name === `\${aws_eks_node_group.${id}.resources[0].autoscaling_groups[0].name}`,
  );
  expect(tags).toHaveLength(1);
  expect(tags[0].tag).toEqual({ key: "${each.key}", value: "${each.value}", propagate_at_launch: false });
  return tags[0].for_each;
}

/** `${data.aws_availability_zone.<id>.name}` of a zone id. */
function zoneNameRef(json: Json, zoneId: string): string {
  const [id] = Object.entries(json.data.aws_availability_zone).find(([, z]: [string, Json]) => z.zone_id === zoneId)!;
  return `\${data.aws_availability_zone.${id}.name}`;
}

describe("nodes stack, default three-zone deployment", () => {
  const json = synthNodes();

  test("one platform group across the three zones; three groups for each compute pool, one per zone", () => {
    const byPool: Record<string, string[]> = {};
    for (const g of groupsOf(json)) (byPool[poolOf(g)] ??= []).push(g.node_group_name);
    expect(byPool).toEqual({
      platform: ["domino-platform"],
      default: ["domino-default-usw2-az1", "domino-default-usw2-az2", "domino-default-usw2-az3"],
      "default-gpu": ["domino-default-gpu-usw2-az1", "domino-default-gpu-usw2-az2", "domino-default-gpu-usw2-az3"],
    });
    expect(groupNamed(json, "domino-platform").subnet_ids).toEqual(["subnet-priv0", "subnet-priv1", "subnet-priv2"]);
    expect(groupNamed(json, "domino-default-usw2-az2").subnet_ids).toEqual(["subnet-priv1"]);
    expect(groupNamed(json, "domino-default-gpu-usw2-az3").subnet_ids).toEqual(["subnet-priv2"]);
  });

  test("each pool's instance types, sizes, labels, taints, AMI type and disk", () => {
    const expected: Record<string, Json> = {
      platform: { types: ["m5.4xlarge"], scaling: { min_size: 4, max_size: 6, desired_size: 4 }, ami: "AL2023_x86_64_STANDARD", disk: 128,
        labels: { "dominodatalab.com/node-pool": "platform", "dominodatalab.com/calico-controlplane": "true", "dominodatalab.com/domino-node": "true" }, taints: undefined },
      default: { types: ["m5.2xlarge"], scaling: { min_size: 1, max_size: 20, desired_size: 1 }, ami: "AL2023_x86_64_STANDARD", disk: 400,
        labels: { "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true" }, taints: undefined },
      "default-gpu": { types: ["p3.2xlarge"], scaling: { min_size: 0, max_size: 5, desired_size: 0 }, ami: "AL2023_x86_64_NVIDIA", disk: 400,
        labels: { "dominodatalab.com/node-pool": "default-gpu", "nvidia.com/gpu": "true", "dominodatalab.com/domino-node": "true" },
        taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }] },
    };
    for (const g of groupsOf(json)) {
      const e = expected[poolOf(g)];
      expect(g.instance_types).toEqual(e.types);
      expect(g.scaling_config).toEqual(e.scaling);
      expect(g.ami_type).toBe(e.ami);
      expect(g.capacity_type).toBe("ON_DEMAND");
      expect(g.labels).toEqual(e.labels);
      expect(g.taint).toEqual(e.taints);
      expect(g).not.toHaveProperty("disk_size");
      const lt = launchTemplateOf(json, g);
      expect(lt.block_device_mappings).toEqual([
        { device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: KEY, volume_type: "gp3", volume_size: e.disk, delete_on_termination: "true" } },
      ]);
    }
  });

  test("node groups join the cluster with its version and the node role; the autoscaler owns the desired size", () => {
    for (const g of groupsOf(json)) {
      expect(g).toMatchObject({ cluster_name: "domino", version: "1.35", node_role_arn: "arn:aws-test:iam::111122223333:role/domino-eks-nodes" });
      expect(g.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
      expect(g.update_config).toEqual(poolOf(g) === "platform" ? { max_unavailable: 1 } : { max_unavailable_percentage: 50 });
    }
  });

  test("every launch template requires IMDSv2 and attaches only the node security group", () => {
    const templates = bodies(json, "aws_launch_template");
    expect(templates).toHaveLength(7);
    for (const lt of templates) {
      expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 });
      // One cluster-tagged group per ENI: the AWS cloud provider fails LoadBalancer services when it finds two.
      expect(lt.vpc_security_group_ids).toEqual(["sg-nodes"]);
      expect(lt.tag_specifications.map((t: Json) => t.resource_type)).toEqual(["instance", "volume"]);
      for (const t of lt.tag_specifications) expect(t.tags).toEqual({ "domino-deploy-id": "domino", Name: lt.name });
      expect(lt).not.toHaveProperty("user_data");
    }
  });

  test("ASG tags: autoscaler discovery and node templates for labels, taints and the zone", () => {
    const gpu = groupNamed(json, "domino-default-gpu-usw2-az2");
    const zone = zoneNameRef(json, "usw2-az2");
    expect(asgTagsOf(json, gpu)).toEqual({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/domino": "owned",
      [`${TEMPLATE}/resources/smarter-devices/fuse`]: "20",
      [`${TEMPLATE}/label/dominodatalab.com/node-pool`]: "default-gpu",
      [`${TEMPLATE}/label/nvidia.com/gpu`]: "true",
      [`${TEMPLATE}/label/dominodatalab.com/domino-node`]: "true",
      [`${TEMPLATE}/taint/nvidia.com/gpu`]: "true:NoSchedule",
      [`${TEMPLATE}/label/topology.kubernetes.io/zone`]: zone,
      [`${TEMPLATE}/label/topology.ebs.csi.aws.com/zone`]: zone,
    });
    expect(asgTagsOf(json, groupNamed(json, "domino-default-usw2-az1"))).toEqual({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/domino": "owned",
      [`${TEMPLATE}/resources/smarter-devices/fuse`]: "20",
      [`${TEMPLATE}/label/dominodatalab.com/node-pool`]: "default",
      [`${TEMPLATE}/label/domino/build-node`]: "true",
      [`${TEMPLATE}/label/dominodatalab.com/domino-node`]: "true",
      [`${TEMPLATE}/label/topology.kubernetes.io/zone`]: zoneNameRef(json, "usw2-az1"),
      [`${TEMPLATE}/label/topology.ebs.csi.aws.com/zone`]: zoneNameRef(json, "usw2-az1"),
    });
    // The platform group spans three zones: no single zone to advertise.
    expect(asgTagsOf(json, groupNamed(json, "domino-platform"))).toEqual({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/domino": "owned",
      [`${TEMPLATE}/resources/smarter-devices/fuse`]: "20",
      [`${TEMPLATE}/label/dominodatalab.com/node-pool`]: "platform",
      [`${TEMPLATE}/label/dominodatalab.com/calico-controlplane`]: "true",
      [`${TEMPLATE}/label/dominodatalab.com/domino-node`]: "true",
    });
  });

  test("add-ons that need nodes come after every node group, the CSI drivers with their IRSA roles", () => {
    const addons = Object.fromEntries(bodies(json, "aws_eks_addon").map((a: Json) => [a.addon_name, a]));
    expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "aws-efs-csi-driver", "coredns"]);
    const groupAddresses = Object.keys(resources(json, "aws_eks_node_group")).map((id) => `aws_eks_node_group.${id}`).sort();
    for (const a of Object.values(addons) as Json[]) {
      expect([...a.depends_on].sort()).toEqual(groupAddresses);
      expect(a).toMatchObject({ cluster_name: "domino", resolve_conflicts_on_create: "OVERWRITE", resolve_conflicts_on_update: "OVERWRITE" });
    }
    expect(addons["aws-ebs-csi-driver"].service_account_role_arn).toBe("arn:aws-test:iam::111122223333:role/domino-ebs-csi");
    expect(addons["aws-efs-csi-driver"].service_account_role_arn).toBe("arn:aws-test:iam::111122223333:role/domino-efs-csi");
    expect(addons.coredns).not.toHaveProperty("service_account_role_arn");
  });

  test("node group names by pool and zone, as typed outputs and as a named output", () => {
    const stack = new NodesStack(Testing.app(), { plan: planOf(), infra: fakeInfra(), cluster: fakeCluster(), addons: builtInAddons() });
    const names = stack.outputs.nodeGroupNames;
    expect(Object.keys(names).sort()).toEqual(
      ["default-gpu-usw2-az1", "default-gpu-usw2-az2", "default-gpu-usw2-az3", "default-usw2-az1", "default-usw2-az2", "default-usw2-az3", "platform"],
    );
    for (const v of Object.values(names)) expect(Token.isUnresolved(v)).toBe(true);
    expect(Object.keys(json.output.node_group_names.value).sort()).toEqual(Object.keys(names).sort());
    expect(json.output.node_group_names.value.platform).toMatch(/^\$\{aws_eks_node_group\..+\.node_group_name\}$/);
  });

  test("no ingress from anywhere: the nodes stage opens no security group", () => {
    expect(openIngress(json)).toEqual([]);
    expect(JSON.stringify(json)).not.toContain("0.0.0.0/0");
  });

  test("passes the aws provider schema", () => {
    expect(schemaProblems(json)).toEqual([]);
  });
});

describe("nodes stack options", () => {
  test("one zone: one group per pool, the platform group advertises its zone too", () => {
    const json = synthNodes("availabilityZones: [usw2-az2]\n");
    expect(groupsOf(json).map((g) => [g.node_group_name, g.subnet_ids]).sort()).toEqual([
      ["domino-default-gpu-usw2-az2", ["subnet-priv0"]],
      ["domino-default-usw2-az2", ["subnet-priv0"]],
      ["domino-platform", ["subnet-priv0"]],
    ]);
    // The infra stage's control-plane subnet (another zone) is for the EKS control plane only.
    expect(JSON.stringify(json)).not.toContain("subnet-cp0");
    const zone = zoneNameRef(json, "usw2-az2");
    expect(asgTagsOf(json, groupNamed(json, "domino-platform"))[`${TEMPLATE}/label/topology.kubernetes.io/zone`]).toBe(zone);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("custom pools: their own labels, instance types, capacity type, taints and disk, in every zone", () => {
    const json = synthNodes(`
nodePools:
  high-mem:
    instanceTypes: [r5.4xlarge]
    maxSize: 4
    diskSizeGiB: 200
    labels: { team: analytics }
    taints: [{ key: dedicated, value: high-mem, effect: NoExecute }, { key: big, effect: PreferNoSchedule }]
  spot:
    instanceTypes: [m5.2xlarge, m5a.2xlarge, m6i.2xlarge]
    capacityType: SPOT
    minSize: 0
    maxSize: 10
`);
    const highMem = groupsOf(json).filter((g) => poolOf(g) === "high-mem");
    const spot = groupsOf(json).filter((g) => poolOf(g) === "spot");
    expect(highMem).toHaveLength(3);
    expect(spot).toHaveLength(3);
    for (const g of highMem) {
      expect(g).toMatchObject({ instance_types: ["r5.4xlarge"], capacity_type: "ON_DEMAND", ami_type: "AL2023_x86_64_STANDARD" });
      expect(g.labels).toEqual({ "dominodatalab.com/node-pool": "high-mem", "dominodatalab.com/domino-node": "true", team: "analytics" });
      expect(g.taint).toEqual([
        { key: "dedicated", value: "high-mem", effect: "NO_EXECUTE" },
        { key: "big", effect: "PREFER_NO_SCHEDULE" },
      ]);
      expect(launchTemplateOf(json, g).block_device_mappings[0].ebs.volume_size).toBe(200);
      const tags = asgTagsOf(json, g);
      expect(tags[`${TEMPLATE}/taint/dedicated`]).toBe("high-mem:NoExecute");
      expect(tags[`${TEMPLATE}/taint/big`]).toBe(":PreferNoSchedule");
      expect(tags[`${TEMPLATE}/label/team`]).toBe("analytics");
    }
    for (const g of spot) {
      expect(g).toMatchObject({ instance_types: ["m5.2xlarge", "m5a.2xlarge", "m6i.2xlarge"], capacity_type: "SPOT" });
      expect(g.scaling_config).toEqual({ min_size: 0, max_size: 10, desired_size: 0 });
      expect(launchTemplateOf(json, g).block_device_mappings[0].ebs.volume_size).toBe(400);
    }
    expect(schemaProblems(json)).toEqual([]);
  });

  test("no GPU pool when default-gpu is disabled", () => {
    const json = synthNodes("nodePools:\n  default-gpu:\n    enabled: false\n");
    expect(groupsOf(json).map(poolOf).sort()).toEqual(["default", "default", "default", "platform"]);
  });

  test("Bottlerocket keeps the pool's disk on its data volume; both volumes encrypted with the key", () => {
    const json = synthNodes("nodePools:\n  default:\n    amiType: BOTTLEROCKET_x86_64\n");
    const g = groupNamed(json, "domino-default-usw2-az1");
    expect(g.ami_type).toBe("BOTTLEROCKET_x86_64");
    expect(launchTemplateOf(json, g).block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: KEY, volume_type: "gp3", delete_on_termination: "true" } },
      { device_name: "/dev/xvdb", ebs: { encrypted: "true", kms_key_id: KEY, volume_type: "gp3", delete_on_termination: "true", volume_size: 400 } },
    ]);
  });

  test("autoscaler off: no ASG tags and no zone look-ups", () => {
    const json = synthNodes("autoscaler:\n  enabled: false\n");
    expect(bodies(json, "aws_autoscaling_group_tag")).toEqual([]);
    expect(json.data?.aws_availability_zone).toBeUndefined();
    expect(groupsOf(json)).toHaveLength(7);
  });

  test("pinned versions of the node-stage add-ons", () => {
    const json = synthNodes("addons:\n  versions:\n    coredns: v1.12.4-eksbuild.1\n    aws-ebs-csi-driver: v1.50.0-eksbuild.1\n");
    const version = Object.fromEntries(bodies(json, "aws_eks_addon").map((a: Json) => [a.addon_name, a.addon_version]));
    expect(version).toMatchObject({ coredns: "v1.12.4-eksbuild.1", "aws-ebs-csi-driver": "v1.50.0-eksbuild.1" });
    expect(version["aws-efs-csi-driver"]).toMatch(/^\$\{data\.aws_eks_addon_version\./);
  });

  test("a cluster stage without a CSI role is an error, not a silent gap", () => {
    expect(() => synthNodes("{}", { irsaRoleArns: { "ebs-csi": "arn:x" } })).toThrow("the cluster stage has no efs-csi IRSA role");
  });
});

describe("nodes stack, adopted node groups (adoption.nodeGroups)", () => {
  const adopted = `deployId: acme
adoption:
  nodeGroups:
    default:
      launchTemplate: acme-compute
      groups: {usw2-az1: compute-acme-private-us-west-2a, usw2-az2: compute-acme-private-us-west-2b, usw2-az3: compute-acme-private-us-west-2c}
    platform:
      launchTemplate: acme-platform
      groups: {usw2-az1: platform-acme-private-us-west-2a, usw2-az2: platform-acme-private-us-west-2b, usw2-az3: platform-acme-private-us-west-2c}
nodePools:
  platform: {minSize: 1, maxSize: 3, desiredSize: 1}
  default: {tags: {team: ml-platform}, volumeType: gp3, iops: 4000, throughputMiBps: 500, instanceMetadataTags: true}
`;
  const json = synthNodes(adopted);
  const ltIds = (pool: string) => Object.entries(resources(json, "aws_launch_template")).filter(([id]) => id.startsWith(`pool-${pool}_`)).map(([id]) => id);

  test("the listed pools' groups keep the given names, one per zone, the platform pool's too; the others keep this project's", () => {
    const byPool: Record<string, [string, string[]][]> = {};
    for (const g of groupsOf(json)) (byPool[poolOf(g)] ??= []).push([g.node_group_name, g.subnet_ids]);
    expect(byPool).toEqual({
      platform: [["platform-acme-private-us-west-2a", ["subnet-priv0"]], ["platform-acme-private-us-west-2b", ["subnet-priv1"]], ["platform-acme-private-us-west-2c", ["subnet-priv2"]]],
      default: [["compute-acme-private-us-west-2a", ["subnet-priv0"]], ["compute-acme-private-us-west-2b", ["subnet-priv1"]], ["compute-acme-private-us-west-2c", ["subnet-priv2"]]],
      "default-gpu": [["acme-default-gpu-usw2-az1", ["subnet-priv0"]], ["acme-default-gpu-usw2-az2", ["subnet-priv1"]], ["acme-default-gpu-usw2-az3", ["subnet-priv2"]]],
    });
    for (const g of groupsOf(json)) expect(g.tags).toEqual({ Name: g.node_group_name });
  });

  test("one launch template per listed pool, named as given and referenced (id, latest_version) by each of its groups", () => {
    expect(bodies(json, "aws_launch_template").map((t: Json) => t.name).sort()).toEqual(
      ["acme-compute", "acme-default-gpu-usw2-az1", "acme-default-gpu-usw2-az2", "acme-default-gpu-usw2-az3", "acme-platform"],
    );
    for (const [pool, name] of [["default", "acme-compute"], ["platform", "acme-platform"]]) {
      const [id] = ltIds(pool);
      expect(ltIds(pool)).toHaveLength(1);
      for (const g of groupsOf(json).filter((g) => poolOf(g) === pool)) {
        expect(g.launch_template).toEqual({ id: `\${aws_launch_template.${id}.id}`, version: `\${aws_launch_template.${id}.latest_version}` });
        expect(launchTemplateOf(json, g).name).toBe(name);
      }
    }
    // Each unlisted group keeps a launch template of its own at its own address.
    for (const g of groupsOf(json).filter((g) => poolOf(g) === "default-gpu")) {
      const lt = launchTemplateOf(json, g);
      expect(lt.name).toBe(g.node_group_name);
      expect(g.launch_template.id).toMatch(/^\$\{aws_launch_template\.group-default-gpu-usw2-az\d_launch-template/);
    }
  });

  test("the shared launch template carries the pool's settings: disk, IOPS, throughput, metadata options, tags (Name: its name)", () => {
    const lt = resources(json, "aws_launch_template")[ltIds("default")[0]];
    expect(lt).toMatchObject({ description: "EKS node groups of pool default", update_default_version: true, vpc_security_group_ids: ["sg-nodes"] });
    expect(lt.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: KEY, volume_type: "gp3", delete_on_termination: "true", volume_size: 400, iops: 4000, throughput: 500 } },
    ]);
    expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2, instance_metadata_tags: "enabled" });
    expect(lt.tag_specifications).toEqual([
      { resource_type: "instance", tags: { "domino-deploy-id": "acme", team: "ml-platform", Name: "acme-compute" } },
      { resource_type: "volume", tags: { "domino-deploy-id": "acme", team: "ml-platform", Name: "acme-compute" } },
    ]);
    const platform = resources(json, "aws_launch_template")[ltIds("platform")[0]];
    expect(platform.block_device_mappings[0].ebs.volume_size).toBe(128);
    expect(platform.tag_specifications[0].tags).toEqual({ "domino-deploy-id": "acme", Name: "acme-platform" });
  });

  test("per-zone platform groups: sizes per group, one node at a time, and each advertises its zone to the autoscaler", () => {
    const platform = groupsOf(json).filter((g) => poolOf(g) === "platform");
    expect(platform).toHaveLength(3);
    platform.forEach((g, i) => {
      expect(g.scaling_config).toEqual({ min_size: 1, max_size: 3, desired_size: 1 });
      expect(g.update_config).toEqual({ max_unavailable: 1 });
      const zone = zoneNameRef(json, `usw2-az${i + 1}`);
      expect(asgTagsOf(json, g)).toEqual({
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/acme": "owned",
        [`${TEMPLATE}/resources/smarter-devices/fuse`]: "20",
        [`${TEMPLATE}/label/dominodatalab.com/node-pool`]: "platform",
        [`${TEMPLATE}/label/dominodatalab.com/calico-controlplane`]: "true",
        [`${TEMPLATE}/label/dominodatalab.com/domino-node`]: "true",
        [`${TEMPLATE}/label/topology.kubernetes.io/zone`]: zone,
        [`${TEMPLATE}/label/topology.ebs.csi.aws.com/zone`]: zone,
      });
    });
    expect(asgTagsOf(json, groupNamed(json, "compute-acme-private-us-west-2b"))[`${TEMPLATE}/label/topology.kubernetes.io/zone`]).toBe(zoneNameRef(json, "usw2-az2"));
  });

  test("outputs by pool and zone, the add-ons after every group; passes the aws provider schema", () => {
    const stack = new NodesStack(Testing.app(), { plan: planOf(adopted), infra: fakeInfra(), cluster: fakeCluster(), addons: builtInAddons() });
    expect(Object.keys(stack.outputs.nodeGroupNames).sort()).toEqual([
      "default-gpu-usw2-az1", "default-gpu-usw2-az2", "default-gpu-usw2-az3", "default-usw2-az1", "default-usw2-az2", "default-usw2-az3",
      "platform-usw2-az1", "platform-usw2-az2", "platform-usw2-az3",
    ]);
    const groupAddresses = Object.keys(resources(json, "aws_eks_node_group")).map((id) => `aws_eks_node_group.${id}`).sort();
    for (const a of bodies(json, "aws_eks_addon")) expect([...a.depends_on].sort()).toEqual(groupAddresses);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("a custom-AMI pool's shared template carries its user data once; add-on labels that differ per group cannot share it", () => {
    const ami = `${adopted}  default-gpu: {enabled: false}\n`.replace("instanceMetadataTags: true}", "instanceMetadataTags: true, amiId: ami-0123456789abcdef0}");
    const j = synthNodes(ami);
    const lt = resources(j, "aws_launch_template")[Object.keys(resources(j, "aws_launch_template")).find((id) => id.startsWith("pool-default_"))!];
    expect(lt.image_id).toBe("ami-0123456789abcdef0");
    const userData = Buffer.from(lt.user_data, "base64").toString("utf8");
    expect(userData).toContain("apiServerEndpoint: https://ABC.gr7.us-west-2.eks.amazonaws.com");
    expect(userData).toContain("--node-labels=dominodatalab.com/node-pool=default,domino/build-node=true,dominodatalab.com/domino-node=true\n");
    expect(bodies(j, "aws_launch_template")).toHaveLength(2);
    const zonal = { name: "zonal", nodeGroup: (ctx: { group: { zoneIds: readonly string[] } }) => ({ labels: { "example.com/zone": ctx.group.zoneIds[0] } }) };
    const synth = () => new NodesStack(Testing.app(), { plan: planOf(ami), infra: fakeInfra(), cluster: fakeCluster(), addons: [...builtInAddons(), zonal] });
    expect(synth).toThrow("the node groups of adopted pool default share launch template acme-compute, whose custom-AMI user data carries the nodes' labels and taints, but add-ons give them different labels or taints per group");
    // Without a custom AMI the labels go on each node group, not into the template.
    const plain = new NodesStack(Testing.app(), { plan: planOf(adopted), infra: fakeInfra(), cluster: fakeCluster(), addons: [...builtInAddons(), zonal] });
    const g = groupNamed(JSON.parse(Testing.synth(plain)), "compute-acme-private-us-west-2c");
    expect(g.labels["example.com/zone"]).toBe("usw2-az3");
  });
});
