/** A pool's kubelet settings: nodeadm NodeConfig user data on AL2023, settings TOML on Bottlerocket; checked by field. */
import { problemsOf } from "../helpers/config";
import { synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json } from "../helpers/json";

const templateOf = (json: Json, group: string): Json => bodies(json, "aws_launch_template").find((t: Json) => t.name === group);
const decoded = (t: Json): string => Buffer.from(t.user_data, "base64").toString("utf8");

describe("nodePools.<pool>.kubelet", () => {
  test("AL2023: a MIME multipart NodeConfig with the kubelet's config and flags, on every group of the pool only", () => {
    const json = synthNodes(`nodePools:
  default:
    kubelet:
      maxPods: 58
      kubeAPIQPS: 50
      kubeAPIBurst: 100
      evictionHard: {memory.available: 500Mi, nodefs.available: 10%}
      extraFlags: [--image-gc-high-threshold=80]
`);
    const text = decoded(templateOf(json, "domino-default-usw2-az1"));
    expect(text).toBe([
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="//"',
      "",
      "--//",
      "Content-Type: application/node.eks.aws",
      "",
      "---",
      "apiVersion: node.eks.aws/v1alpha1",
      "kind: NodeConfig",
      "spec:",
      "  kubelet:",
      "    config:",
      "      maxPods: 58",
      "      kubeAPIQPS: 50",
      "      kubeAPIBurst: 100",
      "      evictionHard:",
      "        memory.available: 500Mi",
      "        nodefs.available: 10%",
      "    flags:",
      "      - --image-gc-high-threshold=80",
      "",
      "--//--",
      "",
    ].join("\n"));
    for (const zone of ["usw2-az2", "usw2-az3"]) expect(templateOf(json, `domino-default-${zone}`).user_data).toBe(templateOf(json, "domino-default-usw2-az1").user_data);
    expect(templateOf(json, "domino-platform").user_data).toBeUndefined();
    expect(templateOf(json, "domino-default-gpu-usw2-az1").user_data).toBeUndefined();
  });

  test("Bottlerocket: settings.kubernetes and its eviction-hard table", () => {
    const json = synthNodes("nodePools:\n  default:\n    amiType: BOTTLEROCKET_x86_64\n    kubelet: {maxPods: 110, kubeAPIQPS: 20, evictionHard: {memory.available: 200Mi}}\n");
    expect(decoded(templateOf(json, "domino-default-usw2-az1"))).toBe(
      '[settings.kubernetes]\nmax-pods = 110\nkube-api-qps = 20\n\n[settings.kubernetes.eviction-hard]\n"memory.available" = "200Mi"\n',
    );
  });

  test("no kubelet field, no user data (the default deployment's launch templates are unchanged)", () => {
    for (const t of bodies(synthNodes(), "aws_launch_template")) expect(t).not.toHaveProperty("user_data");
  });

  test("bad settings are refused by field", () => {
    const p = (kubelet: string, extra = "") => problemsOf(`nodePools:\n  default:\n${extra}    kubelet: ${kubelet}\n`);
    expect(p("{maxPods: 300}")).toEqual(["nodePools.default.kubelet.maxPods: must be 1 to 250 (EKS caps max pods at 110 below 30 vCPUs, 250 above)"]);
    expect(p("{kubeAPIQPS: 50, kubeAPIBurst: 10}")).toEqual(["nodePools.default.kubelet.kubeAPIBurst: is 10, below kubeAPIQPS 50; the burst must be at least the steady rate"]);
    expect(p("{evictionHard: {memory.free: 1Gi}}")).toEqual([
      'nodePools.default.kubelet.evictionHard["memory.free"]: is not a known field; allowed here: memory.available, nodefs.available, nodefs.inodesFree, imagefs.available, imagefs.inodesFree, pid.available',
    ]);
    expect(p("{evictionHard: {memory.available: lots}}")).toEqual(['nodePools.default.kubelet.evictionHard["memory.available"]: must be a quantity such as 500Mi or 1Gi, or a percentage such as 10%']);
    expect(p("{extraFlags: [image-gc=80]}")).toEqual(["nodePools.default.kubelet.extraFlags[0]: must be a kubelet flag such as --image-gc-high-threshold=80"]);
    expect(p("{extraFlags: [--node-labels=a=b]}")).toEqual(["nodePools.default.kubelet.extraFlags[0]: must not be --node-labels, --register-with-taints, --max-pods, --kubeconfig: the node group sets labels and taints, and maxPods is a field"]);
    expect(p("{extraFlags: [--image-gc-high-threshold=80]}", "    amiType: BOTTLEROCKET_x86_64\n")).toEqual([
      "nodePools.default.kubelet.extraFlags: Bottlerocket (amiType BOTTLEROCKET_x86_64) takes kubelet settings, not command-line flags; use maxPods, kubeAPIQPS, kubeAPIBurst and evictionHard, or an Amazon Linux 2023 AMI type",
    ]);
    expect(p("{}")).toEqual(["nodePools.default.kubelet: sets nothing: give maxPods, kubeAPIQPS, kubeAPIBurst, evictionHard or extraFlags, or remove it"]);
    expect(p("{maxPods: 58, kubeAPIQPS: 50}")).toEqual([]);
  });
});
