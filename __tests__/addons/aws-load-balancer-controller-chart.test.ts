/** The AWS Load Balancer Controller's optional Helm chart (loadBalancerController.chart), synthesized in the k8s stage. */
import { LBC_CHART } from "../../constructs/addons/aws-load-balancer-controller/defaults";
import { problemsOf } from "../helpers/config";
import { bodies } from "../helpers/json";
import { HELM_SCHEMA, KUBERNETES_SCHEMA, schemaProblems } from "../helpers/schema";
import { dominoConfigOutput, fakeCluster, fakeInfra, helmRelease, helmValues, synthK8s } from "../k8s/fakes";

const LBC_ROLE = "arn:aws:iam::111122223333:role/domino-load-balancer-controller";
const ON = "loadBalancerController:\n  chart:\n    enabled: true\n";
/** The fake cluster outputs without the controller's role. */
const withoutRole = () => {
  const { "load-balancer-controller": _, ...others } = fakeCluster().irsaRoleArns;
  return fakeCluster({ irsaRoleArns: others });
};

describe("aws-load-balancer-controller chart", () => {
  test("off by default: Domino's installer deploys the controller; domino_config says so", () => {
    const { json } = synthK8s();
    expect(helmRelease(json, "aws-load-balancer-controller")).toBeUndefined();
    expect(dominoConfigOutput(json).loadBalancerController.chart).toEqual({ enabled: false, version: null });
  });

  describe("enabled", () => {
    const { json } = synthK8s(ON);

    test("pinned chart from aws/eks-charts in the controller's namespace", () => {
      const release = helmRelease(json, "aws-load-balancer-controller")!;
      expect(release).toMatchObject({
        name: "aws-load-balancer-controller",
        repository: "https://aws.github.io/eks-charts",
        chart: "aws-load-balancer-controller",
        version: "1.17.1",
        namespace: "domino-platform",
        create_namespace: true,
        cleanup_on_fail: true,
      });
      expect(release.depends_on).toBeUndefined();
      expect(LBC_CHART.version).toBe("1.17.1");
    });

    test("values: this cluster, region and VPC, the IRSA role on Domino's service account, the platform pool, the chart's image", () => {
      expect(helmValues(json, "aws-load-balancer-controller")).toEqual({
        clusterName: "domino",
        region: "us-west-2",
        vpcId: "vpc-0123456789abcdef0",
        serviceAccount: {
          create: true,
          name: "domino-load-balancer-controller",
          annotations: { "eks.amazonaws.com/role-arn": LBC_ROLE },
        },
        nodeSelector: { "dominodatalab.com/node-pool": "platform" },
        enableServiceMutatorWebhook: false,
      });
    });

    test("the Service mutating webhook is off, so the stage's other releases can create Services before the controller is Ready", () => {
      expect(helmValues(json, "aws-load-balancer-controller").enableServiceMutatorWebhook).toBe(false);
      // Nothing needs to wait for the controller then: calico, the autoscaler and the controller apply in parallel.
      expect(bodies(json, "helm_release").length).toBeGreaterThan(1);
      for (const release of bodies(json, "helm_release")) {
        expect((release.depends_on ?? []).filter((d: string) => d.includes("load-balancer-controller"))).toEqual([]);
      }
    });

    test("domino_config tells the installer the stage deploys it", () => {
      expect(dominoConfigOutput(json).loadBalancerController).toMatchObject({ enabled: true, roleArn: LBC_ROLE, chart: { enabled: true, version: "1.17.1" } });
    });

    test("passes the kubernetes and helm provider schemas", () => {
      expect(schemaProblems(json, [KUBERNETES_SCHEMA, HELM_SCHEMA])).toEqual([]);
    });
  });

  test("namespace, service account and version from the config; waits for the namespaces the stage creates", () => {
    const { json } = synthK8s(`${ON}    version: 1.17.0\n  serviceAccount: aws-load-balancer-controller\nnamespaces:\n  create: true\n`);
    const release = helmRelease(json, "aws-load-balancer-controller")!;
    expect(release.version).toBe("1.17.0");
    expect(release.create_namespace).toBe(false);
    expect(release.depends_on).toHaveLength(3);
    expect(release.depends_on.every((d: string) => d.startsWith("kubernetes_namespace_v1."))).toBe(true);
    expect(helmValues(json, "aws-load-balancer-controller").serviceAccount.name).toBe("aws-load-balancer-controller");
    const other = synthK8s(`${ON}  namespace: kube-system\nnamespaces:\n  create: true\n`).json;
    expect(helmRelease(other, "aws-load-balancer-controller")).toMatchObject({ namespace: "kube-system", create_namespace: true });
    expect(helmRelease(other, "aws-load-balancer-controller")!.depends_on).toBeUndefined();
  });

  test("chart and image from the mirrors", () => {
    const { json } = synthK8s(`${ON}registries:\n  helmRepository: oci://mirror.example.com/charts\n  imageRegistries:\n    public.ecr.aws: mirror.example.com/ecr-public\n`);
    expect(helmRelease(json, "aws-load-balancer-controller")!.repository).toBe("oci://mirror.example.com/charts");
    expect(helmValues(json, "aws-load-balancer-controller").image).toEqual({ repository: "mirror.example.com/ecr-public/eks/aws-load-balancer-controller" });
    const perChart = synthK8s(`${ON}registries:\n  charts:\n    aws-load-balancer-controller:\n      repository: https://charts.example.com/eks\n`).json;
    expect(helmRelease(perChart, "aws-load-balancer-controller")!.repository).toBe("https://charts.example.com/eks");
    expect(problemsOf(`${ON}registries:\n  charts:\n    aws-load-balancer-controller:\n      repository: https://charts.example.com/eks\n`)).toEqual([]);
  });

  test("through the ECR pull-through cache of public ECR", () => {
    const ecr = "111122223333.dkr.ecr.us-west-2.amazonaws.com";
    const { json } = synthK8s(`${ON}registries:\n  pullThroughCache:\n    enabled: true\n    rules:\n      - upstream: public.ecr.aws\n`, fakeInfra({ pullThroughCacheRegistry: ecr }));
    expect(helmValues(json, "aws-load-balancer-controller").image).toEqual({ repository: `${ecr}/ecr-public/eks/aws-load-balancer-controller` });
  });

  test("a missing role in the cluster stage's outputs is an error naming the add-on", () => {
    expect(() => synthK8s(ON, undefined, withoutRole())).toThrow("add-on aws-load-balancer-controller, k8s hook: the cluster stage has no load-balancer-controller IRSA role");
  });

  test("the chart without the role is refused by name; a bad version too", () => {
    expect(problemsOf("loadBalancerController:\n  enabled: false\n  chart:\n    enabled: true\n")).toEqual([
      "loadBalancerController.chart.enabled: needs loadBalancerController.enabled: true (the chart's service account uses the controller's IRSA role, which enabled: false leaves out)",
    ]);
    expect(problemsOf("loadBalancerController:\n  chart:\n    version: v1.17.1\n")).toEqual(["loadBalancerController.chart.version: must be a chart version such as 1.17.1"]);
    expect(problemsOf("loadBalancerController:\n  chart:\n    enable: true\n")[0]).toMatch(/^loadBalancerController\.chart\.enable: is not a known field/);
  });

  test("enabled: false with the chart off synthesizes no release", () => {
    const { json } = synthK8s("loadBalancerController:\n  enabled: false\n", undefined, withoutRole());
    expect(bodies(json, "helm_release").map((r) => r.chart)).toEqual(["tigera-operator", "cluster-autoscaler"]);
  });
});
