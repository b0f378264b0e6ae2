/**
 * The add-on contract beyond the built-ins: Pod Identity roles, node-group labels and taints reaching the autoscaler's
 * tags, clear errors when add-ons clash, the k8s stage's namespaces, and a VPC provider's pod subnets.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ConfigError, DominoDeployment, ExistingVpcProvider, formatProblem, type DominoAddon } from "domino-eks-cdktf";
import { problemsOf } from "../helpers/config";
import { bodies, type Json, policyDocument } from "../helpers/json";
import { AWS_SCHEMA, schemaProblems } from "../helpers/schema";

const stackJson = (d: DominoDeployment, stage: "infra" | "cluster" | "nodes" | "k8s"): Json => JSON.parse(Testing.synth(d[stage]));

describe("Pod Identity roles", () => {
  const addon: DominoAddon = {
    name: "team-reader",
    cluster: (ctx) => ({
      roleArns: {
        "team-reader": ctx.podIdentityRole("team-reader", {
          namespace: "team",
          serviceAccount: "reader",
          managedPolicyArns: [ctx.partition.awsManagedPolicyArn("AmazonS3ReadOnlyAccess")],
        }),
      },
    }),
  };
  const cluster = stackJson(new DominoDeployment(new App(), {}, { addons: [addon] }), "cluster");

  test("the role trusts pods.eks for this cluster, namespace and service account only", () => {
    const role = bodies(cluster, "aws_iam_role").find((r) => r.name === "domino-team-reader");
    const statement = policyDocument(cluster, role.assume_role_policy).statement[0];
    expect(statement.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(statement.condition).toEqual([
      { test: "ArnEquals", variable: "aws:RequestTag/eks-cluster-arn", values: ["${aws_eks_cluster.control-plane_cluster_47C848BD.arn}"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["team"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["reader"] },
    ]);
  });

  test("the association binds it to the service account, on the cluster", () => {
    expect(bodies(cluster, "aws_eks_pod_identity_association")).toEqual([
      expect.objectContaining({
        cluster_name: "${aws_eks_cluster.control-plane_cluster_47C848BD.name}",
        namespace: "team",
        service_account: "reader",
        role_arn: expect.stringMatching(/^\$\{aws_iam_role\.irsa_team-reader_role_[0-9A-F]+\.arn\}$/),
      }),
    ]);
    expect(Object.keys(cluster.output.irsa_role_arns.value)).toContain("team-reader");
    expect(schemaProblems(cluster, [AWS_SCHEMA])).toEqual([]);
  });
});

describe("node groups", () => {
  const dedicated: DominoAddon = {
    name: "dedicated",
    nodeGroup: ({ group }) => (group.pool.name === "default" ? { labels: { team: "ml" }, taints: [{ key: "dedicated", value: "ml", effect: "NoSchedule" }] } : {}),
  };

  test("an add-on's labels and taints reach the group and the autoscaler's node-template tags", () => {
    const nodes = stackJson(new DominoDeployment(new App(), {}, { addons: [dedicated] }), "nodes");
    const group = bodies(nodes, "aws_eks_node_group").find((g) => g.node_group_name === "domino-default-usw2-az1");
    expect(group.labels).toMatchObject({ "dominodatalab.com/node-pool": "default", team: "ml" });
    expect(group.taint).toEqual([{ key: "dedicated", value: "ml", effect: "NO_SCHEDULE" }]);
    const tags = bodies(nodes, "aws_autoscaling_group_tag").map((t) => t.for_each);
    const defaultTags = tags.find((t) => t["k8s.io/cluster-autoscaler/node-template/label/dominodatalab.com/node-pool"] === "default");
    expect(defaultTags).toMatchObject({
      "k8s.io/cluster-autoscaler/node-template/label/team": "ml",
      "k8s.io/cluster-autoscaler/node-template/taint/dedicated": "ml:NoSchedule",
    });
  });

  test("a label the pool sets already is an error naming the add-on", () => {
    const hijack: DominoAddon = { name: "hijack", nodeGroup: () => ({ labels: { "dominodatalab.com/node-pool": "other" } }) };
    expect(() => new DominoDeployment(new App(), {}, { addons: [hijack] })).toThrow(
      'add-on hijack sets the label of node group domino-platform "dominodatalab.com/node-pool", which the pool or another add-on sets already',
    );
  });
});

describe("clashes between add-ons are errors that name the add-on", () => {
  test("a service-account role id a built-in uses", () => {
    const clash: DominoAddon = { name: "clash", cluster: (ctx) => ({ roleArns: { x: ctx.serviceAccountRole("ebs-csi", { namespace: "a", serviceAccount: "b" }) } }) };
    expect(() => new DominoDeployment(new App(), {}, { addons: [clash] })).toThrow(
      'add-on clash, cluster hook: the id "ebs-csi" is taken in the cluster stage\'s irsa scope; choose another',
    );
  });

  test("an EKS add-on a built-in installs, and a role purpose a built-in publishes", () => {
    const twice: DominoAddon = { name: "twice", cluster: () => ({ eksAddons: [{ name: "vpc-cni" }] }) };
    expect(() => new DominoDeployment(new App(), {}, { addons: [twice] })).toThrow("add-on twice installs the EKS add-on vpc-cni, which another add-on installs already");
    const purpose: DominoAddon = { name: "purpose", cluster: () => ({ roleArns: { "ebs-csi": "arn:x" } }) };
    expect(() => new DominoDeployment(new App(), {}, { addons: [purpose] })).toThrow('add-on purpose contributes the role "ebs-csi", which another add-on contributes already');
  });

  test("an installer-values key of the document, and an add-on name that is not a name", () => {
    const values: DominoAddon = { name: "values", installerValues: () => ({ fqdn: "x" }) };
    expect(() => new DominoDeployment(new App(), {}, { addons: [values] })).toThrow(`add-on values's installer values set "fqdn", which domino_config holds already`);
    expect(() => new DominoDeployment(new App(), {}, { addons: [{ name: "My Addon" }] })).toThrow('add-on name "My Addon" must be lowercase words joined by hyphens');
  });
});

describe("the k8s stage", () => {
  test("an add-on's release can depend on the namespaces the stage creates", () => {
    const inNamespace: DominoAddon = {
      name: "in-namespace",
      k8s: (ctx) => {
        new Release(ctx.scope, "team-chart", { name: "team-chart", chart: "oci://registry.example.com/charts/team", namespace: "domino-compute", dependsOn: [...ctx.namespaces] });
      },
    };
    const k8s = stackJson(new DominoDeployment(new App(), { namespaces: { create: true } }, { addons: [inNamespace] }), "k8s");
    const release = bodies(k8s, "helm_release").find((r) => r.name === "team-chart");
    expect(release.depends_on).toEqual([
      "kubernetes_namespace_v1.namespaces_platform_2F60B6C7",
      "kubernetes_namespace_v1.namespaces_compute_31B8ECC1",
      "kubernetes_namespace_v1.namespaces_system_F89C036B",
    ]);
  });
});

describe("a VPC provider's pod subnets", () => {
  test("turn on the VPC CNI's custom networking like existingVpc.podSubnetIds", () => {
    const vpc = new ExistingVpcProvider({
      vpcId: "vpc-0123456789abcdef0",
      privateSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"],
      podSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"],
    });
    const cluster = stackJson(new DominoDeployment(new App(), {}, { vpc }), "cluster");
    const cni = bodies(cluster, "aws_eks_addon").find((a) => a.addon_name === "vpc-cni");
    expect(JSON.parse(cni.configuration_values).env).toEqual({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" });
  });
});

describe("DominoDeployment validates like the config file", () => {
  const INVALID = path.resolve(__dirname, "../../examples/invalid");

  /** The invalid examples that are one deployment in valid YAML: those can be written as props. */
  const asProps = fs.readdirSync(INVALID).filter((f) => f.endsWith(".yaml")).sort().flatMap((file) => {
    const text = fs.readFileSync(path.join(INVALID, file), "utf8");
    try {
      const props: unknown = parse(text, { uniqueKeys: true });
      return typeof props === "object" && props !== null && !("deployments" in props) ? [{ file, text, props: props as object }] : [];
    } catch {
      return [];
    }
  });

  test("all but the YAML-level and several-deployment examples can be written as props", () => {
    expect(asProps.length).toBeGreaterThanOrEqual(15);
  });

  test.each(asProps)("$file: the same problems as props", ({ text, props }) => {
    let problems: string[] = [];
    try {
      new DominoDeployment(new App(), props as object);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems.map(formatProblem);
    }
    expect(problems).toEqual(problemsOf(text));
    expect(problems.length).toBeGreaterThan(0);
  });

  test("a second deployment in the app is checked against the first: deploy id and FQDN", () => {
    const app = new App();
    new DominoDeployment(app, { deployId: "acme", fqdn: "domino.acme.example.com" });
    expect(() => new DominoDeployment(app, { deployId: "acme", fqdn: "ml.acme.example.com" })).toThrow(
      /deployId: "acme" is already used by DominoDeployment "acme" of this app; deployIds must be unique/,
    );
    expect(() => new DominoDeployment(app, { deployId: "beta", fqdn: "x.domino.acme.example.com" })).toThrow(
      /fqdn: x\.domino\.acme\.example\.com is a subdomain of domino\.acme\.example\.com \(DominoDeployment "acme" of this app\)/,
    );
    expect(() => new DominoDeployment(app, { deployId: "beta", fqdn: "ml.acme.example.com" })).not.toThrow();
  });

  test("props that are not an object are a ConfigError, not a TypeError", () => {
    expect(() => new DominoDeployment(new App(), null as unknown as object)).toThrow(ConfigError);
  });
});
