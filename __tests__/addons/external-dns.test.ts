/** The external-dns add-on: its IRSA role (cluster stage), its optional chart (k8s stage), domino_config and its rules. */
import { EXTERNAL_DNS_CHART, EXTERNAL_DNS_IMAGE } from "../../constructs/addons/external-dns/defaults";
import { problemsOf } from "../helpers/config";
import { synthCluster } from "../helpers/fake-upstream";
import { bodies, type Json, policyDocument } from "../helpers/json";
import { HELM_SCHEMA, KUBERNETES_SCHEMA, schemaProblems } from "../helpers/schema";
import { dominoConfigOutput, fakeCluster, fakeInfra, helmRelease, helmValues, synthK8s } from "../k8s/fakes";

const PARTITION = "${data.aws_partition.partition_current_E0F94D77.partition}";
const ZONE = "Z0123456789ABCDEFGHIJ";
const ROLE = "arn:aws:iam::111122223333:role/domino-external-dns";
const withRole = () => fakeCluster({ irsaRoleArns: { ...fakeCluster().irsaRoleArns, "external-dns": ROLE } });

const role = (json: Json, name: string) => bodies(json, "aws_iam_role").find((r: Json) => r.name === name);
const trust = (json: Json, name: string) => policyDocument(json, role(json, name).assume_role_policy).statement[0];
const dnsPolicy = (json: Json) => {
  const inline = bodies(json, "aws_iam_role_policy").find((p: Json) => p.name === "external-dns");
  return inline && policyDocument(json, inline.policy);
};

describe("external-dns add-on, cluster stage", () => {
  test("off by default, as in Domino's reference: no role, no policy, no irsa_role_arns entry", () => {
    const json = synthCluster();
    expect(role(json, "domino-external-dns")).toBeUndefined();
    expect(dnsPolicy(json)).toBeUndefined();
    expect(json.output.irsa_role_arns.value).not.toHaveProperty("external-dns");
  });

  describe("enabled with dns.hostedZoneId", () => {
    const json = synthCluster(`dns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n`);

    test("Domino's role name, trusted by domino-platform/external-dns only, through the cluster's OIDC provider", () => {
      const statement = trust(json, "domino-external-dns");
      expect(statement.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
      expect(statement.principals).toEqual([{ type: "Federated", identifiers: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\..*\.arn\}$/)] }]);
      const sub = statement.condition.find((c: Json) => c.variable.endsWith(":sub"));
      const aud = statement.condition.find((c: Json) => c.variable.endsWith(":aud"));
      expect(sub).toMatchObject({ test: "StringEquals", values: ["system:serviceaccount:domino-platform:external-dns"] });
      expect(aud).toMatchObject({ test: "StringEquals", values: ["sts.amazonaws.com"] });
      expect(json.output.irsa_role_arns.value["external-dns"]).toMatch(/^\$\{aws_iam_role\..*\.arn\}$/);
    });

    test("records change only in the configured zone (partition-aware ARN); only ListHostedZones on *", () => {
      const zone = `arn:${PARTITION}:route53:::hostedzone/${ZONE}`;
      expect(dnsPolicy(json).statement).toEqual([
        { sid: "ChangeRecordsInZones", effect: "Allow", actions: ["route53:ChangeResourceRecordSets"], resources: [zone] },
        { sid: "ReadZones", effect: "Allow", actions: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"], resources: [zone] },
        { sid: "ListZones", effect: "Allow", actions: ["route53:ListHostedZones"], resources: ["*"] },
      ]);
    });
  });

  test("hostedZoneIds win over dns.hostedZoneId; namespace, service account and role name are configurable", () => {
    const json = synthCluster(
      `dns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n  hostedZoneIds: [Z111111111111, Z222222222222]\n  namespace: kube-system\n  serviceAccount: dns-writer\n  roleName: acme-dns\n`,
    );
    expect(trust(json, "acme-dns").condition.find((c: Json) => c.variable.endsWith(":sub")).values).toEqual(["system:serviceaccount:kube-system:dns-writer"]);
    const zones = [`arn:${PARTITION}:route53:::hostedzone/Z111111111111`, `arn:${PARTITION}:route53:::hostedzone/Z222222222222`];
    const [change, read] = dnsPolicy(json).statement;
    expect(change.resources).toEqual(zones);
    expect(read.resources).toEqual(zones);
    expect(role(json, "domino-external-dns")).toBeUndefined();
  });
});

describe("external-dns add-on, k8s stage", () => {
  test("no chart by default, even when enabled; domino_config holds the role for Domino's installer", () => {
    const { json } = synthK8s(`dns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n`, undefined, withRole());
    expect(helmRelease(json, "external-dns")).toBeUndefined();
    expect(dominoConfigOutput(json).externalDns).toEqual({
      enabled: true,
      namespace: "domino-platform",
      serviceAccount: "external-dns",
      roleArn: ROLE,
      hostedZoneIds: [ZONE],
      domainFilters: ["domino.example.com"],
      txtOwnerId: "domino",
      chart: { enabled: false, version: null, policy: null },
    });
  });

  describe("with the chart", () => {
    const yaml = `fqdn: domino.acme.com\ndns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n  chart:\n    enabled: true\n`;
    const { json } = synthK8s(yaml, undefined, withRole());

    test("pinned kubernetes-sigs chart in the platform namespace", () => {
      expect(helmRelease(json, "external-dns")).toMatchObject({
        name: "external-dns",
        repository: "https://kubernetes-sigs.github.io/external-dns/",
        chart: "external-dns",
        version: "1.21.1",
        namespace: "domino-platform",
        create_namespace: true,
        cleanup_on_fail: true,
      });
      expect(EXTERNAL_DNS_CHART.version).toBe("1.21.1");
      expect(EXTERNAL_DNS_IMAGE).toEqual({ registry: "registry.k8s.io", repository: "external-dns/external-dns", tag: "v0.21.0" });
    });

    test("values: aws, fqdn's records in the zone only, upsert-only, deployId as owner, the role, the platform pool", () => {
      expect(helmValues(json, "external-dns")).toEqual({
        provider: { name: "aws" },
        env: [{ name: "AWS_DEFAULT_REGION", value: "us-west-2" }],
        serviceAccount: { create: true, name: "external-dns", annotations: { "eks.amazonaws.com/role-arn": ROLE } },
        policy: "upsert-only",
        registry: "txt",
        txtOwnerId: "domino",
        domainFilters: ["domino.acme.com"],
        extraArgs: { "zone-id-filter": [ZONE], "aws-zone-match-parent": true },
        nodeSelector: { "dominodatalab.com/node-pool": "platform" },
      });
    });

    test("domino_config tells the installer the stage deploys it", () => {
      expect(dominoConfigOutput(json).externalDns.chart).toEqual({ enabled: true, version: "1.21.1", policy: "upsert-only" });
    });

    test("passes the kubernetes and helm provider schemas", () => {
      expect(schemaProblems(json, [KUBERNETES_SCHEMA, HELM_SCHEMA])).toEqual([]);
    });
  });

  test("version, policy, service account from the config; chart and image from the mirrors; waits for created namespaces", () => {
    const yaml = [
      "externalDns:", "  enabled: true", "  hostedZoneIds: [Z111111111111]", "  serviceAccount: dns-writer",
      "  chart:", "    enabled: true", "    version: 1.20.0", "    policy: sync",
      "registries:", "  charts:", "    external-dns:", "      repository: oci://mirror.example.com/charts",
      "  imageRegistry: mirror.example.com/library", "namespaces:", "  create: true", "",
    ].join("\n");
    const { json } = synthK8s(yaml, undefined, withRole());
    const release = helmRelease(json, "external-dns")!;
    expect(release).toMatchObject({ version: "1.20.0", repository: "oci://mirror.example.com/charts", create_namespace: false });
    expect(release.depends_on.every((d: string) => d.startsWith("kubernetes_namespace_v1."))).toBe(true);
    const values = helmValues(json, "external-dns");
    expect(values.image).toEqual({ repository: "mirror.example.com/library/external-dns/external-dns" });
    expect(values.policy).toBe("sync");
    expect(values.serviceAccount.name).toBe("dns-writer");
    expect(values.extraArgs["zone-id-filter"]).toEqual(["Z111111111111"]);
  });

  test("through the ECR pull-through cache of registry.k8s.io", () => {
    const ecr = "111122223333.dkr.ecr.us-west-2.amazonaws.com";
    const yaml = `externalDns:\n  enabled: true\n  hostedZoneIds: [Z111111111111]\n  chart:\n    enabled: true\nregistries:\n  pullThroughCache:\n    enabled: true\n`;
    const { json } = synthK8s(yaml, fakeInfra({ pullThroughCacheRegistry: ecr }), withRole());
    expect(helmValues(json, "external-dns").image).toEqual({ repository: `${ecr}/registry-k8s-io/external-dns/external-dns` });
  });

  test("a missing role in the cluster stage's outputs is an error naming the add-on", () => {
    expect(() => synthK8s(`externalDns:\n  enabled: true\n  hostedZoneIds: [${ZONE}]\n`)).toThrow("add-on external-dns, installerValues hook: the cluster stage has no external-dns IRSA role");
  });
});

describe("external-dns rules", () => {
  test("enabled with no zone at all is refused by name", () => {
    expect(problemsOf("externalDns:\n  enabled: true\n")).toEqual([
      "externalDns.hostedZoneIds: is required with externalDns.enabled: list the Route53 hosted zone ids external-dns may change records in, or set dns.hostedZoneId",
    ]);
    expect(problemsOf(`dns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n  hostedZoneIds: []\n`)).toEqual([
      "externalDns.hostedZoneIds: must list at least one Route53 hosted zone id with externalDns.enabled (the role may change records only in these zones)",
    ]);
    expect(problemsOf(`dns:\n  hostedZoneId: ${ZONE}\nexternalDns:\n  enabled: true\n`)).toEqual([]);
  });

  test("zone ids: the dns.hostedZoneId pattern, listed once", () => {
    expect(problemsOf("externalDns:\n  hostedZoneIds: [z123, Z111111111111]\n")).toEqual([
      "externalDns.hostedZoneIds[0]: must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ",
    ]);
    expect(problemsOf("dns:\n  hostedZoneId: z123\n")).toEqual(["dns.hostedZoneId: must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ"]);
    expect(problemsOf("externalDns:\n  enabled: true\n  hostedZoneIds: [Z111111111111, Z222222222222, Z111111111111]\n")).toEqual([
      "externalDns.hostedZoneIds[2]: Z111111111111 is listed twice",
    ]);
  });

  test("the chart without the role, bad names and an unknown policy are refused by name", () => {
    expect(problemsOf("externalDns:\n  chart:\n    enabled: true\n")).toEqual([
      "externalDns.chart.enabled: needs externalDns.enabled: true (the chart's service account uses external-dns's IRSA role, which enabled: false leaves out)",
    ]);
    expect(problemsOf("externalDns:\n  namespace: Domino_Platform\n")).toEqual([
      "externalDns.namespace: must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    ]);
    expect(problemsOf("externalDns:\n  serviceAccount: External_DNS\n")[0]).toMatch(/^externalDns\.serviceAccount: must be a Kubernetes service account name/);
    expect(problemsOf(`externalDns:\n  roleName: ${"r".repeat(65)}\n`)[0]).toMatch(/^externalDns\.roleName: must be an IAM role name/);
    expect(problemsOf("externalDns:\n  chart:\n    policy: delete-all\n")).toEqual(["externalDns.chart.policy: must be one of upsert-only, sync, create-only"]);
    expect(problemsOf("externalDns:\n  chart:\n    version: latest\n")).toEqual(["externalDns.chart.version: must be a chart version such as 1.21.1"]);
    expect(problemsOf("registries:\n  charts:\n    external-dns:\n      repository: https://charts.example.com\n")).toEqual([]);
  });
});
