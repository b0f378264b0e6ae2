/** The max-pods table and formula: spot checks against AWS's published figures, and properties over the whole table. */
import fc from "fast-check";
import { eniMaxPods, groupMaxPods, INSTANCE_NETWORK_FACTS, launchTemplateMaxPods, maxPodsOf, podNetworkingOf, type PodNetworking } from "../../constructs/config/max-pods";
import { SPEC_NODE_POOLS } from "../../constructs/config/defaults";

const plain: PodNetworking = { prefixDelegation: false, customNetworking: false };
const pd: PodNetworking = { prefixDelegation: true, customNetworking: false };
const cn: PodNetworking = { prefixDelegation: false, customNetworking: true };
const types = [...INSTANCE_NETWORK_FACTS.keys()];
const networkings = fc.record({ prefixDelegation: fc.boolean(), customNetworking: fc.boolean() });

describe("maxPodsOf", () => {
  test("the EKS User Guide's m5.large example: 29, 20 with custom networking, 110 with prefix delegation", () => {
    expect(maxPodsOf("m5.large", plain)).toBe(29);
    expect(maxPodsOf("m5.large", cn)).toBe(20);
    expect(maxPodsOf("m5.large", pd)).toBe(110);
  });

  test("rows match amazon-eks-ami's eni-max-pods.txt figure for some listed types", () => {
    // nodeadm/internal/kubelet/eni-max-pods.txt (interfaces x (addresses - 1) + 2, uncapped).
    const published: Record<string, number> = {
      "m5.2xlarge": 58, "m5.4xlarge": 234, "m5.24xlarge": 737, "m6i.32xlarge": 737, "m7i.48xlarge": 737, "r5.4xlarge": 234,
      "c5.9xlarge": 234, "c5.18xlarge": 737, "t3.medium": 17, "t3.large": 35, "g4dn.xlarge": 29, "g4dn.12xlarge": 234,
      "g4dn.16xlarge": 58, "g5.xlarge": 58, "g5.12xlarge": 737, "g5.48xlarge": 345, "g6.12xlarge": 234, "g6.16xlarge": 737,
      "p3.2xlarge": 58, "p3.16xlarge": 234, "p4d.24xlarge": 737, "m4.large": 20, "c4.8xlarge": 234, "r4.16xlarge": 737,
    };
    for (const [type, figure] of Object.entries(published)) expect([type, eniMaxPods(INSTANCE_NETWORK_FACTS.get(type)!)]).toEqual([type, figure]);
  });

  test("the spec's default instance types are in the table", () => {
    for (const pool of Object.values(SPEC_NODE_POOLS)) for (const t of pool.instanceTypes) expect(INSTANCE_NETWORK_FACTS.has(t)).toBe(true);
  });

  test("dense nodes: capped at 110 up to 30 vCPUs, 250 above", () => {
    expect(maxPodsOf("m5.8xlarge", pd)).toBe(250); // 32 vCPUs
    expect(maxPodsOf("c5.4xlarge", pd)).toBe(110); // 16 vCPUs
    expect(maxPodsOf("m5.4xlarge", plain)).toBe(110); // 234 addresses, 16 vCPUs
    expect(maxPodsOf("m5.12xlarge", plain)).toBe(234); // 48 vCPUs, under the 250 cap
  });

  test("Xen types (p3, m4, c4, r4) take no prefixes: prefix delegation changes nothing for them", () => {
    for (const t of ["p3.2xlarge", "m4.xlarge", "c4.large", "r4.large"]) expect(maxPodsOf(t, pd)).toBe(maxPodsOf(t, plain));
    expect(maxPodsOf("p3.2xlarge", pd)).toBe(58);
  });

  test("unknown types have no value", () => {
    expect(maxPodsOf("c7g.large", plain)).toBeUndefined();
    expect(groupMaxPods(["m5.2xlarge", "c7g.large"], plain)).toBeUndefined();
    expect(groupMaxPods([], plain)).toBeUndefined();
  });

  test("property: between 1 and the cap; prefix delegation never lowers it, custom networking never raises it", () => {
    fc.assert(fc.property(fc.constantFrom(...types), networkings, (type, n) => {
      const facts = INSTANCE_NETWORK_FACTS.get(type)!;
      const value = maxPodsOf(type, n)!;
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(facts.vcpus > 30 ? 250 : 110);
      expect(value).toBeLessThanOrEqual(n.prefixDelegation && facts.nitro ? Infinity : eniMaxPods(facts));
      expect(maxPodsOf(type, { ...n, prefixDelegation: true })!).toBeGreaterThanOrEqual(maxPodsOf(type, { ...n, prefixDelegation: false })!);
      expect(maxPodsOf(type, { ...n, customNetworking: true })!).toBeLessThanOrEqual(maxPodsOf(type, { ...n, customNetworking: false })!);
    }));
  });

  test("property: a group's value is its lowest type's, and adding a type never raises it", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...types), { minLength: 1, maxLength: 4 }), fc.constantFrom(...types), networkings, (group, extra, n) => {
      const value = groupMaxPods(group, n)!;
      expect(value).toBe(Math.min(...group.map((t) => maxPodsOf(t, n)!)));
      expect(groupMaxPods([...group, extra], n)!).toBeLessThanOrEqual(value);
    }));
  });
});

describe("launchTemplateMaxPods", () => {
  const pool = (extra: object = {}) => ({ instanceTypes: ["m5.2xlarge", "m5.xlarge"], ...extra });

  test("the pool's kubelet.maxPods wins", () => {
    expect(launchTemplateMaxPods(pool({ amiId: "ami-12345678", kubelet: { maxPods: 17 } }), cn)).toBe(17);
  });

  test("EKS-optimized AMIs: left to EKS, unless custom networking makes the AMI's default wrong", () => {
    expect(launchTemplateMaxPods(pool(), plain)).toBeUndefined();
    expect(launchTemplateMaxPods(pool(), pd)).toBeUndefined();
    expect(launchTemplateMaxPods(pool(), cn)).toBe(44); // m5.xlarge: (4 - 1) x 14 + 2
    expect(launchTemplateMaxPods({ instanceTypes: ["c7g.large"] }, cn)).toBeUndefined();
  });

  test("a custom AMI gets the table's value", () => {
    expect(launchTemplateMaxPods(pool({ amiId: "ami-12345678" }), plain)).toBe(58);
    expect(launchTemplateMaxPods(pool({ amiId: "ami-12345678" }), pd)).toBe(110);
  });

  test("podNetworkingOf: custom networking from podCidr, or a brought VPC's pod subnets", () => {
    expect(podNetworkingOf({ prefixDelegation: true })).toEqual({ prefixDelegation: true, customNetworking: false });
    expect(podNetworkingOf({ prefixDelegation: false, podCidr: "100.64.0.0/16" })).toEqual(cn);
    expect(podNetworkingOf({ prefixDelegation: false, podCidr: "100.64.0.0/16", existingVpc: { podSubnetIds: [] } })).toEqual(plain);
    expect(podNetworkingOf({ prefixDelegation: false, existingVpc: { podSubnetIds: ["subnet-1"] } })).toEqual(cn);
  });
});
