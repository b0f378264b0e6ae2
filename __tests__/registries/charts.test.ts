/** The chart repositories and image values of the k8s stage's Helm releases, without and with mirrors. */
import { addonRules, builtInAddons } from "../../constructs/addons";
import { validateDeployment } from "../../constructs/config/validate";
import { fakeInfra, helmRelease, helmValues, synthK8s } from "../k8s/fakes";

const ECR = "111122223333.dkr.ecr.us-west-2.amazonaws.com";

describe("no mirrors: the charts' upstream repositories and images", () => {
  const { json } = synthK8s();

  test("repositories are the upstream ones", () => {
    expect(helmRelease(json, "tigera-operator")?.repository).toBe("https://docs.tigera.io/calico/charts");
    expect(helmRelease(json, "cluster-autoscaler")?.repository).toBe("https://kubernetes.github.io/autoscaler");
  });

  test("image values are left to the charts", () => {
    const calico = helmValues(json, "tigera-operator");
    expect(calico.tigeraOperator).toBeUndefined();
    expect(calico.installation.registry).toBeUndefined();
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({ tag: "v1.35.0" });
  });
});

describe("a customer mirror for charts and images", () => {
  const { json } = synthK8s(`
registries:
  helmRepository: oci://mirror.example.com/charts
  charts:
    cluster-autoscaler: {repository: "https://charts.example.com/autoscaler"}
  imageRegistry: mirror.example.com/library
`);

  test("each chart comes from its override, else from helmRepository", () => {
    expect(helmRelease(json, "tigera-operator")).toMatchObject({ repository: "oci://mirror.example.com/charts", chart: "tigera-operator" });
    expect(helmRelease(json, "cluster-autoscaler")).toMatchObject({ repository: "https://charts.example.com/autoscaler", chart: "cluster-autoscaler" });
  });

  test("the operator and the Calico components it deploys pull from the mirror", () => {
    const calico = helmValues(json, "tigera-operator");
    expect(calico.tigeraOperator).toEqual({ registry: "mirror.example.com/library" });
    expect(calico.installation).toMatchObject({ kubernetesProvider: "EKS", registry: "mirror.example.com/library/" });
  });

  test("the autoscaler's image is the mirror's, with the tag matching Kubernetes", () => {
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({
      repository: "mirror.example.com/library/autoscaling/cluster-autoscaler",
      tag: "v1.35.0",
    });
  });
});

describe("per-upstream mirrors", () => {
  const { json } = synthK8s("registries:\n  imageRegistries:\n    quay.io: harbor.example.com/quay-proxy\n");

  test("only the images of the mirrored upstream move", () => {
    expect(helmValues(json, "tigera-operator").tigeraOperator).toEqual({ registry: "harbor.example.com/quay-proxy" });
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({ tag: "v1.35.0" });
    expect(helmRelease(json, "tigera-operator")?.repository).toBe("https://docs.tigera.io/calico/charts");
  });
});

describe("ECR pull-through cache", () => {
  const yaml = "registries:\n  pullThroughCache:\n    enabled: true\n";
  const { json } = synthK8s(yaml, fakeInfra({ pullThroughCacheRegistry: ECR }));

  test("images point at <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<upstream repository>", () => {
    const calico = helmValues(json, "tigera-operator");
    expect(calico.tigeraOperator).toEqual({ registry: `${ECR}/quay` });
    expect(calico.installation.registry).toBe(`${ECR}/quay/`);
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({ repository: `${ECR}/registry-k8s-io/autoscaling/cluster-autoscaler`, tag: "v1.35.0" });
  });

  test("the China partition's registry host is used as handed on", () => {
    const cn = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn";
    const { json: china } = synthK8s(yaml, fakeInfra({ pullThroughCacheRegistry: cn }));
    expect(helmValues(china, "tigera-operator").tigeraOperator).toEqual({ registry: `${cn}/quay` });
  });

  test("without the infra stage's registry host the k8s stage refuses to guess one", () => {
    expect(() => synthK8s(yaml)).toThrow(/infra stage hands on no pull-through cache registry/);
  });
});

describe("an add-on of your own", () => {
  const ingress = { name: "ingress-nginx", helmCharts: ["ingress-nginx"] };
  const input = { registries: { charts: { "ingress-nginx": { repository: "oci://mirror.example.com/charts" } } } };

  test("declaring helmCharts lets registries.charts name its chart", () => {
    expect(() => validateDeployment(input, "test", addonRules([...builtInAddons(), ingress]))).not.toThrow();
    expect(() => validateDeployment(input, "test", addonRules(builtInAddons()))).toThrow(
      "registries.charts.ingress-nginx: is not a chart this project installs; known charts: tigera-operator, cluster-autoscaler",
    );
  });
});
