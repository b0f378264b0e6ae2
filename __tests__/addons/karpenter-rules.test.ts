/** The karpenter add-on's rules: which pools Karpenter may run and the fields its pools take, with exact messages. */
import { karpenterAmiAlias } from "../../constructs/addons/karpenter";
import { configOf, problemsOf } from "../helpers/config";

const KARPENTER = "autoscaling:\n  compute: karpenter\n";
const pools = (body: string) => `${KARPENTER}nodePools:\n${body}`;

describe("which pools Karpenter runs", () => {
  test("the platform pool cannot be run by Karpenter", () => {
    expect(problemsOf("nodePools:\n  platform: {scaler: karpenter}\n")).toEqual([
      "nodePools.platform.scaler: cannot be karpenter: the Karpenter controller and Domino's platform services run on the platform pool, which stays on managed node groups; set scaler on compute pools, or autoscaling.compute",
    ]);
  });

  test("Karpenter-only fields on a pool managed node groups run are refused", () => {
    expect(problemsOf("nodePools:\n  default: {instanceFamilies: [m7i], karpenter: {weight: 10}}\n  platform: {karpenter: {weight: 1}}\n")).toEqual([
      "nodePools.platform.karpenter: is for pools Karpenter runs: the platform pool is always managed node groups",
      "nodePools.default.instanceFamilies: is for pools Karpenter runs (managed node groups take instanceTypes only): this pool is managed node groups run by the cluster autoscaler; set its scaler (or autoscaling.compute) to karpenter",
      "nodePools.default.karpenter: is for pools Karpenter runs: this pool is managed node groups run by the cluster autoscaler; set its scaler (or autoscaling.compute) to karpenter",
    ]);
    expect(problemsOf(pools("  default: {scaler: cluster-autoscaler, karpenter: {weight: 10}}\n"))).toEqual([
      "nodePools.default.karpenter: is for pools Karpenter runs: this pool is managed node groups run by the cluster autoscaler; set its scaler (or autoscaling.compute) to karpenter",
    ]);
  });

  test("a pool's scaler wins over autoscaling.compute, both ways", () => {
    expect(problemsOf("nodePools:\n  default-gpu: {scaler: karpenter}\n")).toEqual([]);
    expect(configOf("nodePools:\n  default-gpu: {scaler: karpenter}\n").nodePools.map((p) => p.scaler)).toEqual(["cluster-autoscaler", "cluster-autoscaler", "karpenter"]);
    expect(configOf(pools("  default: {scaler: cluster-autoscaler}\n")).nodePools.map((p) => p.scaler)).toEqual(["cluster-autoscaler", "cluster-autoscaler", "karpenter"]);
  });
});

describe("a Karpenter pool's fields", () => {
  test("the spec's pools are valid Karpenter pools as they are", () => {
    expect(problemsOf(KARPENTER)).toEqual([]);
  });

  test("instance types or families, not both, not neither; families of the AMI's architecture, once each", () => {
    expect(problemsOf(pools("  batch: {instanceTypes: [], karpenter: {limits: {cpu: 64}}}\n"))).toEqual([
      "nodePools.batch.instanceTypes: is required for a pool Karpenter runs unless instanceFamilies is given: at least one EC2 instance type, or the families (such as m7i) of which Karpenter may launch any size",
    ]);
    expect(problemsOf(pools("  batch: {karpenter: {limits: {cpu: 64}}}\n"))).toEqual([
      "nodePools.batch.instanceTypes: is required for a pool Karpenter runs unless instanceFamilies is given: at least one EC2 instance type, or the families (such as m7i) of which Karpenter may launch any size",
    ]);
    expect(problemsOf(pools("  default: {instanceTypes: [m5.2xlarge], instanceFamilies: [m7i], karpenter: {limits: {cpu: 64}}}\n"))).toEqual([
      "nodePools.default.instanceFamilies: goes without instanceTypes: a NodePool's requirements all apply at once, so Karpenter would launch only the listed types that are also of these families; give one of the two",
    ]);
    expect(problemsOf(pools("  default: {instanceFamilies: [m7i, m7g, m7i], karpenter: {limits: {cpu: 64}}}\n"))).toEqual([
      "nodePools.default.instanceFamilies[1]: m7g is an arm64 (Graviton) family, but the pool's amiType AL2023_x86_64_STANDARD is for x86_64; use families of the AMI's architecture, or the other amiType",
      "nodePools.default.instanceFamilies[2]: m7i is listed twice",
    ]);
  });

  test("families replace the spec's instance types, and GPU families make a GPU pool", () => {
    const [, def, gpu] = configOf(pools("  default: {instanceFamilies: [m7i], karpenter: {limits: {cpu: 64}}}\n  default-gpu: {instanceFamilies: [g6], karpenter: {limits: {cpu: 96}}}\n")).nodePools;
    expect(def).toMatchObject({ instanceTypes: [], instanceFamilies: ["m7i"], gpu: false });
    expect(gpu).toMatchObject({ instanceTypes: [], instanceFamilies: ["g6"], gpu: true, amiType: "AL2023_x86_64_NVIDIA" });
  });

  test("no minimum or desired size: Karpenter keeps none", () => {
    expect(problemsOf(pools("  default: {minSize: 2, desiredSize: 2}\n  default-gpu: {minSize: 0}\n"))).toEqual([
      "nodePools.default.minSize: is 2; Karpenter keeps no minimum (it launches nodes for pending pods and removes empty ones), so a pool it runs takes minSize 0 or none",
      "nodePools.default.desiredSize: is a managed node group's size; Karpenter sizes a pool by its pending pods: remove it",
    ]);
    expect(configOf(KARPENTER).nodePools[1]).toMatchObject({ name: "default", minSize: 0 });
  });

  test("fields an EC2NodeClass or NodePool cannot carry are refused with the reason", () => {
    const yaml = pools(
      "  default:\n    updateConfig: {maxUnavailable: 2}\n    instanceMetadataTags: true\n    capacityReservation: {resourceGroupArn: arn:aws:resource-groups:us-west-2:111122223333:group/odcr}\n" +
        "  default-gpu:\n    capacityReservation: {preference: none}\n",
    );
    expect(problemsOf(yaml)).toEqual([
      "nodePools.default.updateConfig: is a managed node group's rolling-update setting; Karpenter replaces a pool's nodes within its disruption budgets: use karpenter.budgets",
      "nodePools.default.capacityReservation: is a launch-template setting of managed node groups; a pool run by Karpenter takes none here (EC2NodeClass capacity reservations are not mapped yet): leave it out, or set scaler: cluster-autoscaler",
      "nodePools.default.instanceMetadataTags: has no EC2NodeClass equivalent (its metadataOptions cannot expose instance tags in the instance metadata): remove it",
      "nodePools.default-gpu.capacityReservation: is a launch-template setting of managed node groups; a pool run by Karpenter takes none here (EC2NodeClass capacity reservations are not mapped yet): leave it out, or set scaler: cluster-autoscaler",
    ]);
  });

  test("limits.cpu is required when the node groups' ceiling cannot be worked out", () => {
    expect(problemsOf(pools("  default: {instanceFamilies: [m7i]}\n  default-gpu: {instanceTypes: [p4d.24xlarge, m7i.metal]}\n  batch: {instanceTypes: [m7i.large]}\n"))).toEqual([
      "nodePools.default.karpenter.limits.cpu: is required: with instanceFamilies Karpenter may launch any size, so the pool's vCPU ceiling cannot be worked out from maxSize; give the most vCPUs its nodes may have in all",
      "nodePools.default-gpu.karpenter.limits.cpu: is required: the vCPUs of m7i.metal are not known from its name, so the pool's ceiling cannot be worked out from maxSize; give the most vCPUs its nodes may have in all",
      "nodePools.batch.karpenter.limits.cpu: is required: without maxSize the pool's ceiling cannot be worked out; give maxSize (nodes per zone) or the most vCPUs its nodes may have in all",
    ]);
    // Derived: maxSize per zone x zones x the largest type's vCPUs (the spec's default pool: 20 x 3 x 8).
    expect(configOf(KARPENTER).nodePools[1].karpenter?.limits).toEqual({ cpu: 480 });
    expect(problemsOf(pools("  batch: {instanceFamilies: [c7i], karpenter: {limits: {cpu: 256}}}\n"))).toEqual([]);
    expect(problemsOf(pools("  default: {instanceTypes: [m5.2xlarge, m5.4xlarge], karpenter: {limits: {cpu: 4}}}\n"))).toEqual([
      "nodePools.default.karpenter.limits.cpu: is 4, fewer vCPUs than the smallest of the pool's instance types has (8): Karpenter could launch no node",
    ]);
  });

  test("a custom Karpenter pool needs no maxSize, but one given is checked; it counts against no node-group quota", () => {
    expect(problemsOf(pools("  batch: {instanceTypes: [m7i.large], maxSize: 0}\n"))).toEqual([
      "nodePools.batch.maxSize: must be at least 1",
      "nodePools.batch.karpenter.limits.cpu: is required: without maxSize the pool's ceiling cannot be worked out; give maxSize (nodes per zone) or the most vCPUs its nodes may have in all",
    ]);
    expect(problemsOf(pools("  batch: {instanceTypes: [m7i.large], maxSize: 10}\nquotas:\n  managedNodeGroupsPerCluster: 1\n"))).toEqual([]);
  });
});

describe("maxSize where it has no effect", () => {
  test("is refused with instanceFamilies, and next to an explicit limits.cpu", () => {
    expect(problemsOf(pools("  batch: {instanceFamilies: [c7i], maxSize: 4, karpenter: {limits: {cpu: 256}}}\n  default: {maxSize: 10, karpenter: {limits: {cpu: 64}}}\n"))).toEqual([
      "nodePools.default.maxSize: has no effect next to karpenter.limits.cpu, which caps the pool: on a pool Karpenter runs, maxSize only works out a default cpu limit; remove one of the two",
      "nodePools.batch.maxSize: has no effect on a pool Karpenter runs with instanceFamilies: maxSize only works out the NodePool's default cpu limit from instanceTypes, and with families karpenter.limits.cpu caps the pool; remove it",
    ]);
    // The spec pools' own maxSize is no input: it only derives the cpu limit.
    expect(problemsOf(pools("  default: {instanceFamilies: [m7i], karpenter: {limits: {cpu: 64}}}\n"))).toEqual([]);
    expect(problemsOf("nodePools:\n  default: {maxSize: 10, karpenter: {limits: {cpu: 64}}, scaler: cluster-autoscaler}\n")).not.toContainEqual(expect.stringMatching(/maxSize/));
  });
});

describe("max pods with prefix delegation", () => {
  const PD = "network: {prefixDelegation: true}\n";
  test("a pool of instance families, or of types whose network facts are not known, needs kubelet.maxPods", () => {
    expect(problemsOf(`${PD}${pools("  default: {instanceFamilies: [m7i], karpenter: {limits: {cpu: 64}}}\n  batch: {instanceTypes: [m8i.large], maxSize: 2}\n")}`)).toEqual([
      "nodePools.default.kubelet.maxPods: is required with network.prefixDelegation: Karpenter does not read the VPC CNI's prefix delegation and sizes max pods by single addresses, far below what the node holds, and with instanceFamilies Karpenter may launch any size, so no one value can be worked out from the instance types; set the value max-pods-calculator.sh gives (with --cni-prefix-delegation-enabled) for the smallest instance type the pool may launch",
      "nodePools.batch.kubelet.maxPods: is required with network.prefixDelegation: Karpenter does not read the VPC CNI's prefix delegation and sizes max pods by single addresses, far below what the node holds, and the network facts of m8i.large are not known here to work it out; set the value max-pods-calculator.sh gives (with --cni-prefix-delegation-enabled) for the smallest instance type the pool may launch",
    ]);
    expect(problemsOf(`${PD}${pools("  default: {instanceFamilies: [m7i], kubelet: {maxPods: 110}, karpenter: {limits: {cpu: 64}}}\n  batch: {instanceTypes: [m8i.large], maxSize: 2, kubelet: {maxPods: 110}}\n")}`)).toEqual([]);
    // Known types: the k8s stage works it out.
    expect(problemsOf(`${PD}${KARPENTER}`)).toEqual([]);
  });
});

describe("a pool's AMI as an EC2NodeClass alias", () => {
  test("amiReleaseVersion maps onto Karpenter's version of the same release; none is latest", () => {
    expect(karpenterAmiAlias("AL2023_x86_64_NVIDIA", "1.35.0-20251120")).toBe("al2023@v20251120");
    expect(karpenterAmiAlias("BOTTLEROCKET_ARM_64", "1.50.0-1a2b3c4d")).toBe("bottlerocket@v1.50.0");
    expect(karpenterAmiAlias("AL2023_ARM_64_STANDARD")).toBe("al2023@latest");
    expect(problemsOf(pools("  default: {amiReleaseVersion: 1.35.0-20251120}\n"))).toEqual([]);
  });
});

describe("Karpenter's discovery tag", () => {
  test("aws.ignoreTags may not cover it once a pool is run by Karpenter", () => {
    expect(problemsOf(`${KARPENTER}aws:\n  ignoreTags: {keyPrefixes: [karpenter.sh/]}\n`)).toEqual([
      "aws.ignoreTags.keyPrefixes[0]: covers karpenter.sh/discovery, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets",
    ]);
    expect(problemsOf("aws:\n  ignoreTags: {keyPrefixes: [karpenter.sh/]}\n")).toEqual([]);
  });
});
