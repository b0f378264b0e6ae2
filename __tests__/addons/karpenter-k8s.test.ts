/**
 * The k8s stage's Karpenter: the CRD and controller releases, and every Karpenter pool's EC2NodeClass and NodePool in
 * the values of the local chart's release, field by field, checked against the CRDs' constraints offline.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { parse } from "yaml";
import { parseConfig } from "../../cli/config-file";
import { deploymentFacts } from "../../cli/describe/facts";
import { synthesize } from "../../cli/synth";
import { builtInAddons } from "../../constructs/addons";
import { amiSelectionOf, archOf } from "../../constructs/addons/karpenter/node-pools";
import { NODE_POOLS_CHART, nodePoolsChartDir } from "../../constructs/addons/karpenter/node-pools-chart";
import { K8sStack } from "../../constructs/k8s/k8s-stack";
import { exampleYaml, planOf, problemsOf } from "../helpers/config";
import { bodies } from "../helpers/json";
import { HELM_SCHEMA, KUBERNETES_SCHEMA, schemaProblems } from "../helpers/schema";
import { fakeCluster, fakeInfra, fakeNodes, helmRelease, helmValues, KMS_ARN, synthK8s } from "../k8s/fakes";
import { karpenterCrdProblems } from "./karpenter-crd";

const KARPENTER = "autoscaling: {compute: karpenter}\n";
const EXAMPLE = exampleYaml("karpenter.yaml");

const nodePoolsRelease = (json: Record<string, any>) => bodies(json, "helm_release").find((r) => r.name === "karpenter-node-pools");

/** The manifests the node-pools release renders, parsed from its values. */
function manifestsOf(json: Record<string, any>): any[] {
  const release = nodePoolsRelease(json);
  if (!release) throw new Error("no karpenter-node-pools release");
  expect(release.values).toHaveLength(1);
  return parse(release.values[0]).manifests;
}

const byKind = (manifests: any[], kind: string) => Object.fromEntries(manifests.filter((m) => m.kind === kind).map((m) => [m.metadata.name, m]));

describe("without Karpenter pools", () => {
  test("the default deployment installs no Karpenter release", () => {
    const { json } = synthK8s();
    expect(bodies(json, "helm_release").map((r) => r.name)).not.toEqual(expect.arrayContaining(["karpenter"]));
    expect(bodies(json, "helm_release").filter((r) => /karpenter/.test(r.name))).toEqual([]);
  });
});

describe("the Karpenter controller", () => {
  const { json } = synthK8s(EXAMPLE);

  test("the CRDs come from the karpenter-crd chart of the controller's version, which creates the namespace", () => {
    const crd = helmRelease(json, "karpenter-crd")!;
    expect(crd).toEqual({
      name: "karpenter-crd",
      chart: "karpenter-crd",
      repository: "oci://public.ecr.aws/karpenter",
      version: "1.9.0",
      namespace: "karpenter",
      create_namespace: true,
      cleanup_on_fail: true,
    });
  });

  test("the controller release skips the chart's own CRDs and waits for the CRD release", () => {
    const release = helmRelease(json, "karpenter")!;
    expect(release).toEqual(expect.objectContaining({
      name: "karpenter",
      repository: "oci://public.ecr.aws/karpenter",
      version: "1.9.0",
      namespace: "karpenter",
      skip_crds: true,
      cleanup_on_fail: true,
      depends_on: ["helm_release.karpenter_crd-release_C20A50D0"],
    }));
    expect(release.create_namespace).toBeUndefined();
  });

  test("values: this cluster and queue, Domino's memory overhead, two replicas on the platform pool, the Pod Identity service account", () => {
    expect(helmValues(json, "karpenter")).toEqual({
      settings: {
        clusterName: "domino",
        clusterEndpoint: "https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com",
        interruptionQueue: "domino-karpenter-interruption",
        vmMemoryOverheadPercent: 0.075,
      },
      // No eks.amazonaws.com/role-arn annotation: EKS Pod Identity associates the role with this service account.
      serviceAccount: { create: true, name: "karpenter" },
      replicas: 2,
      podDisruptionBudget: { name: "karpenter", maxUnavailable: 1 },
      nodeSelector: { "dominodatalab.com/node-pool": "platform" },
      controller: { resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
    });
  });

  test("a tainted platform pool is tolerated, and the chart's CriticalAddonsOnly toleration kept", () => {
    const yaml = `${KARPENTER}nodePools:\n  platform:\n    taints:\n      - {key: dominodatalab.com/platform, value: "true", effect: NoSchedule}\n      - {key: dedicated, effect: NoExecute}\n`;
    expect(helmValues(synthK8s(yaml).json, "karpenter").tolerations).toEqual([
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "dominodatalab.com/platform", operator: "Equal", value: "true", effect: "NoSchedule" },
      { key: "dedicated", operator: "Exists", effect: "NoExecute" },
    ]);
  });

  test("with the VPC CNI's custom networking the primary interface is reserved in Karpenter's max-pods sizing", () => {
    expect(helmValues(synthK8s(`${KARPENTER}network: {podCidr: 100.64.0.0/16}\n`).json, "karpenter").settings.reservedENIs).toBe("1");
    expect(helmValues(json, "karpenter").settings.reservedENIs).toBeUndefined();
  });

  test("pod subnets of a brought VPC, or handed on by a VPC provider, are custom networking too", () => {
    const byo = `${KARPENTER}network:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-00000000000000001, subnet-00000000000000002, subnet-00000000000000003]\n    podSubnetIds: [subnet-00000000000000007, subnet-00000000000000008, subnet-00000000000000009]\n`;
    expect(helmValues(synthK8s(byo).json, "karpenter").settings.reservedENIs).toBe("1");
    const provided = fakeInfra({ podSubnetIds: ["subnet-00000000000000007", "subnet-00000000000000008", "subnet-00000000000000009"] });
    expect(helmValues(synthK8s(KARPENTER, provided).json, "karpenter").settings.reservedENIs).toBe("1");
  });

  test("chart version and namespace from the config; a Domino namespace the stage creates is waited for, not created", () => {
    const { json: own } = synthK8s(`${KARPENTER}karpenter: {chartVersion: 1.8.6, namespace: kube-karpenter}\n`);
    for (const chart of ["karpenter", "karpenter-crd"]) expect(helmRelease(own, chart)).toEqual(expect.objectContaining({ version: "1.8.6", namespace: "kube-karpenter" }));
    expect(nodePoolsRelease(own).namespace).toBe("kube-karpenter");

    const { json: shared } = synthK8s(`${KARPENTER}karpenter: {namespace: domino-system}\nnamespaces: {create: true}\n`);
    const crd = helmRelease(shared, "karpenter-crd")!;
    expect(crd.create_namespace).toBe(false);
    expect(crd.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^kubernetes_namespace_v1\./)]));
  });

  test("charts and the controller image from the mirrors (the image's digest stays the chart's)", () => {
    const yaml = `${KARPENTER}registries:\n  charts:\n    karpenter: {repository: "oci://mirror.example.com/charts"}\n    karpenter-crd: {repository: "oci://mirror.example.com/crds"}\n  imageRegistries: {public.ecr.aws: mirror.example.com/ecr-public}\n`;
    const { json } = synthK8s(yaml);
    expect(helmRelease(json, "karpenter")!.repository).toBe("oci://mirror.example.com/charts");
    expect(helmRelease(json, "karpenter-crd")!.repository).toBe("oci://mirror.example.com/crds");
    expect(helmValues(json, "karpenter").controller.image).toEqual({ repository: "mirror.example.com/ecr-public/karpenter/controller" });
    expect(problemsOf(yaml)).toEqual([]);
  });

  test("without the cluster stage's karpenter outputs the stage refuses, naming the pools", () => {
    const cluster = { ...fakeCluster(), karpenter: undefined };
    expect(() => new K8sStack(Testing.app() as App, { plan: planOf(EXAMPLE), infra: fakeInfra(), cluster, nodes: fakeNodes(), addons: builtInAddons() })).toThrow(
      "add-on karpenter, k8s hook: pools default, gpu-spot are run by Karpenter, but the cluster stage hands on no karpenter outputs (node role, interruption queue)",
    );
  });
});

describe("EC2NodeClasses and NodePools (examples/karpenter.yaml)", () => {
  const { json } = synthK8s(EXAMPLE);
  const manifests = manifestsOf(json);
  const classes = byKind(manifests, "EC2NodeClass");
  const pools = byKind(manifests, "NodePool");

  test("one of each per Karpenter pool, named after the pool, class before pool; none for the platform pool", () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(["EC2NodeClass/default", "NodePool/default", "EC2NodeClass/gpu-spot", "NodePool/gpu-spot"]);
  });

  test("the release: the local chart, after the CRD and controller releases, in Karpenter's namespace", () => {
    const release = nodePoolsRelease(json);
    expect(release).toEqual({
      name: "karpenter-node-pools",
      chart: `./assets/karpenter-node-pools_chart_6A01C075/${NODE_POOLS_CHART.assetHash}`,
      namespace: "karpenter",
      cleanup_on_fail: true,
      timeout: 1800,
      values: [expect.any(String)],
      depends_on: ["helm_release.karpenter_crd-release_C20A50D0", "helm_release.karpenter_release_CF3763AB"],
    });
    // A local chart: no repository, no version to pin.
    expect(release.repository).toBeUndefined();
  });

  test("default: EC2NodeClass", () => {
    expect(classes.default).toEqual({
      apiVersion: "karpenter.k8s.aws/v1",
      kind: "EC2NodeClass",
      metadata: { name: "default" },
      spec: {
        amiFamily: "AL2023",
        amiSelectorTerms: [{ alias: "al2023@latest" }],
        role: "domino-karpenter-node",
        subnetSelectorTerms: [{ id: "subnet-00000000000000001" }, { id: "subnet-00000000000000002" }, { id: "subnet-00000000000000003" }],
        securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "domino-karp" } }],
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", rootVolume: true, ebs: { volumeSize: "400Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KMS_ARN, deleteOnTermination: true } },
        ],
        metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: 2, httpTokens: "required" },
        tags: { "domino-deploy-id": "domino-karp" },
      },
    });
  });

  test("default: NodePool with the spec pool's labels, zones in one requirement, the derived cpu limit and the example's budgets", () => {
    expect(pools.default).toEqual({
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: "default" },
      spec: {
        template: {
          metadata: { labels: { "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true" } },
          spec: {
            nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
            requirements: [
              { key: "topology.k8s.aws/zone-id", operator: "In", values: ["usw2-az1", "usw2-az2", "usw2-az3"] },
              { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
              { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m5.2xlarge"] },
              { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
              { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
            ],
            startupTaints: [{ key: "ebs.csi.aws.com/agent-not-ready", effect: "NoExecute" }],
            expireAfter: "Never",
          },
        },
        disruption: {
          consolidationPolicy: "WhenEmpty",
          consolidateAfter: "5m",
          budgets: [{ nodes: "10%" }, { nodes: "0", schedule: "0 8 * * mon-fri", duration: "10h", reasons: ["Drifted"] }],
        },
        limits: { cpu: 480 },
      },
    });
  });

  test("gpu-spot: EC2NodeClass with the pool's disk and tags over the deployment's", () => {
    expect(classes["gpu-spot"].spec).toEqual(expect.objectContaining({
      amiFamily: "AL2023",
      // The alias resolves the NVIDIA variant for GPU instance types.
      amiSelectorTerms: [{ alias: "al2023@latest" }],
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", rootVolume: true, ebs: { volumeSize: "500Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KMS_ARN, deleteOnTermination: true } },
      ],
      tags: { "domino-deploy-id": "domino-karp", workload: "gpu-spot" },
    }));
  });

  test("gpu-spot: NodePool on spot g5/g6 with its labels, taints, limits, consolidation and weight", () => {
    const spec = pools["gpu-spot"].spec;
    expect(spec.template.metadata.labels).toEqual({
      "dominodatalab.com/node-pool": "gpu-spot",
      "nvidia.com/gpu": "true",
      "dominodatalab.com/domino-node": "true",
      "dominodatalab.com/capacity": "spot",
    });
    expect(spec.template.spec.requirements).toEqual([
      { key: "topology.k8s.aws/zone-id", operator: "In", values: ["usw2-az1", "usw2-az2", "usw2-az3"] },
      { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] },
      { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5", "g6"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
      { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
    ]);
    expect(spec.template.spec.taints).toEqual([
      { key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" },
      { key: "dominodatalab.com/spot", value: "true", effect: "NoSchedule" },
    ]);
    expect(spec.template.spec.startupTaints).toEqual([{ key: "ebs.csi.aws.com/agent-not-ready", effect: "NoExecute" }]);
    expect(spec.template.spec.expireAfter).toBe("Never");
    expect(spec.disruption).toEqual({ consolidationPolicy: "WhenEmpty", consolidateAfter: "10m", budgets: [{ nodes: "10%" }] });
    expect(spec.limits).toEqual({ cpu: 256, memory: "1024Gi", "nvidia.com/gpu": 16 });
    expect(spec.weight).toBe(10);
  });

  test("every manifest passes the CRDs' constraints", () => {
    expect(manifests.flatMap(karpenterCrdProblems)).toEqual([]);
  });

  test("the k8s stack passes the kubernetes and helm provider schemas", () => {
    expect(schemaProblems(json, [KUBERNETES_SCHEMA, HELM_SCHEMA])).toEqual([]);
  });
});

describe("pool settings", () => {
  const KITCHEN_SINK = `${KARPENTER}nodePools:
  default:
    instanceTypes: [m7i.2xlarge, m7i.4xlarge]
    amiReleaseVersion: 1.35.0-20251120
    volumeType: gp3
    diskSizeGiB: 200
    iops: 6000
    throughputMiBps: 500
    kubelet:
      maxPods: 58
      kubeAPIQPS: 20
      kubeAPIBurst: 40
      evictionHard: {memory.available: 500Mi, nodefs.available: 10%}
      extraFlags: [--image-gc-high-threshold=80]
    karpenter:
      consolidationPolicy: WhenEmptyOrUnderutilized
      consolidateAfter: 1h30m
      expireAfter: 720h
      budgets: [{nodes: "2", reasons: [Empty, Underutilized]}]
  arm:
    instanceFamilies: [m7g, c7g]
    amiType: BOTTLEROCKET_ARM_64
    amiReleaseVersion: 1.50.0-1a2b3c4d
    diskSizeGiB: 100
    volumeType: io2
    iops: 10000
    kubelet:
      maxPods: 110
      kubeAPIQPS: 30
    karpenter: {limits: {cpu: 64}}
`;
  const manifests = manifestsOf(synthK8s(KITCHEN_SINK).json);
  const classes = byKind(manifests, "EC2NodeClass");
  const pools = byKind(manifests, "NodePool");

  test("the config is accepted and every manifest passes the CRDs' constraints", () => {
    expect(problemsOf(KITCHEN_SINK)).toEqual([]);
    expect(manifests.flatMap(karpenterCrdProblems)).toEqual([]);
  });

  test("AL2023: a pinned AMI release is the alias's version; IOPS and throughput on the root volume", () => {
    expect(classes.default.spec.amiSelectorTerms).toEqual([{ alias: "al2023@v20251120" }]);
    expect(classes.default.spec.blockDeviceMappings).toEqual([
      { deviceName: "/dev/xvda", rootVolume: true, ebs: { volumeSize: "200Gi", volumeType: "gp3", iops: 6000, throughput: 500, encrypted: true, kmsKeyID: KMS_ARN, deleteOnTermination: true } },
    ]);
  });

  test("AL2023: maxPods and evictionHard in kubelet, the rest in a nodeadm NodeConfig that Karpenter merges", () => {
    expect(classes.default.spec.kubelet).toEqual({ maxPods: 58, evictionHard: { "memory.available": "500Mi", "nodefs.available": "10%" } });
    const userData: string = classes.default.spec.userData;
    expect(userData).toContain("Content-Type: application/node.eks.aws");
    const nodeConfig = parse(userData.split("\n---\n")[1].split("\n--//--")[0]);
    expect(nodeConfig).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: { kubelet: { config: { kubeAPIQPS: 20, kubeAPIBurst: 40 }, flags: ["--image-gc-high-threshold=80"] } },
    });
  });

  test("the pool's zones, types and disruption settings", () => {
    const spec = pools.default.spec;
    expect(spec.template.spec.requirements.slice(0, 3)).toEqual([
      { key: "topology.k8s.aws/zone-id", operator: "In", values: ["usw2-az1", "usw2-az2", "usw2-az3"] },
      { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
      { key: "node.kubernetes.io/instance-type", operator: "In", values: ["m7i.2xlarge", "m7i.4xlarge"] },
    ]);
    expect(spec.template.spec.expireAfter).toBe("720h");
    expect(spec.disruption).toEqual({ consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1h30m", budgets: [{ nodes: "2", reasons: ["Empty", "Underutilized"] }] });
    // 20 nodes x 3 zones x 16 vCPUs of the largest type.
    expect(spec.limits).toEqual({ cpu: 960 });
  });

  test("Bottlerocket: pinned release, a small OS volume and the pool's disk as the data volume, arm64", () => {
    expect(classes.arm.spec).toEqual(expect.objectContaining({
      amiFamily: "Bottlerocket",
      amiSelectorTerms: [{ alias: "bottlerocket@v1.50.0" }],
      blockDeviceMappings: [
        { deviceName: "/dev/xvda", ebs: { volumeSize: "4Gi", volumeType: "gp3", encrypted: true, kmsKeyID: KMS_ARN, deleteOnTermination: true } },
        { deviceName: "/dev/xvdb", rootVolume: true, ebs: { volumeSize: "100Gi", volumeType: "io2", iops: 10000, encrypted: true, kmsKeyID: KMS_ARN, deleteOnTermination: true } },
      ],
      kubelet: { maxPods: 110 },
      userData: "[settings.kubernetes]\nkube-api-qps = 30\n",
    }));
    expect(pools.arm.spec.template.spec.requirements).toEqual(expect.arrayContaining([
      { key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m7g", "c7g"] },
      { key: "kubernetes.io/arch", operator: "In", values: ["arm64"] },
    ]));
    expect(pools.arm.spec.limits).toEqual({ cpu: 64 });
  });

  test("AMI types map to a family, an alias and an architecture", () => {
    expect(["AL2023_x86_64_STANDARD", "AL2023_x86_64_NVIDIA", "AL2023_ARM_64_STANDARD", "AL2023_ARM_64_NVIDIA", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_x86_64_NVIDIA", "BOTTLEROCKET_ARM_64", "BOTTLEROCKET_ARM_64_NVIDIA"]
      .map((t) => [t, amiSelectionOf(t).alias, archOf(t)])).toEqual([
      ["AL2023_x86_64_STANDARD", "al2023@latest", "amd64"],
      ["AL2023_x86_64_NVIDIA", "al2023@latest", "amd64"],
      ["AL2023_ARM_64_STANDARD", "al2023@latest", "arm64"],
      ["AL2023_ARM_64_NVIDIA", "al2023@latest", "arm64"],
      ["BOTTLEROCKET_x86_64", "bottlerocket@latest", "amd64"],
      ["BOTTLEROCKET_x86_64_NVIDIA", "bottlerocket@latest", "amd64"],
      ["BOTTLEROCKET_ARM_64", "bottlerocket@latest", "arm64"],
      ["BOTTLEROCKET_ARM_64_NVIDIA", "bottlerocket@latest", "arm64"],
    ]);
  });

  test("user data only for what the EC2NodeClass has no field for; none without kubelet settings", () => {
    const plain = byKind(manifestsOf(synthK8s(KARPENTER).json), "EC2NodeClass").default.spec;
    expect(plain.kubelet).toBeUndefined();
    expect(plain.userData).toBeUndefined();
    const sized = byKind(manifestsOf(synthK8s(`${KARPENTER}nodePools:\n  default:\n    kubelet: {maxPods: 50}\n`).json), "EC2NodeClass").default.spec;
    expect(sized.kubelet).toEqual({ maxPods: 50 });
    expect(sized.userData).toBeUndefined();
  });

  test("with prefix delegation, maxPods of the instance types (Karpenter would count single addresses); a pool's own wins", () => {
    const yaml = `${KARPENTER}network: {prefixDelegation: true}\nnodePools:\n  default: {instanceTypes: [m5.2xlarge, m5.16xlarge]}\n  big: {instanceTypes: [m5.16xlarge, m6i.32xlarge], maxSize: 2}\n  own: {instanceTypes: [m5.16xlarge], maxSize: 2, kubelet: {maxPods: 58}}\n`;
    expect(problemsOf(yaml)).toEqual([]);
    const classes = byKind(manifestsOf(synthK8s(yaml).json), "EC2NodeClass");
    // 110 up to 30 vCPUs (m5.2xlarge), 250 above; the lowest of the pool's types.
    expect(classes.default.spec.kubelet).toEqual({ maxPods: 110 });
    expect(classes.big.spec.kubelet).toEqual({ maxPods: 250 });
    expect(classes.own.spec.kubelet).toEqual({ maxPods: 58 });
    expect(byKind(manifestsOf(synthK8s(KARPENTER).json), "EC2NodeClass").default.spec.kubelet).toBeUndefined();
  });

  test("the EBS agent's startup taint only while the EBS CSI driver add-on is installed (its node plugin removes it)", () => {
    expect(byKind(manifestsOf(synthK8s(KARPENTER).json), "NodePool").default.spec.template.spec.startupTaints).toEqual([{ key: "ebs.csi.aws.com/agent-not-ready", effect: "NoExecute" }]);
    const addons = builtInAddons().filter((a) => a.name !== "ebs-csi-driver");
    const stack = new K8sStack(Testing.app() as App, { plan: planOf(KARPENTER), infra: fakeInfra(), cluster: fakeCluster(), nodes: fakeNodes(), addons });
    const pool = byKind(manifestsOf(JSON.parse(Testing.synth(stack))), "NodePool").default;
    expect(pool.spec.template.spec.startupTaints).toBeUndefined();
    expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" });
  });

  test("a pool of GPU instance families is a GPU pool: the GPU label and taint without gpu: true", () => {
    const yaml = `${KARPENTER}nodePools:\n  gpu:\n    instanceFamilies: [g6e]\n    karpenter: {limits: {cpu: 96}}\n  cpu:\n    instanceFamilies: [m7i]\n    karpenter: {limits: {cpu: 96}}\n`;
    expect(problemsOf(yaml)).toEqual([]);
    const p = byKind(manifestsOf(synthK8s(yaml).json), "NodePool");
    expect(p.gpu.spec.template.metadata.labels["nvidia.com/gpu"]).toBe("true");
    expect(p.gpu.spec.template.spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
    expect(p.cpu.spec.template.metadata.labels["nvidia.com/gpu"]).toBeUndefined();
    expect(p.cpu.spec.template.spec.taints).toBeUndefined();
  });

  test("a spec pool may swap its default instance types for families", () => {
    const yaml = `${KARPENTER}nodePools:\n  default:\n    instanceFamilies: [m7i]\n    karpenter: {limits: {cpu: 100}}\n`;
    expect(problemsOf(yaml)).toEqual([]);
    const reqs = byKind(manifestsOf(synthK8s(yaml).json), "NodePool").default.spec.template.spec.requirements;
    expect(reqs.filter((r: any) => /instance-(type|family)/.test(r.key))).toEqual([{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["m7i"] }]);
  });
});

describe("domino-eks describe", () => {
  test("lists the three releases, the node-pools chart as a local one", () => {
    const { json } = synthK8s(EXAMPLE);
    const facts = deploymentFacts(planOf(EXAMPLE), { infra: undefined, cluster: undefined, nodes: undefined, k8s: json });
    expect(facts.charts.filter((c) => c.name.startsWith("karpenter"))).toEqual([
      { name: "karpenter-node-pools", version: "local", detail: `chart ./assets/karpenter-node-pools_chart_6A01C075/${NODE_POOLS_CHART.assetHash} in the stack's folder, namespace karpenter` },
      { name: "karpenter-crd", version: "1.9.0", detail: "chart karpenter-crd from oci://public.ecr.aws/karpenter, namespace karpenter" },
      { name: "karpenter", version: "1.9.0", detail: "chart karpenter from oci://public.ecr.aws/karpenter, namespace karpenter" },
    ]);
  });
});

describe("the CRD check is not vacuous", () => {
  const manifests = manifestsOf(synthK8s(EXAMPLE).json);
  const [nodeClass, nodePool] = manifests.map((m) => JSON.parse(JSON.stringify(m)));

  test("a stray field, a bad enum, a bad alias and a restricted tag on an EC2NodeClass", () => {
    nodeClass.spec.amiSelectorTerms = [{ alias: "bottlerocket@latest" }];
    nodeClass.spec.metadataOptions.httpTokens = "sometimes";
    nodeClass.spec.blockDeviceMappings[0].ebs.volumeSize = 400;
    nodeClass.spec.instanceMetadataTags = "enabled";
    nodeClass.spec.tags["karpenter.sh/nodepool"] = "x";
    expect(karpenterCrdProblems(nodeClass)).toEqual([
      'EC2NodeClass/default: .spec.blockDeviceMappings[0].ebs.volumeSize: must be a string, is 400',
      'EC2NodeClass/default: .spec.metadataOptions.httpTokens: "sometimes" is not one of required, optional',
      "EC2NodeClass/default: .spec: unknown field instanceMetadataTags",
      "EC2NodeClass/default: amiFamily AL2023 does not match alias bottlerocket@latest",
      "EC2NodeClass/default: tag karpenter.sh/nodepool is restricted",
    ]);
  });

  test("limits in the template, a restricted label, a lone schedule and an empty In on a NodePool", () => {
    nodePool.spec.template.spec.limits = { cpu: 1 };
    nodePool.spec.template.metadata.labels["karpenter.k8s.aws/instance-size"] = "large";
    nodePool.spec.template.metadata.labels["karpenter.sh/custom"] = "x";
    nodePool.spec.disruption.budgets.push({ nodes: "1", schedule: "@daily" });
    nodePool.spec.template.spec.requirements.push({ key: "kubernetes.io/hostname", operator: "In", values: [] });
    expect(karpenterCrdProblems(nodePool)).toEqual([
      "NodePool/default: .spec.template.spec: unknown field limits",
      "NodePool/default: 'schedule' must be set with 'duration'",
      'NodePool/default: label domain "karpenter.sh" is restricted (karpenter.sh/custom)',
      'NodePool/default: label "kubernetes.io/hostname" is restricted',
      "NodePool/default: requirement kubernetes.io/hostname: operator In must have a value",
    ]);
  });
});

describe("rules for pools Karpenter runs", () => {
  test("instanceTypes with instanceFamilies, a capacity reservation, instance metadata tags, Karpenter's own tags and labels", () => {
    const yaml = `${KARPENTER}tags: {eks:eks-cluster-name: x}
nodePools:
  gpu:
    instanceTypes: [g5.xlarge]
    instanceFamilies: [g6]
    maxSize: 2
    capacityReservation: {preference: open}
    instanceMetadataTags: true
    tags: {kubernetes.io/cluster/other: owned}
    labels: {karpenter.k8s.aws/instance-family: g6, kubernetes.io/hostname: x, topology.kubernetes.io/region: x, node.kubernetes.io/lifecycle: spot}
`;
    expect(problemsOf(yaml)).toEqual(expect.arrayContaining([
      "nodePools.gpu.instanceFamilies: goes without instanceTypes: a NodePool's requirements all apply at once, so Karpenter would launch only the listed types that are also of these families; give one of the two",
      "nodePools.gpu.capacityReservation: is a launch-template setting of managed node groups; a pool run by Karpenter takes none here (EC2NodeClass capacity reservations are not mapped yet): leave it out, or set scaler: cluster-autoscaler",
      "nodePools.gpu.instanceMetadataTags: has no EC2NodeClass equivalent (its metadataOptions cannot expose instance tags in the instance metadata): remove it",
      'nodePools.gpu.tags["kubernetes.io/cluster/other"]: is a tag Karpenter sets itself on what it launches, which an EC2NodeClass may not set; remove it',
      'nodePools.gpu.labels["karpenter.k8s.aws/instance-family"]: is not allowed on a pool run by Karpenter: Karpenter sets the labels of its own domains (karpenter.sh, karpenter.k8s.aws) from the NodePool\'s requirements and the instance',
      'nodePools.gpu.labels["kubernetes.io/hostname"]: is not allowed on a pool run by Karpenter: the node\'s hostname label is set by the kubelet',
      'nodePools.gpu.labels["topology.kubernetes.io/region"]: is not allowed on a pool run by Karpenter: Karpenter refuses labels in Kubernetes\' domains (kubernetes.io, k8s.io) other than node.kubernetes.io and node-restriction.kubernetes.io; use one of those or a domain of your own',
      'tags["eks:eks-cluster-name"]: is a tag Karpenter sets itself on what it launches, which the EC2NodeClasses (they carry the deployment\'s tags) may not set; remove it',
    ]));
  });

  test("labels of node.kubernetes.io are fine", () => {
    expect(problemsOf(`${KARPENTER}nodePools:\n  default:\n    labels: {node.kubernetes.io/lifecycle: normal}\n`)).toEqual([]);
  });

  test("the same fields on an autoscaler pool are not the Karpenter rule's business", () => {
    const yaml = "nodePools:\n  spot:\n    instanceTypes: [m5.xlarge]\n    maxSize: 2\n    instanceMetadataTags: true\n    capacityReservation: {preference: open}\n";
    expect(problemsOf(yaml)).toEqual([]);
  });
});

const CHART_DIR = nodePoolsChartDir();
const chartFiles = (dir: string) => Object.fromEntries(NODE_POOLS_CHART.files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));

describe("the local chart", () => {
  test("is constant: a template that renders the manifests value, a chart version of its own", () => {
    const files = chartFiles(CHART_DIR);
    expect(files["templates/manifests.yaml"]).toBe("{{- range .Values.manifests }}\n---\n{{ toYaml . }}\n{{- end }}\n");
    expect(parse(files["Chart.yaml"])).toEqual(expect.objectContaining({ apiVersion: "v2", name: "karpenter-node-pools", type: "application", version: NODE_POOLS_CHART.version }));
    expect(parse(files["values.yaml"])).toEqual({ manifests: [] });
    expect(fs.readdirSync(CHART_DIR, { recursive: true }).map(String).filter((f) => !fs.statSync(path.join(CHART_DIR, f)).isDirectory()).sort()).toEqual([...NODE_POOLS_CHART.files].sort());
  });

  test("its asset hash is the files' content hash (change it with the files)", () => {
    const hash = crypto.createHash("sha256");
    for (const [name, text] of Object.entries(chartFiles(CHART_DIR)).sort(([a], [b]) => a.localeCompare(b))) hash.update(`${name}\0${text}\0`);
    expect(hash.digest("hex").slice(0, 16)).toBe(NODE_POOLS_CHART.assetHash);
  });

  test("is found from the sources, the build and the bundle", () => {
    const root = path.resolve(__dirname, "../..");
    expect(CHART_DIR).toBe(path.join(root, "charts", "karpenter-node-pools"));
    expect(nodePoolsChartDir(path.join(root, "dist", "constructs", "addons", "karpenter"))).toBe(CHART_DIR);
    expect(nodePoolsChartDir(path.join(root, "dist", "bundle"))).toBe(CHART_DIR);
  });

  test("the same config synthesizes the same bytes, and the chart's files land where the release names them", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "karpenter-k8s-"));
    try {
      const configs = parseConfig(EXAMPLE, "karpenter.yaml");
      const read = (dir: string) => {
        const stack = path.join(dir, "stacks", "domino-karp-k8s");
        const text = fs.readFileSync(path.join(stack, "cdk.tf.json"), "utf8");
        return { text, files: chartFiles(path.join(stack, nodePoolsRelease(JSON.parse(text)).chart)) };
      };
      synthesize(configs, path.join(root, "a"));
      synthesize(configs, path.join(root, "b"));
      const a = read(path.join(root, "a"));
      expect(a.files).toEqual(chartFiles(CHART_DIR));
      expect(read(path.join(root, "b"))).toEqual(a);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
