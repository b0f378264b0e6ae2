import { allocate, contains, coversWholeInternet, overlaps } from "../../constructs/config/cidr";
import { DEPLOY_ID_TAG } from "../../constructs/config/plan";
import { defaultControlPlaneZoneId, eksControlPlaneZones, needsControlPlaneZone } from "../../constructs/config/zones";
import { planOf } from "../helpers/config";

describe("CIDR helpers", () => {
  it("packs blocks in order, each aligned to its size", () => {
    expect(allocate("10.0.0.0/16", [19, 19, 19, 27, 27, 27])).toEqual([
      "10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/27", "10.0.96.32/27", "10.0.96.64/27",
    ]);
    expect(allocate("10.0.0.0/24", [26, 25])).toEqual(["10.0.0.0/26", "10.0.0.128/25"]);
    expect(allocate("10.0.0.0/24", [25, 25, 25])).toBeUndefined();
    expect(allocate("10.0.0.0/24", [23])).toBeUndefined();
  });
  it("tells overlap and containment", () => {
    expect(overlaps("10.0.0.0/16", "10.0.255.0/24")).toBe(true);
    expect(overlaps("10.0.0.0/16", "10.1.0.0/16")).toBe(false);
    expect(contains("10.0.0.0/16", "10.0.32.0/19")).toBe(true);
    expect(contains("10.0.32.0/19", "10.0.0.0/16")).toBe(false);
  });
});

describe("planDeployment", () => {
  it("lays out private and public subnets per zone in the VPC", () => {
    expect(planOf().zones).toEqual([
      { zoneId: "usw2-az1", privateCidr: "10.0.0.0/19", publicCidr: "10.0.96.0/27" },
      { zoneId: "usw2-az2", privateCidr: "10.0.32.0/19", publicCidr: "10.0.96.32/27" },
      { zoneId: "usw2-az3", privateCidr: "10.0.64.0/19", publicCidr: "10.0.96.64/27" },
    ]);
  });
  it("adds pod subnets in the secondary CIDR", () => {
    expect(planOf("network: {podCidr: 100.64.0.0/16}\n").zones.map((z) => z.podCidr)).toEqual(["100.64.0.0/19", "100.64.32.0/19", "100.64.64.0/19"]);
  });
  it("lays out no subnets for a brought VPC", () => {
    const plan = planOf(
      "availabilityZones: [usw2-az1]\nnetwork:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-0123456789abcdef0]\n    controlPlaneSubnetIds: [subnet-0123456789abcdef1]\n",
    );
    expect(plan.zones).toEqual([{ zoneId: "usw2-az1" }]);
    expect(plan.controlPlaneSubnet).toBeUndefined();
  });
  it("needs no control-plane subnet when two or more of the zones can hold the EKS control plane", () => {
    expect(planOf().controlPlaneSubnet).toBeUndefined();
    expect("controlPlaneSubnet" in planOf()).toBe(false);
    expect(planOf("region: us-east-1\navailabilityZones: [use1-az1, use1-az3, use1-az4]\n").controlPlaneSubnet).toBeUndefined();
  });
  it("gives a one-zone deployment a /27 control-plane subnet in the next zone, after the public subnet", () => {
    const plan = planOf("availabilityZones: [usw2-az1]\n");
    expect(plan.zones).toEqual([{ zoneId: "usw2-az1", privateCidr: "10.0.0.0/19", publicCidr: "10.0.32.0/27" }]);
    expect(plan.controlPlaneSubnet).toEqual({ zoneId: "usw2-az2", cidr: "10.0.32.32/27" });
    expect(planOf("availabilityZones: [usw2-az2]\n").controlPlaneSubnet).toEqual({ zoneId: "usw2-az1", cidr: "10.0.32.32/27" });
  });
  it("aligns the control-plane subnet after subnets of any size without moving them", () => {
    const plan = planOf("region: us-east-1\navailabilityZones: [use1-az4]\nnetwork: {vpcCidr: 10.40.0.0/20, privateSubnetPrefix: 21, publicSubnetPrefix: 28}\n");
    expect(plan.zones).toEqual([{ zoneId: "use1-az4", privateCidr: "10.40.0.0/21", publicCidr: "10.40.8.0/28" }]);
    expect(plan.controlPlaneSubnet).toEqual({ zoneId: "use1-az1", cidr: "10.40.8.32/27" });
  });
  it("takes network.controlPlaneZoneId over the derived zone", () => {
    expect(planOf("availabilityZones: [usw2-az1]\nnetwork: {controlPlaneZoneId: usw2-az4}\n").controlPlaneSubnet).toEqual({
      zoneId: "usw2-az4",
      cidr: "10.0.32.32/27",
    });
  });
  it("derives the control-plane zone: the region's first of az1..az4 that is unused and supported by EKS", () => {
    expect(defaultControlPlaneZoneId("us-west-2", ["usw2-az1"])).toBe("usw2-az2");
    expect(defaultControlPlaneZoneId("us-west-1", ["usw1-az1"])).toBe("usw1-az3");
    expect(defaultControlPlaneZoneId("us-east-1", ["use1-az1", "use1-az2"])).toBe("use1-az4");
    expect(defaultControlPlaneZoneId("us-gov-west-1", ["usgw1-az1"])).toBe("usgw1-az2");
    // A region whose short form is not known takes the prefix of its first zone.
    expect(defaultControlPlaneZoneId("us-iso-east-1", ["usie1-az1"])).toBe("usie1-az2");
    expect(defaultControlPlaneZoneId("us-iso-east-1", [])).toBeUndefined();
    expect(defaultControlPlaneZoneId("us-east-1", ["use1-az1", "use1-az2", "use1-az4"])).toBeUndefined();
  });
  it("counts the zones that can hold the EKS control plane", () => {
    expect(eksControlPlaneZones(["use1-az1", "use1-az3", "use1-az4"])).toEqual(["use1-az1", "use1-az4"]);
    expect(needsControlPlaneZone(["use1-az1", "use1-az3", "use1-az4"])).toBe(false);
    expect(needsControlPlaneZone(["usw2-az1"])).toBe(true);
    expect(needsControlPlaneZone(["usw2-az1", "usw2-az2", "usw2-az3"])).toBe(false);
  });
  it("gives the platform pool one group across its zones and every compute pool one group per zone", () => {
    const groups = planOf().nodeGroups.map((g) => [g.name, g.zoneIds, g.key]);
    expect(groups).toEqual([
      ["domino-platform", ["usw2-az1", "usw2-az2", "usw2-az3"], "platform"],
      ["domino-default-usw2-az1", ["usw2-az1"], "default-usw2-az1"],
      ["domino-default-usw2-az2", ["usw2-az2"], "default-usw2-az2"],
      ["domino-default-usw2-az3", ["usw2-az3"], "default-usw2-az3"],
      ["domino-default-gpu-usw2-az1", ["usw2-az1"], "default-gpu-usw2-az1"],
      ["domino-default-gpu-usw2-az2", ["usw2-az2"], "default-gpu-usw2-az2"],
      ["domino-default-gpu-usw2-az3", ["usw2-az3"], "default-gpu-usw2-az3"],
    ]);
    expect(planOf("availabilityZones: [usw2-az2]\n").nodeGroups.map((g) => g.name)).toEqual([
      "domino-platform", "domino-default-usw2-az2", "domino-default-gpu-usw2-az2",
    ]);
  });
  it("gives an adopted pool (adoption.nodeGroups) a group per zone with the given names and its launch template, the platform pool too", () => {
    const plan = planOf(`deployId: acme
availabilityZones: [usw2-az1, usw2-az2]
adoption:
  twoZones: true
  reason: adopted from Domino's Terraform state
  nodeGroups:
    platform: {launchTemplate: acme-platform, groups: {usw2-az2: platform-acme-private-us-west-2b, usw2-az1: platform-acme-private-us-west-2a}}
    default: {launchTemplate: acme-compute, groups: {usw2-az1: compute-a, usw2-az2: compute-b}}
`);
    expect(plan.nodeGroups.map((g) => [g.pool.name, g.name, g.zoneIds, g.key, g.launchTemplate])).toEqual([
      ["platform", "platform-acme-private-us-west-2a", ["usw2-az1"], "platform-usw2-az1", "acme-platform"],
      ["platform", "platform-acme-private-us-west-2b", ["usw2-az2"], "platform-usw2-az2", "acme-platform"],
      ["default", "compute-a", ["usw2-az1"], "default-usw2-az1", "acme-compute"],
      ["default", "compute-b", ["usw2-az2"], "default-usw2-az2", "acme-compute"],
      ["default-gpu", "acme-default-gpu-usw2-az1", ["usw2-az1"], "default-gpu-usw2-az1", undefined],
      ["default-gpu", "acme-default-gpu-usw2-az2", ["usw2-az2"], "default-gpu-usw2-az2", undefined],
    ]);
    // Sizes stay the pool's, per group: for an adopted platform pool, per zone.
    for (const g of plan.nodeGroups.filter((g) => g.pool.name === "platform")) expect([g.pool.minSize, g.pool.maxSize, g.pool.desiredSize]).toEqual([4, 6, 4]);
    expect(planOf("adoption: {nodeGroups: {}}\n").nodeGroups).toEqual(planOf().nodeGroups);
  });
  it("names stacks, buckets, the cluster, the key alias and ECR repositories from the deployId", () => {
    const plan = planOf("deployId: acme\ntags: {team: platform}\n");
    expect(plan.stacks).toEqual({ infra: "acme-infra", cluster: "acme-cluster", nodes: "acme-nodes", k8s: "acme-k8s" });
    expect(plan.names).toEqual({
      cluster: "acme",
      buckets: { blobs: "acme-blobs", registry: "acme-registry", logs: "acme-logs", backups: "acme-backups" },
      existingBuckets: [],
      monitoringBucket: "acme-monitoring",
      kmsAlias: "alias/acme",
      ecrRepositories: ["acme/environment", "acme/model"],
      logGroups: ["/aws/eks/acme/cluster", "/aws/vpc-flow-logs/acme"],
      clusterRole: "acme-eks-cluster",
      nodeS3Policy: "acme-s3",
      registryPolicy: "acme-ecr",
      datasetsCreationToken: "acme-datasets",
    });
    expect(plan.descriptions).toEqual({});
    expect(plan.tags).toEqual({ team: "platform", [DEPLOY_ID_TAG]: "acme" });
    expect(planOf("storage: {ecr: {enabled: false}}\n").names.ecrRepositories).toEqual([]);
  });
  it("takes the names and descriptions an adopted deployment keeps from adoption", () => {
    const plan = planOf("deployId: acme\nadoption:\n  names: {clusterRole: acme-eks, datasetsCreationToken: terraform-1}\n  descriptions: {nodeS3Policy: ''}\n");
    expect(plan.names).toMatchObject({ clusterRole: "acme-eks", nodeS3Policy: "acme-s3", registryPolicy: "acme-ecr", datasetsCreationToken: "terraform-1" });
    expect(plan.descriptions).toEqual({ nodeS3Policy: "" });
  });
});

describe("coversWholeInternet", () => {
  test("0.0.0.0/0, or halves and quarters that add up to it, in any order and overlapping", () => {
    expect(coversWholeInternet(["0.0.0.0/0"])).toBe(true);
    expect(coversWholeInternet(["128.0.0.0/1", "0.0.0.0/1"])).toBe(true);
    expect(coversWholeInternet(["0.0.0.0/2", "64.0.0.0/2", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"])).toBe(true);
  });
  test("a gap anywhere, or nothing, is not the whole internet", () => {
    expect(coversWholeInternet([])).toBe(false);
    expect(coversWholeInternet(["0.0.0.0/1", "128.0.0.0/2", "224.0.0.0/3"])).toBe(false);
    expect(coversWholeInternet(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"])).toBe(false);
    expect(coversWholeInternet(["10.0.0.0/8"])).toBe(false);
  });
});
