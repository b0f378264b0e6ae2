import { configOf, problemsOf } from "../helpers/config";
import {
  isRegistryReference,
  pullThroughRules,
  repositoryUrlProblem,
  resolveChartRepository,
  resolveImage,
  resolveImageRegistry,
} from "../../constructs/config/registries";

const ECR = "111122223333.dkr.ecr.us-west-2.amazonaws.com";
const registriesOf = (yaml: string) => configOf(yaml).registries;

describe("registries: defaults", () => {
  test("nothing mirrored, no pull-through cache", () => {
    const r = registriesOf("{}");
    expect(r).toEqual({ charts: {}, imageRegistries: {}, pullThroughCache: { enabled: false } });
    expect(pullThroughRules(r)).toEqual([]);
    expect(resolveImageRegistry(r, "quay.io")).toBe("quay.io");
    expect(resolveChartRepository(r, "tigera-operator", "https://docs.tigera.io/calico/charts")).toBe("https://docs.tigera.io/calico/charts");
  });

  test("pull-through cache on: quay.io and registry.k8s.io under their default prefixes", () => {
    expect(pullThroughRules(registriesOf("registries:\n  pullThroughCache:\n    enabled: true\n"))).toEqual([
      { upstream: "quay.io", upstreamUrl: "quay.io", prefix: "quay" },
      { upstream: "registry.k8s.io", upstreamUrl: "registry.k8s.io", prefix: "registry-k8s-io" },
    ]);
  });
});

describe("registries: resolution", () => {
  const r = registriesOf(`
registries:
  helmRepository: oci://mirror.example.com/charts
  charts:
    cluster-autoscaler: {repository: "https://charts.example.com/autoscaler"}
  imageRegistry: mirror.example.com/library
  imageRegistries:
    docker.io: mirror.example.com:5000/hub
  pullThroughCache:
    enabled: true
    rules:
      - {upstream: quay.io, prefix: upstream/quay}
      - {upstream: docker.io, credentialArn: "arn:aws:secretsmanager:us-west-2:111122223333:secret:ecr-pullthroughcache/hub-AbCdEf"}
`);

  test("charts: per-chart repository, then helmRepository", () => {
    expect(resolveChartRepository(r, "cluster-autoscaler", "https://kubernetes.github.io/autoscaler")).toBe("https://charts.example.com/autoscaler");
    expect(resolveChartRepository(r, "tigera-operator", "https://docs.tigera.io/calico/charts")).toBe("oci://mirror.example.com/charts");
  });

  test("images: imageRegistries, then the pull-through cache, then imageRegistry", () => {
    expect(resolveImageRegistry(r, "docker.io", ECR)).toBe("mirror.example.com:5000/hub");
    expect(resolveImageRegistry(r, "quay.io", ECR)).toBe(`${ECR}/upstream/quay`);
    expect(resolveImageRegistry(r, "registry.k8s.io", ECR)).toBe("mirror.example.com/library");
    expect(resolveImage(r, "quay.io", "tigera/operator", ECR)).toBe(`${ECR}/upstream/quay/tigera/operator`);
  });

  test("a pull-through rule without the infra stage's registry host is a programming error", () => {
    expect(() => resolveImageRegistry(r, "quay.io")).toThrow("registries.pullThroughCache mirrors quay.io, but the infra stage hands on no pull-through cache registry");
  });
});

describe("registries: syntax", () => {
  test.each([
    ["https://charts.example.com", undefined],
    ["oci://123456789012.dkr.ecr.us-west-2.amazonaws.com/charts", undefined],
    ["https://mirror.example.com:8443/artifactory/api/helm/helm/", undefined],
    ["http://charts.example.com", "must use https:// or oci:// (plain http:// would let anyone on the path swap the charts)"],
    ["ftp://charts.example.com", "must be an https:// or oci:// URL, not ftp://"],
    ["charts.example.com", "must be an https:// or oci:// URL, such as https://charts.example.com or oci://mirror.example.com/charts"],
    ["https://", 'has no valid host: ""'],
    ["https://charts.example.com/x?token=1", "must not contain spaces, a query or a fragment"],
  ])("repository %p", (url, problem) => {
    expect(repositoryUrlProblem(url)).toBe(problem);
  });

  test.each(["mirror.example.com", "mirror.example.com:5000", "mirror.example.com/quay", "10.0.0.5:5000/a/b-c", "localhost"])("registry %p is accepted", (v) => {
    expect(isRegistryReference(v)).toBe(true);
  });
  test.each(["https://mirror.example.com", "Mirror.example.com", "mirror.example.com/", "mirror..example.com", "mirror.example.com//x", "mirror.example.com/Quay", "-bad.example.com"])("registry %p is refused", (v) => {
    expect(isRegistryReference(v)).toBe(false);
  });

  test("field-named messages", () => {
    expect(problemsOf(`
registries:
  helmRepository: http://charts.example.com
  charts:
    tigera-operator: {repository: "s3://bucket/charts"}
  imageRegistry: https://mirror.example.com
  imageRegistries:
    "Quay.io": mirror.example.com/quay
`)).toEqual([
      "registries.helmRepository: must use https:// or oci:// (plain http:// would let anyone on the path swap the charts)",
      "registries.charts.tigera-operator.repository: must be an https:// or oci:// URL, not s3://",
      "registries.imageRegistry: must be a registry host with an optional port and path, without a scheme, such as mirror.example.com or mirror.example.com:5000/quay",
      "registries.imageRegistries[\"Quay.io\"]: keys must be the registry hosts images name, such as quay.io or registry.k8s.io",
    ]);
  });

  test("charts must name a chart an add-on installs", () => {
    expect(problemsOf("registries:\n  charts:\n    nginx: {repository: \"https://charts.example.com\"}\n")).toEqual([
      "registries.charts.nginx: is not a chart this project installs; known charts: tigera-operator, cluster-autoscaler, karpenter, karpenter-crd, aws-load-balancer-controller, external-dns",
    ]);
  });
});

describe("registries: pull-through cache rules", () => {
  const rules = (body: string) => problemsOf(`registries:\n  pullThroughCache:\n    enabled: true\n    rules:\n${body}`);
  const SECRET = "arn:aws:secretsmanager:us-west-2:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf";

  test("upstreams from the allowed set", () => {
    expect(rules("      - upstream: gcr.io\n")).toEqual([
      "registries.pullThroughCache.rules[0].upstream: must be one of quay.io, registry.k8s.io, public.ecr.aws, docker.io, ghcr.io",
    ]);
  });

  test.each([
    ["a", "must be 2-30 characters"],
    ["x".repeat(31), "must be 2-30 characters"],
    ["Quay", "must be lowercase letters and digits, separated by single . _ - or /"],
    ["quay/", "must be lowercase letters and digits, separated by single . _ - or /"],
    ["a--b", "must be lowercase letters and digits, separated by single . _ - or /"],
    ["root", "must not be ROOT (ECR's name for the whole registry)"],
  ])("prefix %p", (prefix, message) => {
    expect(rules(`      - {upstream: quay.io, prefix: "${prefix}"}\n`)).toEqual([`registries.pullThroughCache.rules[0].prefix: ${message}`]);
  });

  test("prefixes that are fine: nested, with separators, 30 characters", () => {
    expect(rules(`      - {upstream: quay.io, prefix: mirrors/quay.io}\n      - {upstream: registry.k8s.io, prefix: "${"k".repeat(30)}"}\n`)).toEqual([]);
  });

  test("docker.io and ghcr.io need a Secrets Manager credential; the public ones refuse it", () => {
    expect(rules(`      - {upstream: ghcr.io, credentialArn: "arn:aws:secretsmanager:us-west-2:111122223333:secret:github"}\n`)).toEqual([
      "registries.pullThroughCache.rules[0].credentialArn: must be the ARN of a Secrets Manager secret whose name starts with ecr-pullthroughcache/",
    ]);
    expect(rules(`      - upstream: docker.io\n      - {upstream: ghcr.io, credentialArn: "${SECRET}"}\n      - {upstream: quay.io, credentialArn: "${SECRET}"}\n`)).toEqual([
      "registries.pullThroughCache.rules[0].credentialArn: is required for docker.io: ECR caches it only with a Secrets Manager secret (name starting with ecr-pullthroughcache/) holding its username and access token",
      "registries.pullThroughCache.rules[2].credentialArn: must be left out for quay.io, a public registry ECR caches without credentials",
    ]);
    expect(rules(`      - {upstream: docker.io, credentialArn: "${SECRET}"}\n`)).toEqual([]);
  });

  test("one rule per upstream and per prefix; none over the deployment's own repositories", () => {
    expect(problemsOf(`deployId: domino
registries:
  pullThroughCache:
    enabled: true
    rules:
      - {upstream: quay.io}
      - {upstream: quay.io, prefix: quay2}
      - {upstream: registry.k8s.io, prefix: quay}
      - {upstream: public.ecr.aws, prefix: domino/public}
`)).toEqual([
      "registries.pullThroughCache.rules[1].upstream: quay.io is already cached by rules[0]",
      "registries.pullThroughCache.rules[2].prefix: quay is already the prefix of rules[0]; each upstream needs its own prefix",
      "registries.pullThroughCache.rules[3].prefix: domino/public would take over the deployment's own ECR repositories (domino/...); choose another prefix",
    ]);
  });

  test("rules without enabled: true are a mistake, not silently ignored", () => {
    expect(problemsOf("registries:\n  pullThroughCache:\n    rules: [{upstream: quay.io}]\n")).toEqual([
      "registries.pullThroughCache.rules: is set but pullThroughCache.enabled is false: set enabled: true, or leave rules out",
    ]);
  });
});
