/**
 * What follows kubernetesVersion: EKS add-ons (looked up per Kubernetes version unless pinned), managed node groups
 * (the cluster's version) and the cluster autoscaler's image (one per EKS version).
 */
import { AUTOSCALER_IMAGE_TAGS } from "../../constructs/addons/cluster-autoscaler/defaults";
import { EKS_KUBERNETES_VERSIONS } from "../../constructs/config/aws-facts";
import { problemsOf } from "../helpers/config";
import { synthCluster, synthNodes } from "../helpers/fake-upstream";
import { bodies, dataSources, resources, type Json } from "../helpers/json";

const byAddon = (json: Json): Record<string, Json> => Object.fromEntries(bodies(json, "aws_eks_addon").map((a: Json) => [a.addon_name, a]));
const lookups = (json: Json): Record<string, Json> => Object.fromEntries(Object.entries(dataSources(json, "aws_eks_addon_version")).map(([name, d]) => [(d as Json).addon_name, { name, ...(d as Json) }]));

describe("EKS add-on versions follow the cluster's Kubernetes version", () => {
  test("cluster stage: each add-on's version is looked up for the cluster's version (EKS's default), then set", () => {
    const json = synthCluster();
    const addons = byAddon(json);
    const found = lookups(json);
    const cluster = Object.keys(resources(json, "aws_eks_cluster"))[0];
    expect(Object.keys(addons).sort()).toEqual(["eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    for (const [name, addon] of Object.entries(addons)) {
      expect(found[name]).toMatchObject({ addon_name: name, kubernetes_version: `\${aws_eks_cluster.${cluster}.version}`, most_recent: false });
      expect(addon.addon_version).toBe(`\${data.aws_eks_addon_version.${found[name].name}.version}`);
    }
  });

  test("nodes stage: looked up for the applied cluster version (the cluster stage's output)", () => {
    const json = synthNodes("{}", { clusterVersion: "1.34" });
    const addons = byAddon(json);
    expect(Object.keys(addons).sort()).toEqual(["aws-ebs-csi-driver", "aws-efs-csi-driver", "coredns"]);
    for (const name of Object.keys(addons)) expect(lookups(json)[name]).toMatchObject({ kubernetes_version: "1.34", most_recent: false });
  });

  test("a pinned add-on keeps its version and is not looked up; most-recent asks for the newest", () => {
    const json = synthCluster("addons:\n  versions: {vpc-cni: v1.20.4-eksbuild.2}\n  versionPolicy: most-recent\n");
    expect(byAddon(json)["vpc-cni"].addon_version).toBe("v1.20.4-eksbuild.2");
    expect(lookups(json)["vpc-cni"]).toBeUndefined();
    expect(lookups(json)["kube-proxy"].most_recent).toBe(true);
    expect(problemsOf("addons: {versionPolicy: latest}\n")).toEqual(["addons.versionPolicy: must be eks-default or most-recent"]);
  });

  test("managed node groups run the cluster stage's version", () => {
    for (const group of bodies(synthNodes("{}", { clusterVersion: "1.34" }), "aws_eks_node_group")) expect(group.version).toBe("1.34");
  });

  test("the autoscaler has an image for every Kubernetes version EKS offers, and only those", () => {
    expect(Object.keys(AUTOSCALER_IMAGE_TAGS)).toEqual([...EKS_KUBERNETES_VERSIONS]);
    for (const [k8s, tag] of Object.entries(AUTOSCALER_IMAGE_TAGS)) expect(tag.startsWith(`v${k8s}.`)).toBe(true);
    for (const v of EKS_KUBERNETES_VERSIONS) expect(problemsOf(`kubernetesVersion: "${v}"\n`)).toEqual([]);
  });
});

describe("AMI release versions", () => {
  test("a pool's amiReleaseVersion is every one of its node groups' release_version; left out, none is set", () => {
    const json = synthNodes("nodePools:\n  default: {amiReleaseVersion: 1.35.0-20251120}\n");
    const groups = bodies(json, "aws_eks_node_group");
    const defaults = groups.filter((g: Json) => g.labels["dominodatalab.com/node-pool"] === "default");
    expect(defaults).toHaveLength(3);
    for (const g of defaults) expect(g.release_version).toBe("1.35.0-20251120");
    for (const g of groups.filter((g: Json) => g.labels["dominodatalab.com/node-pool"] !== "default")) expect(g.release_version).toBeUndefined();
  });

  test("a release of another Kubernetes version, or a malformed one, is refused by field", () => {
    expect(problemsOf("nodePools:\n  default: {amiReleaseVersion: 1.34.2-20251120}\n")).toEqual([
      "nodePools.default.amiReleaseVersion: is 1.34.2-20251120, an AMI of another Kubernetes version than kubernetesVersion 1.35; EKS AMI releases for it start with 1.35. (raise both together when upgrading)",
    ]);
    expect(problemsOf("nodePools:\n  default: {amiReleaseVersion: 1.35.0-1a2b3c4d}\n")).toEqual([
      "nodePools.default.amiReleaseVersion: is 1.35.0-1a2b3c4d; an Amazon Linux AMI release ends in its build date, such as 1.35.0-20251120",
    ]);
    expect(problemsOf("nodePools:\n  default: {amiReleaseVersion: latest}\n")).toEqual([
      "nodePools.default.amiReleaseVersion: must be an EKS AMI release version such as 1.35.0-20251120 (Amazon Linux) or 1.50.0-1a2b3c4d (Bottlerocket)",
    ]);
    expect(problemsOf("nodePools:\n  default: {amiType: BOTTLEROCKET_x86_64, amiReleaseVersion: 1.50.0-1a2b3c4d}\n")).toEqual([]);
  });
});
