/**
 * Launch template depth per pool (issue 14): root volume type, IOPS and throughput; the pool's tags on instances and
 * volumes; the node groups' update config; capacity reservations; instance tags in the instance metadata.
 */
import { userSuppliedArns } from "../../cli/validate-config";
import { configOf, problemsOf } from "../helpers/config";
import { synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json } from "../helpers/json";

const poolOf = (g: Json): string => g.labels["dominodatalab.com/node-pool"];
const templates = (json: Json): Json[] => bodies(json, "aws_launch_template");
const templatesOf = (json: Json, pool: string): Json[] => {
  const names = new Set(bodies(json, "aws_eks_node_group").filter((g: Json) => poolOf(g) === pool).map((g: Json) => g.node_group_name));
  const out = templates(json).filter((t: Json) => names.has(t.name));
  expect(out.length).toBeGreaterThan(0);
  return out;
};
const groupsOf = (json: Json, pool: string): Json[] => bodies(json, "aws_eks_node_group").filter((g: Json) => poolOf(g) === pool);
const tagsOf = (t: Json, type: string): Record<string, string> => t.tag_specifications.find((s: Json) => s.resource_type === type).tags;

describe("defaults", () => {
  const json = synthNodes("{}");

  test("root volumes stay encrypted gp3 with no iops or throughput set; no capacity reservation; no instance metadata tags", () => {
    for (const t of templates(json)) {
      expect(t.block_device_mappings).toHaveLength(1);
      const ebs = t.block_device_mappings[0].ebs;
      expect(ebs.volume_type).toBe("gp3");
      expect(ebs.encrypted).toBe("true");
      expect(ebs).not.toHaveProperty("iops");
      expect(ebs).not.toHaveProperty("throughput");
      expect(t).not.toHaveProperty("capacity_reservation_specification");
      expect(t.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 });
    }
  });

  test("platform replaces one node at a time, compute pools half a group", () => {
    for (const g of groupsOf(json, "platform")) expect(g.update_config).toEqual({ max_unavailable: 1 });
    for (const g of groupsOf(json, "default")) expect(g.update_config).toEqual({ max_unavailable_percentage: 50 });
  });
});

describe("configured pools", () => {
  const json = synthNodes(`
tags: {team: data, cost-center: "42"}
nodePools:
  platform:
    availabilityZones: [usw2-az1]
    capacityReservation: {id: cr-0123456789abcdef0}
  default:
    volumeType: gp3
    iops: 6000
    throughputMiBps: 500
    diskSizeGiB: 1000
    tags: {cost-center: "77", workload: executions}
    updateConfig: {maxUnavailable: 3}
    instanceMetadataTags: true
  fast:
    instanceTypes: [m5.2xlarge]
    maxSize: 4
    volumeType: io2
    iops: 20000
    diskSizeGiB: 100
    updateConfig: {maxUnavailablePercentage: 25}
  rocket:
    instanceTypes: [m5.2xlarge]
    maxSize: 4
    amiType: BOTTLEROCKET_x86_64
    volumeType: gp3
    throughputMiBps: 250
    diskSizeGiB: 200
    capacityReservation: {resourceGroupArn: "arn:aws:resource-groups:us-west-2:123456789012:group/domino-odcr"}
  legacy:
    instanceTypes: [m5.2xlarge]
    maxSize: 4
    volumeType: gp2
    capacityReservation: {preference: none}
`);

  test("gp3 with iops and throughput", () => {
    for (const t of templatesOf(json, "default")) {
      expect(t.block_device_mappings).toEqual([{ device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_type: "gp3", iops: 6000, throughput: 500, volume_size: 1000, encrypted: "true" }) }]);
    }
  });

  test("io2 with iops and no throughput", () => {
    for (const t of templatesOf(json, "fast")) {
      const ebs = t.block_device_mappings[0].ebs;
      expect(ebs).toEqual(expect.objectContaining({ volume_type: "io2", iops: 20000, volume_size: 100 }));
      expect(ebs).not.toHaveProperty("throughput");
    }
  });

  test("gp2 takes neither", () => {
    for (const t of templatesOf(json, "legacy")) {
      const ebs = t.block_device_mappings[0].ebs;
      expect(ebs.volume_type).toBe("gp2");
      expect(ebs).not.toHaveProperty("iops");
      expect(ebs).not.toHaveProperty("throughput");
    }
  });

  test("Bottlerocket: the settings go to the data volume xvdb; the OS volume stays default gp3", () => {
    for (const t of templatesOf(json, "rocket")) {
      const [os, data] = t.block_device_mappings;
      expect(os.device_name).toBe("/dev/xvda");
      expect(os.ebs.volume_type).toBe("gp3");
      expect(os.ebs).not.toHaveProperty("throughput");
      expect(os.ebs).not.toHaveProperty("volume_size");
      expect(data.device_name).toBe("/dev/xvdb");
      expect(data.ebs).toEqual(expect.objectContaining({ volume_type: "gp3", throughput: 250, volume_size: 200, encrypted: "true" }));
      expect(data.ebs).not.toHaveProperty("iops");
    }
  });

  test("pool tags on instances and volumes, merged over the deployment's (the pool wins); Name stays the group's", () => {
    for (const t of templatesOf(json, "default")) {
      for (const type of ["instance", "volume"]) {
        expect(tagsOf(t, type)).toEqual(expect.objectContaining({ team: "data", "cost-center": "77", workload: "executions", Name: t.name }));
      }
    }
    for (const t of templatesOf(json, "fast")) expect(tagsOf(t, "instance")["cost-center"]).toBe("42");
  });

  test("pool tags do not reach the Auto Scaling group tags", () => {
    const values = bodies(json, "aws_autoscaling_group_tag").flatMap((t: Json) => Object.keys(t.for_each));
    expect(values).not.toContain("workload");
  });

  test("updateConfig per pool", () => {
    for (const g of groupsOf(json, "default")) expect(g.update_config).toEqual({ max_unavailable: 3 });
    for (const g of groupsOf(json, "fast")) expect(g.update_config).toEqual({ max_unavailable_percentage: 25 });
    for (const g of groupsOf(json, "platform")) expect(g.update_config).toEqual({ max_unavailable: 1 });
  });

  test("capacity reservation: a targeted id, a targeted group, or a preference", () => {
    for (const t of templatesOf(json, "platform")) {
      expect(t.capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0123456789abcdef0" } });
    }
    for (const t of templatesOf(json, "rocket")) {
      expect(t.capacity_reservation_specification).toEqual({
        capacity_reservation_target: { capacity_reservation_resource_group_arn: "arn:aws:resource-groups:us-west-2:123456789012:group/domino-odcr" },
      });
    }
    for (const t of templatesOf(json, "legacy")) expect(t.capacity_reservation_specification).toEqual({ capacity_reservation_preference: "none" });
    for (const t of templatesOf(json, "fast")) expect(t).not.toHaveProperty("capacity_reservation_specification");
  });

  test("instanceMetadataTags: true enables instance_metadata_tags, IMDSv2 kept", () => {
    for (const t of templatesOf(json, "default")) {
      expect(t.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2, instance_metadata_tags: "enabled" });
    }
    for (const t of templatesOf(json, "fast")) expect(t.metadata_options).not.toHaveProperty("instance_metadata_tags");
  });
});

describe("bad input is refused with the field's name", () => {
  const pool = (fields: string) => `nodePools:\n  x1:\n    instanceTypes: [m5.xlarge]\n    maxSize: 2\n${fields.split("\n").map((l) => `    ${l}`).join("\n")}\n`;
  const cases: [string, string, string][] = [
    ["unknown volume type", "volumeType: io1", "nodePools.x1.volumeType: must be one of gp3, gp2, io2"],
    ["gp3 iops below 3000", "iops: 2000", "nodePools.x1.iops: is 2000; gp3 takes 3000-16000 IOPS"],
    ["gp3 iops above 16000", "iops: 20000\ndiskSizeGiB: 100", "nodePools.x1.iops: is 20000; gp3 takes 3000-16000 IOPS"],
    ["gp3 iops above 500 per GiB", "iops: 12000\ndiskSizeGiB: 20", "nodePools.x1.iops: is 12000; gp3 allows at most 500 IOPS per GiB, 10000 for diskSizeGiB 20"],
    ["gp3 throughput below 125", "throughputMiBps: 100", "nodePools.x1.throughputMiBps: is 100; gp3 takes 125-1000 MiB/s"],
    ["gp3 throughput above 1000", "throughputMiBps: 1200\niops: 16000", "nodePools.x1.throughputMiBps: is 1200; gp3 takes 125-1000 MiB/s"],
    ["gp3 throughput above the baseline's iops/4", "throughputMiBps: 1000", "nodePools.x1.throughputMiBps: is 1000 MiB/s; gp3 allows at most 0.25 MiB/s per IOPS, 750 for the baseline 3000 IOPS; set iops to at least 4000"],
    ["gp3 throughput above iops/4", "throughputMiBps: 1000\niops: 3500", "nodePools.x1.throughputMiBps: is 1000 MiB/s; gp3 allows at most 0.25 MiB/s per IOPS, 875 for 3500 IOPS; set iops to at least 4000"],
    ["fractional iops", "iops: 3000.5", "nodePools.x1.iops: must be a whole number, not number 3000.5"],
    ["io2 without iops", "volumeType: io2", "nodePools.x1.iops: is required for volumeType io2 (100-64000 provisioned IOPS)"],
    ["io2 iops out of range", "volumeType: io2\niops: 70000\ndiskSizeGiB: 100", "nodePools.x1.iops: is 70000; io2 takes 100-64000 IOPS"],
    ["io2 iops above 1000 per GiB", "volumeType: io2\niops: 30000\ndiskSizeGiB: 20", "nodePools.x1.iops: is 30000; io2 allows at most 1000 IOPS per GiB, 20000 for diskSizeGiB 20"],
    ["io2 throughput", "volumeType: io2\niops: 5000\nthroughputMiBps: 500", "nodePools.x1.throughputMiBps: is for gp3 only; io2 throughput follows its IOPS"],
    ["gp2 iops", "volumeType: gp2\niops: 3000", "nodePools.x1.iops: is not for gp2 (its IOPS follow its size); use volumeType gp3 or io2"],
    ["gp2 throughput", "volumeType: gp2\nthroughputMiBps: 200", "nodePools.x1.throughputMiBps: is for gp3 only; use volumeType gp3"],
    ["aws: tag", "tags: {\"aws:x\": y}", "nodePools.x1.tags[\"aws:x\"]: tag keys starting with aws: are reserved for AWS"],
    ["Name tag", "tags: {Name: mine}", "nodePools.x1.tags.Name: is set to the node group's name on its instances and volumes; remove it"],
    ["long tag key", `tags: {${"k".repeat(129)}: v}`, `nodePools.x1.tags.${"k".repeat(129)}: tag keys must be 1-128 characters`],
    ["long tag value", `tags: {k: ${"v".repeat(257)}}`, "nodePools.x1.tags.k: tag values must be at most 256 characters"],
    ["too many tags", `tags: {${Array.from({ length: 41 }, (_, i) => `t${i}: v`).join(", ")}}`, "nodePools.x1.tags: has 41 tags; at most 40"],
    ["metadata tags with a / key", "instanceMetadataTags: true\ntags: {team/name: x}", "nodePools.x1.tags[\"team/name\"]: has a space or /, which instance tags cannot have when instanceMetadataTags is true (EC2 refuses the launch); use letters, digits and + - = . _ : @"],
    ["updateConfig empty", "updateConfig: {}", "nodePools.x1.updateConfig: must give maxUnavailable or maxUnavailablePercentage"],
    ["updateConfig both", "updateConfig: {maxUnavailable: 2, maxUnavailablePercentage: 20}", "nodePools.x1.updateConfig: must give only one of maxUnavailable and maxUnavailablePercentage"],
    ["maxUnavailable above 100", "updateConfig: {maxUnavailable: 101}", "nodePools.x1.updateConfig.maxUnavailable: must be 1-100 (EKS replaces at most 100 nodes at once)"],
    ["maxUnavailable 0", "updateConfig: {maxUnavailable: 0}", "nodePools.x1.updateConfig.maxUnavailable: must be 1-100 (EKS replaces at most 100 nodes at once)"],
    ["percentage above 100", "updateConfig: {maxUnavailablePercentage: 150}", "nodePools.x1.updateConfig.maxUnavailablePercentage: must be a percentage 1-100"],
    ["reservation id format", "capacityReservation: {id: cr-123}", "nodePools.x1.capacityReservation.id: must be a capacity reservation id such as cr-0123456789abcdef0"],
    ["reservation group format", "capacityReservation: {resourceGroupArn: \"arn:aws:ec2:us-west-2:123456789012:group/x\"}", "nodePools.x1.capacityReservation.resourceGroupArn: must be a resource group ARN such as arn:aws:resource-groups:us-west-2:123456789012:group/my-reservations"],
    ["reservation group of another region", "capacityReservation: {resourceGroupArn: \"arn:aws:resource-groups:us-east-1:123456789012:group/x\"}", "nodePools.x1.capacityReservation.resourceGroupArn: is a group of us-east-1; the pool's instances in us-west-2 need one of their own region"],
    ["reservation preference targeted", "capacityReservation: {preference: targeted}", "nodePools.x1.capacityReservation.preference: must be open or none (targeted is given by id or resourceGroupArn)"],
    ["reservation empty", "capacityReservation: {}", "nodePools.x1.capacityReservation: must give one of id, resourceGroupArn (targeted) or preference (open, none)"],
    ["reservation target and preference", "capacityReservation: {id: cr-0123456789abcdef0, preference: open}", "nodePools.x1.capacityReservation: must give only one of id, resourceGroupArn and preference (the launch template takes a preference or a target, not both)"],
    ["reservation id across zones", "capacityReservation: {id: cr-0123456789abcdef0}", "nodePools.x1.capacityReservation.id: is a reservation in one availability zone, but the pool runs in 3 (usw2-az1, usw2-az2, usw2-az3); run the pool in the reservation's zone only (a compute pool can in a one-zone deployment), or target a resourceGroupArn holding a reservation per zone"],
    ["reservation on spot", "capacityType: SPOT\ncapacityReservation: {preference: open}", "nodePools.x1.capacityReservation: is for On-Demand capacity; a SPOT pool cannot use a capacity reservation (set capacityType ON_DEMAND, or preference none)"],
    ["instanceMetadataTags not boolean", "instanceMetadataTags: enabled", "nodePools.x1.instanceMetadataTags: must be a boolean, not string \"enabled\""],
  ];
  test.each(cases)("%s", (_what, fields, message) => {
    expect(problemsOf(pool(fields))).toEqual([message]);
  });

  test("an unknown updateConfig field", () => {
    expect(problemsOf(pool("updateConfig: {maxSurge: 1}"))).toEqual([
      "nodePools.x1.updateConfig.maxSurge: is not a known field; allowed here: maxUnavailable, maxUnavailablePercentage",
      "nodePools.x1.updateConfig: must give maxUnavailable or maxUnavailablePercentage",
    ]);
  });

  test("deployment tags with the pool's past the per-resource budget", () => {
    const deployment = Array.from({ length: 30 }, (_, i) => `d${i}: v`).join(", ");
    const own = Array.from({ length: 20 }, (_, i) => `p${i}: v`).join(", ");
    expect(problemsOf(`tags: {${deployment}}\n${pool(`tags: {${own}}`)}`)).toEqual([
      "nodePools.x1.tags: makes 50 tags with the deployment's; at most 46: AWS allows 50 per instance or volume, which also get domino-deploy-id, Name and EKS's own",
    ]);
  });

  test("instanceMetadataTags with a deployment tag key EC2 cannot expose", () => {
    expect(problemsOf(`tags: {"team/name": x}\n${pool("instanceMetadataTags: true")}`)).toEqual([
      "nodePools.x1.instanceMetadataTags: the deployment tag team/name has a space or /, which instance tags cannot have when their metadata is exposed (EC2 refuses the launch); rename the tag or leave instanceMetadataTags off",
    ]);
  });
});

test("a capacity reservation group is a user-supplied ARN (its partition is the user's, checked against the region)", () => {
  const arn = "arn:aws:resource-groups:us-west-2:123456789012:group/domino-odcr";
  expect(userSuppliedArns(configOf(`nodePools:\n  default:\n    capacityReservation: {resourceGroupArn: "${arn}"}\n`))).toEqual([arn]);
});
