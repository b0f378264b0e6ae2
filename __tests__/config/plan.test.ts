import { allocate, contains, overlaps } from "../../constructs/config/cidr";
import { DEPLOY_ID_TAG } from "../../constructs/config/plan";
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
      "availabilityZones: [usw2-az1]\nnetwork:\n  existingVpc: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0123456789abcdef0]}\n",
    );
    expect(plan.zones).toEqual([{ zoneId: "usw2-az1" }]);
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
  it("names stacks, buckets, the cluster, the key alias and ECR repositories from the deployId", () => {
    const plan = planOf("deployId: acme\ntags: {team: platform}\n");
    expect(plan.stacks).toEqual({ infra: "acme-infra", cluster: "acme-cluster", nodes: "acme-nodes", k8s: "acme-k8s" });
    expect(plan.names).toEqual({
      cluster: "acme",
      buckets: { blobs: "acme-blobs", registry: "acme-registry", logs: "acme-logs", backups: "acme-backups" },
      kmsAlias: "alias/acme",
      ecrRepositories: ["acme/environment", "acme/model"],
    });
    expect(plan.tags).toEqual({ team: "platform", [DEPLOY_ID_TAG]: "acme" });
    expect(planOf("storage: {ecr: {enabled: false}}\n").names.ecrRepositories).toEqual([]);
  });
});
