import { App, Testing } from "cdktf";
import { builtInAddons } from "../../constructs/addons";
import { AUTOSCALER_IMAGE_TAGS } from "../../constructs/addons/cluster-autoscaler/defaults";
import { K8sStack } from "../../constructs/k8s/k8s-stack";
import { planOf, problemsOf } from "../helpers/config";
import { bodies } from "../helpers/json";
import { HELM_SCHEMA, KUBERNETES_SCHEMA, schemaProblems } from "../helpers/schema";
import { AUTOSCALER_ROLE, CA_DATA, dominoConfigOutput, fakeCluster, fakeInfra, fakeNodes, helmRelease, helmValues, KMS_ARN, synthK8s } from "./fakes";

const EXEC = {
  api_version: "client.authentication.k8s.io/v1beta1",
  command: "aws",
  args: ["eks", "get-token", "--cluster-name", "domino", "--region", "us-west-2", "--output", "json"],
};
const ENDPOINT = "https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com";


describe("k8s stack, default deployment", () => {
  const { json } = synthK8s();

  test("kubernetes and helm providers use the cluster endpoint, decoded CA and an exec token, nothing static", () => {
    expect(json.provider.kubernetes).toEqual([
      { host: ENDPOINT, cluster_ca_certificate: `\${base64decode("${CA_DATA}")}`, exec: [EXEC] },
    ]);
    // helm 3.x: `kubernetes` and its `exec` are attribute objects, not blocks.
    expect(json.provider.helm).toEqual([
      { kubernetes: { host: ENDPOINT, cluster_ca_certificate: `\${base64decode("${CA_DATA}")}`, exec: EXEC } },
    ]);
    expect(json.provider.aws).toBeUndefined();
    expect(JSON.stringify(json.provider)).not.toMatch(/"(token|password|client_key|client_certificate|config_path)":/);
    expect(json.data?.aws_eks_cluster_auth).toBeUndefined();
  });

  test("provider versions are relaxed to the config's constraints", () => {
    expect(json.terraform.required_providers).toEqual({
      kubernetes: { source: "hashicorp/kubernetes", version: "~> 2.38" },
      helm: { source: "hashicorp/helm", version: "~> 3.1" },
    });
    expect(json.terraform.backend.local.path).toBe("../../../terraform.domino-k8s.tfstate");
  });

  test("storage class: the spec's example plus KMS encryption", () => {
    const classes = bodies(json, "kubernetes_storage_class_v1");
    expect(classes).toEqual([
      {
        metadata: { name: "dominodisk-gp3" },
        storage_provisioner: "ebs.csi.aws.com",
        reclaim_policy: "Delete",
        volume_binding_mode: "WaitForFirstConsumer",
        allow_volume_expansion: true,
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: KMS_ARN },
      },
    ]);
  });

  test("calico: tigera-operator chart, pinned version, policy-only on the VPC CNI, control plane on the calico-controlplane nodes", () => {
    expect(helmRelease(json, "tigera-operator")).toMatchObject({
      name: "calico",
      repository: "https://docs.tigera.io/calico/charts",
      chart: "tigera-operator",
      version: "v3.31.4",
      namespace: "tigera-operator",
      create_namespace: true,
    });
    const values = helmValues(json, "tigera-operator");
    expect(values.installation).toEqual({
      kubernetesProvider: "EKS",
      cni: { type: "AmazonVPC" },
      controlPlaneNodeSelector: { "dominodatalab.com/calico-controlplane": "true" },
    });
    // The operator: Linux nodes carrying the platform pool's Calico label, as Domino's reference selects it.
    expect(values.nodeSelector).toEqual({ "kubernetes.io/os": "linux", "dominodatalab.com/calico-controlplane": "true" });
    expect(values.apiServer).toEqual({ enabled: false });
  });

  test("calico.releaseName keeps an adopted deployment's release (Domino's calico-tigera-operator); a bad name is refused", () => {
    const adopted = synthK8s("calico: { releaseName: calico-tigera-operator }").json;
    expect(helmRelease(adopted, "tigera-operator")).toMatchObject({ name: "calico-tigera-operator", namespace: "tigera-operator", chart: "tigera-operator" });
    expect(Object.keys(adopted.resource.helm_release)).toEqual(Object.keys(json.resource.helm_release));
    expect(problemsOf("calico: { releaseName: Calico_Op }")).toContain(
      "calico.releaseName: must be a Helm release name: 1-53 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    );
  });

  test("cluster autoscaler: chart, version, image matching Kubernetes, discovery, IRSA, balancing, platform pool", () => {
    expect(helmRelease(json, "cluster-autoscaler")).toMatchObject({
      name: "cluster-autoscaler",
      repository: "https://kubernetes.github.io/autoscaler",
      chart: "cluster-autoscaler",
      version: "9.54.0",
      namespace: "kube-system",
    });
    const values = helmValues(json, "cluster-autoscaler");
    expect(values.cloudProvider).toBe("aws");
    expect(values.awsRegion).toBe("us-west-2");
    expect(values.image).toEqual({ tag: "v1.35.0" });
    expect(values.autoDiscovery).toEqual({
      clusterName: "domino",
      tags: ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/domino"],
    });
    expect(values.rbac.serviceAccount).toEqual({
      create: true,
      name: "cluster-autoscaler",
      annotations: { "eks.amazonaws.com/role-arn": AUTOSCALER_ROLE },
    });
    expect(values.nodeSelector).toEqual({ "dominodatalab.com/node-pool": "platform" });
    expect(values.extraArgs).toMatchObject({
      "balance-similar-node-groups": true,
      "skip-nodes-with-system-pods": false,
      expander: "least-waste",
    });
    const ignored = Object.entries(values.extraArgs).filter(([k]) => k.startsWith("balancing-ignore-label_")).map(([, v]) => v);
    expect(ignored).toEqual(expect.arrayContaining(["eks.amazonaws.com/nodegroup", "topology.ebs.csi.aws.com/zone"]));
  });

  test("no namespaces by default: Domino's installer creates them", () => {
    expect(json.resource.kubernetes_namespace_v1).toBeUndefined();
  });

  test("resource count of the default deployment", () => {
    const count = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(count).toBe(3);
  });

  test("domino_config's certificate: issued with route53 or external validation; route53 lists no records", () => {
    const zoned = dominoConfigOutput(synthK8s("dns: {hostedZoneId: Z0123456789ABCDEFGHIJ}\n").json).certificate;
    expect(zoned).toEqual({ arn: "arn:aws:acm:us-west-2:111122223333:certificate/abcd", validation: "route53", status: "issued", validationRecords: null, nextStep: null });
    const external = dominoConfigOutput(synthK8s("dns: {certificateValidation: external}\n").json).certificate;
    expect(external).toMatchObject({ validation: "external", status: "issued", nextStep: null });
    expect(external.validationRecords).toHaveLength(1);
  });

  test("domino_config holds every value the installer needs", () => {
    expect(dominoConfigOutput(json)).toEqual({
      schemaVersion: 1,
      name: "domino",
      region: "us-west-2",
      fqdn: "domino.example.com",
      certificateArn: "arn:aws:acm:us-west-2:111122223333:certificate/abcd",
      certificate: {
        arn: "arn:aws:acm:us-west-2:111122223333:certificate/abcd",
        validation: "pending",
        status: "pending-validation",
        validationRecords: [{ domain_name: "domino.example.com", resource_record_name: "_x.domino.example.com.", resource_record_type: "CNAME", resource_record_value: "_y.acm-validations.aws." }],
        nextStep: "create the validationRecords (CNAME records) in the DNS of the fqdn, then set dns.certificateValidation: external, synth and apply the infra stage: it waits until ACM has issued the certificate",
      },
      clusterName: "domino",
      kubernetesVersion: "1.35",
      kmsKeyArn: KMS_ARN,
      buckets: { blobs: "domino-blobs", logs: "domino-logs", backups: "domino-backups", registry: "domino-registry" },
      internalRegistryBucket: "domino-registry",
      monitoringBucket: { name: "domino-monitoring", arn: "arn:aws:s3:::domino-monitoring", loadBalancerAccessLogPrefix: "elb" },
      ecr: {
        registryUrl: "111122223333.dkr.ecr.us-west-2.amazonaws.com",
        repositoryPrefix: "domino",
        repositories: ["domino/environment", "domino/model"],
      },
      efs: { fileSystemId: "fs-0123456789abcdef0", accessPointId: "fsap-0123456789abcdef0" },
      storageClass: {
        name: "dominodisk-gp3",
        provisioner: "ebs.csi.aws.com",
        type: "gp3",
        encrypted: true,
        kmsKeyArn: KMS_ARN,
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        defaultClass: false,
      },
      nodePoolLabel: "dominodatalab.com/node-pool",
      nodePools: {
        platform: { labels: { "dominodatalab.com/node-pool": "platform", "dominodatalab.com/calico-controlplane": "true", "dominodatalab.com/domino-node": "true" }, gpu: false },
        default: { labels: { "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true" }, gpu: false },
        "default-gpu": { labels: { "dominodatalab.com/node-pool": "default-gpu", "nvidia.com/gpu": "true", "dominodatalab.com/domino-node": "true" }, gpu: true },
      },
      nodeGroups: fakeNodes().nodeGroupNames,
      namespaces: { platform: "domino-platform", compute: "domino-compute", system: "domino-system", createdByTerraform: false },
      autoscaler: {
        enabled: true,
        pools: ["platform", "default", "default-gpu"],
        clusterName: "domino",
        region: "us-west-2",
        chartVersion: "9.54.0",
        imageTag: "v1.35.0",
        namespace: "kube-system",
        serviceAccount: "cluster-autoscaler",
        iam: "irsa",
        roleArn: AUTOSCALER_ROLE,
        autoDiscoveryTags: ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/domino"],
      },
      karpenter: {
        enabled: false, pools: [], chartVersion: null, namespace: "karpenter", serviceAccount: "karpenter", clusterName: "domino",
        controllerRoleName: null, controllerRoleArn: null, nodeRoleName: null, nodeRoleArn: null, interruptionQueueName: null,
      },
      calico: { chartVersion: "v3.31.4", namespace: "tigera-operator" },
      loadBalancerController: {
        enabled: true,
        namespace: "domino-platform",
        serviceAccount: "domino-load-balancer-controller",
        roleArn: "arn:aws:iam::111122223333:role/domino-load-balancer-controller",
        clusterName: "domino",
        region: "us-west-2",
        vpcId: "vpc-0123456789abcdef0",
        chart: { enabled: false, version: null },
      },
      externalDns: {
        enabled: false,
        namespace: "domino-platform",
        serviceAccount: "external-dns",
        roleArn: null,
        hostedZoneIds: [],
        domainFilters: ["domino.example.com"],
        txtOwnerId: "domino",
        chart: { enabled: false, version: null, policy: null },
      },
      serviceAccountRoles: [],
    });
  });

  test("passes the kubernetes and helm provider schemas", () => {
    expect(schemaProblems(json, [KUBERNETES_SCHEMA, HELM_SCHEMA])).toEqual([]);
  });
});

describe("k8s stack options", () => {
  test("gp2, a custom class name and the default-class annotation", () => {
    const { json } = synthK8s("storage:\n  blockStorage:\n    type: gp2\n    storageClassName: domino-ebs\n    defaultClass: true\n");
    const [sc] = bodies(json, "kubernetes_storage_class_v1");
    expect(sc.metadata).toEqual({ name: "domino-ebs", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } });
    expect(sc.parameters).toEqual({ type: "gp2", encrypted: "true", kmsKeyId: KMS_ARN });
    expect(dominoConfigOutput(json).storageClass).toMatchObject({ name: "domino-ebs", type: "gp2", defaultClass: true });
  });

  test("chart versions come from the config", () => {
    const { json } = synthK8s("calico:\n  chartVersion: v3.30.2\nautoscaler:\n  chartVersion: 9.50.1\n  imageTag: v1.35.1\n");
    expect(helmRelease(json, "tigera-operator")!.version).toBe("v3.30.2");
    expect(helmRelease(json, "cluster-autoscaler")!.version).toBe("9.50.1");
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({ tag: "v1.35.1" });
  });

  test("the image tag follows the Kubernetes version", () => {
    const { json } = synthK8s("kubernetesVersion: \"1.32\"\n");
    expect(helmValues(json, "cluster-autoscaler").image).toEqual({ tag: AUTOSCALER_IMAGE_TAGS["1.32"] });
    expect(AUTOSCALER_IMAGE_TAGS["1.32"]).toMatch(/^v1\.32\.\d+$/);
  });

  test("every known Kubernetes version maps to an autoscaler release of the same minor version", () => {
    for (const [k8s, tag] of Object.entries(AUTOSCALER_IMAGE_TAGS)) expect(tag).toMatch(new RegExp(`^v${k8s.replace(".", "\\.")}\\.\\d+$`));
    expect(Object.keys(AUTOSCALER_IMAGE_TAGS)).toEqual(["1.32", "1.33", "1.34", "1.35", "1.36"]);
  });

  test("an unknown Kubernetes version is a config error unless autoscaler.imageTag is given", () => {
    const newer = "allowUnlisted: {kubernetesVersion: true}\nkubernetesVersion: \"1.37\"\n";
    expect(problemsOf(newer)).toEqual([expect.stringMatching(/^autoscaler\.imageTag: is required: no known cluster-autoscaler release for Kubernetes 1\.37/)]);
    expect(problemsOf(`${newer}autoscaler:\n  imageTag: v1.37.0\n`)).toEqual([]);
    expect(problemsOf(`${newer}autoscaler:\n  enabled: false\n`)).toEqual([]);
    expect(problemsOf("autoscaler:\n  imageTag: latest\n")).toEqual([expect.stringMatching(/^autoscaler\.imageTag: must be a cluster-autoscaler image tag/)]);
  });

  test("node-role IAM: no role annotation on the service account", () => {
    const { json } = synthK8s("autoscaler:\n  iam: node-role\n");
    expect(helmValues(json, "cluster-autoscaler").rbac.serviceAccount).toEqual({ create: true, name: "cluster-autoscaler", annotations: {} });
    expect(dominoConfigOutput(json).autoscaler).toMatchObject({ iam: "node-role", roleArn: null, enabled: true });
  });

  test("irsa without the cluster stage's role is an error that names it", () => {
    const { "cluster-autoscaler": _omit, ...others } = fakeCluster().irsaRoleArns;
    expect(() => new K8sStack(Testing.app() as App, { plan: planOf(), infra: fakeInfra(), cluster: fakeCluster({ irsaRoleArns: others }), nodes: fakeNodes(), addons: builtInAddons() })).toThrow(
      /no "cluster-autoscaler" IRSA role/,
    );
  });

  test("autoscaler off: no release, and domino_config says so", () => {
    const { json } = synthK8s("autoscaler:\n  enabled: false\n");
    expect(helmRelease(json, "cluster-autoscaler")).toBeUndefined();
    expect(helmRelease(json, "tigera-operator")).toBeDefined();
    expect(dominoConfigOutput(json).autoscaler).toMatchObject({ enabled: false, imageTag: null, roleArn: null });
  });

  test("namespaces.create makes Domino's three namespaces under their configured names", () => {
    const { json } = synthK8s("namespaces:\n  create: true\n  platform: dp\n  compute: dc\n  system: ds\n");
    const namespaces = bodies(json, "kubernetes_namespace_v1");
    expect(namespaces.map((n) => n.metadata.name).sort()).toEqual(["dc", "dp", "ds"]);
    for (const n of namespaces) expect(n.lifecycle.ignore_changes).toEqual(["metadata[0].labels", "metadata[0].annotations"]);
    expect(dominoConfigOutput(json).namespaces).toEqual({ platform: "dp", compute: "dc", system: "ds", createdByTerraform: true });
    expect(schemaProblems({ ...json, resource: { kubernetes_namespace_v1: json.resource.kubernetes_namespace_v1 } }, [KUBERNETES_SCHEMA])).toEqual([]);
  });

  test("ECR off: domino_config has no registry URL", () => {
    const { json } = synthK8s("storage:\n  ecr:\n    enabled: false\n", fakeInfra({ ecrRegistryUrl: undefined }));
    expect(dominoConfigOutput(json).ecr).toBeNull();
  });

  test("another deployment's names and region flow into providers and values", () => {
    const { json } = synthK8s(
      "deployId: acme\nregion: eu-central-1\navailabilityZones: [euc1-az1, euc1-az2, euc1-az3]\nfqdn: domino.acme.io\n",
      fakeInfra(),
      fakeCluster({ clusterName: "acme" }),
    );
    expect(json.provider.kubernetes[0].exec[0].args).toEqual(["eks", "get-token", "--cluster-name", "acme", "--region", "eu-central-1", "--output", "json"]);
    const values = helmValues(json, "cluster-autoscaler");
    expect(values.awsRegion).toBe("eu-central-1");
    expect(values.autoDiscovery.tags).toEqual(["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/acme"]);
    expect(dominoConfigOutput(json)).toMatchObject({ name: "acme", region: "eu-central-1", fqdn: "domino.acme.io", clusterName: "acme" });
  });
});
