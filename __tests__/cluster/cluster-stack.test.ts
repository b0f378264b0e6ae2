import { Fn, Testing, Token } from "cdktf";
import { ClusterStack } from "../../constructs/cluster/cluster-stack";
import { builtInAddons } from "../../constructs/addons";
import { AUTOSCALER_EXTRA_READ_ACTIONS, SPEC_AUTOSCALER_ACTIONS } from "../../constructs/addons/cluster-autoscaler/defaults";
import { EBS_CSI_SERVICE_ACCOUNT } from "../../constructs/addons/ebs-csi-driver/defaults";
import { planOf, problemsOf } from "../helpers/config";
import { fakeInfra, synthCluster } from "../helpers/fake-upstream";
import { bodies, type Json, openIngress, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";

const CLUSTER = "aws_eks_cluster.control-plane_cluster_47C848BD";
const PARTITION = "${data.aws_partition.partition_current_E0F94D77.partition}";
const KEY = "arn:aws-test:kms:us-west-2:111122223333:key/deploy-key";

const eksCluster = (json: Json) => resources(json, "aws_eks_cluster")["control-plane_cluster_47C848BD"];
const issuerHost = `\${replace(${CLUSTER}.identity[0].oidc[0].issuer, "https://", "")}`;

/** role name -> trust policy document of every IAM role in the stack. */
function trustByRole(json: Json): Record<string, Json> {
  return Object.fromEntries(bodies(json, "aws_iam_role").map((r: Json) => [r.name, policyDocument(json, r.assume_role_policy)]));
}

/** role logical id reference `${aws_iam_role.X.name|id}` -> role name. */
function roleNameOf(json: Json, reference: string): string {
  const m = /^\$\{aws_iam_role\.([^.]+)\.(name|id)\}$/.exec(reference);
  if (!m) throw new Error(`not a role reference: ${reference}`);
  return resources(json, "aws_iam_role")[m[1]].name;
}

function attachedPolicies(json: Json, roleName: string): string[] {
  return bodies(json, "aws_iam_role_policy_attachment").filter((a: Json) => roleNameOf(json, a.role) === roleName).map((a: Json) => a.policy_arn);
}

function inlinePolicies(json: Json, roleName: string): Record<string, Json> {
  return Object.fromEntries(
    bodies(json, "aws_iam_role_policy").filter((p: Json) => roleNameOf(json, p.role) === roleName).map((p: Json) => [p.name, policyDocument(json, p.policy)]),
  );
}

describe("cluster stack, default deployment", () => {
  const json = synthCluster();

  test("the EKS cluster keeps its Terraform address and cannot be destroyed by accident", () => {
    expect(Object.keys(resources(json, "aws_eks_cluster"))).toEqual(["control-plane_cluster_47C848BD"]);
    expect(eksCluster(json).lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ["access_config[0].bootstrap_cluster_creator_admin_permissions", "bootstrap_self_managed_addons"],
    });
    expect(eksCluster(json)).toMatchObject({ name: "domino", version: "1.35" });
  });

  test("private API endpoint only, in the private subnets, behind the cluster security group", () => {
    const vpc = eksCluster(json).vpc_config;
    expect(vpc.endpoint_private_access).toBe(true);
    expect(vpc.endpoint_public_access).toBe(false);
    expect(vpc).not.toHaveProperty("public_access_cidrs");
    expect(vpc.subnet_ids).toEqual(["subnet-priv0", "subnet-priv1", "subnet-priv2"]);
    expect(vpc.security_group_ids).toEqual(["${aws_security_group.security-groups_cluster_642A6C2E.id}"]);
  });

  test("Secrets are envelope-encrypted with the deployment key; every control-plane log type is on", () => {
    expect(eksCluster(json).encryption_config).toEqual({ provider: { key_arn: KEY }, resources: ["secrets"] });
    expect(eksCluster(json).enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
  });

  test("the log group exists before the cluster, encrypted and with the retention", () => {
    const [logGroup] = bodies(json, "aws_cloudwatch_log_group");
    expect(logGroup).toMatchObject({ name: "/aws/eks/domino/cluster", retention_in_days: 365, kms_key_id: KEY });
    expect(eksCluster(json).depends_on).toContain("aws_cloudwatch_log_group.control-plane_logs_328170EE");
  });

  test("access entries: the creator is admin, authentication by API", () => {
    expect(eksCluster(json).access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true });
    expect(bodies(json, "aws_eks_access_entry")).toEqual([]);
  });

  test("the cluster role trusts EKS for this account's cluster only, and has the cluster policy and use of the deployment key", () => {
    const trust = trustByRole(json)["domino-eks-cluster"];
    const account = "${data.aws_caller_identity.account.account_id}";
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
          { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${PARTITION}:eks:us-west-2:${account}:cluster/domino`] },
        ],
      },
    ]);
    expect(attachedPolicies(json, "domino-eks-cluster")).toEqual([`arn:${PARTITION}:iam::aws:policy/AmazonEKSClusterPolicy`]);
    expect(inlinePolicies(json, "domino-eks-cluster")["secrets-encryption"].statement[0].resources).toEqual([KEY]);
  });

  test("an OIDC provider for IRSA on the cluster's issuer, without a pinned thumbprint", () => {
    const [oidc] = bodies(json, "aws_iam_openid_connect_provider");
    expect(oidc.url).toBe(`\${${CLUSTER}.identity[0].oidc[0].issuer}`);
    expect(oidc.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(oidc).not.toHaveProperty("thumbprint_list");
  });

  test("every IRSA role trusts exactly its add-on's service accounts through the OIDC provider", () => {
    const trusts = trustByRole(json);
    const expected: Record<string, string[]> = {
      "domino-ebs-csi": [`system:serviceaccount:${EBS_CSI_SERVICE_ACCOUNT.namespace}:${EBS_CSI_SERVICE_ACCOUNT.name}`],
      // The EFS add-on annotates its node DaemonSet's service account with the same role.
      "domino-efs-csi": ["system:serviceaccount:kube-system:efs-csi-controller-sa", "system:serviceaccount:kube-system:efs-csi-node-sa"],
      "domino-cluster-autoscaler": ["system:serviceaccount:kube-system:cluster-autoscaler"],
    };
    expect(expected["domino-ebs-csi"]).toEqual(["system:serviceaccount:kube-system:ebs-csi-controller-sa"]);
    for (const [role, subjects] of Object.entries(expected)) {
      expect(trusts[role].statement).toEqual([
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.control-plane_oidc_AE928DDF.arn}"] }],
          condition: [
            { test: "StringEquals", variable: `${issuerHost}:sub`, values: subjects },
            { test: "StringEquals", variable: `${issuerHost}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ]);
    }
  });

  test("EBS CSI role: the managed driver policy plus grants and use of the deployment key only", () => {
    expect(attachedPolicies(json, "domino-ebs-csi")).toEqual([`arn:${PARTITION}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`]);
    const kms = inlinePolicies(json, "domino-ebs-csi")["deployment-key"].statement;
    expect(kms).toEqual([
      {
        sid: "GrantsForAttachedVolumes",
        effect: "Allow",
        actions: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
        resources: [KEY],
        condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
      },
      {
        sid: "EncryptVolumes",
        effect: "Allow",
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: [KEY],
      },
    ]);
  });

  test("EFS CSI role: the managed driver policy", () => {
    expect(attachedPolicies(json, "domino-efs-csi")).toEqual([`arn:${PARTITION}:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy`]);
    expect(inlinePolicies(json, "domino-efs-csi")).toEqual({});
  });

  test("autoscaler role: the spec's actions, resizing only this cluster's tagged groups", () => {
    const { statement } = inlinePolicies(json, "domino-cluster-autoscaler")["cluster-autoscaler"];
    expect(statement).toEqual([
      {
        sid: "Discover",
        effect: "Allow",
        actions: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeTags",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:DescribeInstanceTypes",
          "eks:DescribeNodegroup",
          "ec2:DescribeImages",
          "ec2:GetInstanceTypesFromInstanceRequirements",
        ],
        resources: ["*"],
      },
      {
        sid: "ScaleOwnGroups",
        effect: "Allow",
        actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        resources: ["*"],
        condition: [
          { test: "StringEquals", variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled", values: ["true"] },
          { test: "StringEquals", variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/domino", values: ["owned"] },
        ],
      },
    ]);
    const all = statement.flatMap((s: Json) => s.actions).sort();
    expect(all).toEqual([...SPEC_AUTOSCALER_ACTIONS, ...AUTOSCALER_EXTRA_READ_ACTIONS].sort());
    expect(inlinePolicies(json, "domino-eks-nodes")).toEqual({});
  });

  test("node role: EC2 trust, the AWS-managed node policies and each infra policy", () => {
    expect(trustByRole(json)["domino-eks-nodes"].statement[0].principals).toEqual([
      { type: "Service", identifiers: ["ec2.${data.aws_partition.partition_current_E0F94D77.dns_suffix}"] },
    ]);
    expect(attachedPolicies(json, "domino-eks-nodes").sort()).toEqual(
      [
        `arn:${PARTITION}:iam::aws:policy/AmazonEKSWorkerNodePolicy`,
        `arn:${PARTITION}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly`,
        `arn:${PARTITION}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
        "arn:aws-test:iam::111122223333:policy/d-s3",
        "arn:aws-test:iam::111122223333:policy/d-ecr",
      ].sort(),
    );
  });

  test("no managed-policy ARN or principal is written with a literal partition; eks.amazonaws.com is the same in every partition", () => {
    const text = JSON.stringify(json);
    expect(text).not.toMatch(/arn:aws:/);
    // EC2's principal follows the partition (ec2.amazonaws.com.cn in China); EKS's does not (AWS's China documentation).
    expect(text).not.toMatch(/"ec2\.amazonaws\.com"/);
    expect(text).toContain('"eks.amazonaws.com"');
  });

  test("security groups: only the needed ports, every source a security group, nothing from 0.0.0.0/0", () => {
    expect(openIngress(json)).toEqual([]);
    const cluster = "${aws_security_group.security-groups_cluster_642A6C2E.id}";
    const nodes = "${aws_security_group.security-groups_nodes_551A6577.id}";
    const ingress = bodies(json, "aws_vpc_security_group_ingress_rule");
    const rule = (r: Json) => [r.security_group_id, r.referenced_security_group_id, r.ip_protocol, r.from_port ?? null, r.to_port ?? null];
    expect(ingress.map(rule).sort()).toEqual(
      [
        [cluster, nodes, "tcp", 443, 443],
        ...[443, 4443, 5443, 6443, 8080, 8443, 9443, 10250, 15017, 53].map((p) => [nodes, cluster, "tcp", p, p]),
        [nodes, cluster, "udp", 53, 53],
        [nodes, nodes, "-1", null, null],
        ["sg-efs", nodes, "tcp", 2049, 2049],
      ].sort(),
    );
    for (const r of ingress) expect(r).not.toHaveProperty("cidr_ipv4");
    const egress = bodies(json, "aws_vpc_security_group_egress_rule");
    expect(egress.map((r: Json) => [r.security_group_id, r.cidr_ipv4 ?? r.referenced_security_group_id, r.ip_protocol]).sort()).toEqual(
      [
        [cluster, nodes, "-1"],
        [nodes, "0.0.0.0/0", "-1"],
      ].sort(),
    );
    for (const sg of bodies(json, "aws_security_group")) {
      expect(sg).not.toHaveProperty("ingress");
      expect(sg.vpc_id).toBe("vpc-0123");
    }
  });

  test("node ports from the control plane: Domino's webhook ports by construct id, and the config's extra ports", () => {
    const rules = json.resource.aws_vpc_security_group_ingress_rule as Record<string, Json>;
    const byId = (all: Record<string, Json>, id: string): Json => {
      const key = Object.keys(all).find((k) => k.startsWith(`${id}_`));
      expect(key).toBeDefined();
      return all[key as string];
    };
    const at = (id: string) => byId(rules, id);
    for (const port of [443, 4443, 5443, 6443, 8080, 8443, 9443, 10250, 15017, 53]) {
      const r = at(`security-groups_nodes-${port}-from-cluster`);
      expect([r.ip_protocol, r.from_port, r.to_port]).toEqual(["tcp", port, port]);
    }
    const udp = at("security-groups_nodes-53-udp-from-cluster");
    expect([udp.ip_protocol, udp.from_port, udp.to_port]).toEqual(["udp", 53, 53]);

    const extra = synthCluster("network: {extraNodePortsFromControlPlane: [{port: 8081}, {port: \"30000-30010\", protocol: udp, description: Team webhook}]}\n");
    const extraRules = extra.resource.aws_vpc_security_group_ingress_rule as Record<string, Json>;
    const one = byId(extraRules, "security-groups_nodes-extra-tcp-8081-from-cluster");
    expect([one.ip_protocol, one.from_port, one.to_port, one.referenced_security_group_id]).toEqual(["tcp", 8081, 8081, "${aws_security_group.security-groups_cluster_642A6C2E.id}"]);
    expect(one.description).toMatch(/extraNodePortsFromControlPlane/);
    const range = byId(extraRules, "security-groups_nodes-extra-udp-30000-30010-from-cluster");
    expect([range.ip_protocol, range.from_port, range.to_port, range.description]).toEqual(["udp", 30000, 30010, "Team webhook"]);
    expect(schemaProblems(extra)).toEqual([]);
  });

  test("extra node ports are refused by field: syntax, order, protocol, overlap with built-in or each other", () => {
    const at = "network.extraNodePortsFromControlPlane";
    const p = (entries: string) => problemsOf(`network: {extraNodePortsFromControlPlane: ${entries}}\n`);
    expect(p("[{port: 0}]")).toEqual([`${at}[0].port: must be a port number 1-65535 or a range such as "30000-32767"`]);
    expect(p("[{port: 70000}]")).toEqual([`${at}[0].port: must be a port number 1-65535 or a range such as "30000-32767"`]);
    expect(p("[{port: \"9000-8000\"}]")).toEqual([`${at}[0].port: starts at 9000, after its end 8000; write the lower port first`]);
    expect(p("[{port: \"80-70000\"}]")).toEqual([`${at}[0].port: must be a port number 1-65535 or a range such as "30000-32767"`]);
    expect(p("[{port: 8081, protocol: icmp}]")).toEqual([`${at}[0].protocol: must be tcp or udp`]);
    expect(p("[{port: 8080}]")).toEqual([`${at}[0].port: tcp 8080 includes tcp 8080, which the node security group opens already; list only ports the built-in rules do not cover`]);
    expect(p("[{port: \"50-60\", protocol: udp}]")).toEqual([`${at}[0].port: udp 50-60 includes udp 53, which the node security group opens already; list only ports the built-in rules do not cover`]);
    expect(p("[{port: 8080, protocol: udp}]")).toEqual([]);
    expect(p("[{port: \"9000-9100\"}, {port: 9050}]")).toEqual([`${at}[1].port: tcp 9050 overlaps extraNodePortsFromControlPlane[0]; list each port once`]);
  });

  test("the private API endpoint opens to VPN or peered networks only when listed", () => {
    const listed = synthCluster("network: {apiPrivateAccessCidrs: [172.16.0.0/12, 192.168.10.0/24]}\n");
    const byCidr = bodies(listed, "aws_vpc_security_group_ingress_rule").filter((r: Json) => r.cidr_ipv4);
    expect(byCidr.map((r: Json) => [r.security_group_id, r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([
      ["${aws_security_group.security-groups_cluster_642A6C2E.id}", "172.16.0.0/12", "tcp", 443, 443],
      ["${aws_security_group.security-groups_cluster_642A6C2E.id}", "192.168.10.0/24", "tcp", 443, 443],
    ]);
    expect(schemaProblems(listed)).toEqual([]);
    expect(problemsOf("network: {apiPrivateAccessCidrs: [0.0.0.0/0]}\n")).toEqual([
      "network.apiPrivateAccessCidrs: covers the whole internet, which is not a private network; list the VPN or peered networks that need the API, or use apiPublicAccessCidrs deliberately",
    ]);
  });

  test("add-ons that run without nodes, conflicts overwritten, versions looked up for the cluster's version", () => {
    const addons = bodies(json, "aws_eks_addon");
    expect(addons.map((a: Json) => a.addon_name).sort()).toEqual(["eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    for (const a of addons) {
      expect(a).toMatchObject({ cluster_name: `\${${CLUSTER}.name}`, resolve_conflicts_on_create: "OVERWRITE", resolve_conflicts_on_update: "OVERWRITE" });
      expect(a.addon_version).toMatch(new RegExp(`^\\$\\{data\\.aws_eks_addon_version\\.addons_${a.addon_name}-version_[0-9A-F]{8}\\.version\\}$`));
      expect(a).not.toHaveProperty("configuration_values");
    }
  });

  test("named outputs for the cluster's values, and the typed outputs hold tokens", () => {
    expect(Object.keys(json.output).sort()).toEqual(
      [
        "cluster_certificate_authority_data",
        "cluster_endpoint",
        "cluster_name",
        "cluster_security_group_id",
        "cluster_service_cidr",
        "cluster_version",
        "irsa_role_arns",
        "node_role_arn",
        "node_security_group_id",
        "oidc_issuer_url",
        "oidc_provider_arn",
        "service_account_role_arns",
      ].sort(),
    );
    expect(json.output.cluster_endpoint.value).toBe(`\${${CLUSTER}.endpoint}`);
    expect(json.output.cluster_certificate_authority_data.value).toBe(`\${${CLUSTER}.certificate_authority[0].data}`);
    // EKS chooses the service CIDR (no kubernetes_network_config is set); custom-AMI nodes read it from here.
    expect(json.output.cluster_service_cidr.value).toBe(`\${one(${CLUSTER}.kubernetes_network_config[*].service_ipv4_cidr)}`);
    expect(eksCluster(json)).not.toHaveProperty("kubernetes_network_config");
    expect(Object.keys(json.output.irsa_role_arns.value).sort()).toEqual(["cluster-autoscaler", "ebs-csi", "efs-csi", "load-balancer-controller", "vpc-cni"]);
    const stack = new ClusterStack(Testing.app(), { plan: planOf(), infra: fakeInfra(), addons: builtInAddons() });
    for (const value of [stack.outputs.clusterName, stack.outputs.oidcProviderArn, stack.outputs.nodeRoleArn, stack.outputs.irsaRoleArns["ebs-csi"]]) {
      expect(Token.isUnresolved(value)).toBe(true);
    }
  });

  test("passes the aws provider schema", () => {
    expect(schemaProblems(json)).toEqual([]);
  });
});

describe("cluster stack options", () => {
  test("a public endpoint only with apiPublicAccessCidrs, open to exactly those CIDRs", () => {
    const json = synthCluster("network:\n  apiPublicAccessCidrs: [203.0.113.0/24, 198.51.100.7/32]\n");
    expect(eksCluster(json).vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24", "198.51.100.7/32"],
    });
  });

  test("admin roles get access entries with the cluster admin policy on the whole cluster", () => {
    const json = synthCluster("access:\n  adminRoleArns: [arn:aws:iam::111122223333:role/ops, arn:aws:iam::111122223333:role/team/sre]\n");
    const entries = bodies(json, "aws_eks_access_entry");
    expect(entries.map((e: Json) => [e.principal_arn, e.type])).toEqual([
      ["arn:aws:iam::111122223333:role/ops", "STANDARD"],
      ["arn:aws:iam::111122223333:role/team/sre", "STANDARD"],
    ]);
    const associations = bodies(json, "aws_eks_access_policy_association");
    expect(associations).toHaveLength(2);
    for (const a of associations) {
      expect(a.policy_arn).toBe(`arn:${PARTITION}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`);
      expect(a.access_scope).toEqual({ type: "cluster" });
      expect(a.principal_arn).toMatch(/^\$\{aws_eks_access_entry\..+\.principal_arn\}$/);
    }
    expect(schemaProblems(json)).toEqual([]);
  });

  test("access.authenticationMode API_AND_CONFIG_MAP keeps the aws-auth ConfigMap beside access entries", () => {
    const json = synthCluster("access:\n  authenticationMode: API_AND_CONFIG_MAP\n");
    expect(eksCluster(json).access_config).toEqual({ authentication_mode: "API_AND_CONFIG_MAP", bootstrap_cluster_creator_admin_permissions: true });
    expect(schemaProblems(json)).toEqual([]);
    expect(problemsOf("access:\n  authenticationMode: CONFIG_MAP\n")).toEqual(["access.authenticationMode: must be API or API_AND_CONFIG_MAP"]);
  });

  test("adoption names and descriptions: the cluster role and both security groups keep the adopted ones", () => {
    const json = synthCluster(
      "adoption:\n  names: {clusterRole: domino-eks}\n  descriptions:\n    clusterSecurityGroup: EKS cluster security group\n    nodesSecurityGroup: EKS cluster Nodes security group\n",
    );
    expect(eksCluster(json).role_arn).toBe("${aws_iam_role.control-plane_role_28647435.arn}");
    expect(resources(json, "aws_iam_role")["control-plane_role_28647435"]).toMatchObject({ name: "domino-eks", description: "EKS control plane of domino" });
    const groups = Object.fromEntries(bodies(json, "aws_security_group").map((g: Json) => [g.name, g.description]));
    expect(groups).toEqual({ "domino-cluster": "EKS cluster security group", "domino-nodes": "EKS cluster Nodes security group" });
    // Unset: this project's names and texts.
    const plain = synthCluster();
    expect(Object.fromEntries(bodies(plain, "aws_security_group").map((g: Json) => [g.name, g.description]))).toEqual({
      "domino-cluster": "EKS control plane of domino",
      "domino-nodes": "EKS nodes of domino",
    });
    expect(trustByRole(plain)).toHaveProperty("domino-eks-cluster");
  });

  test("adoption.twoZones: two zones with a brought VPC put both private subnets in the cluster's vpc_config", () => {
    const yaml = [
      "availabilityZones: [usw2-az1, usw2-az2]",
      "adoption: {twoZones: true, reason: \"adopted from Domino's Terraform (terraform-aws-eks 3.x) state\"}",
      "network:",
      "  existingVpc: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}",
      "",
    ].join("\n");
    expect(problemsOf(yaml)).toEqual([]);
    const plan = planOf(yaml);
    expect(plan.zones.map((z) => z.zoneId)).toEqual(["usw2-az1", "usw2-az2"]);
    expect(plan.controlPlaneSubnet).toBeUndefined();
    const json = synthCluster(yaml);
    expect(eksCluster(json).vpc_config.subnet_ids).toEqual(["subnet-priv0", "subnet-priv1"]);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("the bastion may reach the API endpoint when there is one", () => {
    const json = synthCluster("{}", { bastionSecurityGroupId: "sg-bastion" });
    const fromBastion = bodies(json, "aws_vpc_security_group_ingress_rule").filter((r: Json) => r.referenced_security_group_id === "sg-bastion");
    expect(fromBastion).toEqual([expect.objectContaining({ security_group_id: "${aws_security_group.security-groups_cluster_642A6C2E.id}", from_port: 443, to_port: 443, ip_protocol: "tcp" })]);
    expect(openIngress(json)).toEqual([]);
  });

  test("autoscaler.iam node-role: no autoscaler IRSA role; the policy goes on the shared node role", () => {
    const json = synthCluster("autoscaler:\n  iam: node-role\n");
    expect(Object.keys(trustByRole(json))).not.toContain("domino-cluster-autoscaler");
    const policy = inlinePolicies(json, "domino-eks-nodes")["cluster-autoscaler"];
    expect(policy.statement.map((s: Json) => s.sid)).toEqual(["Discover", "ScaleOwnGroups"]);
    expect(policy.statement[1].condition).toHaveLength(2);
    expect(Object.keys(json.output.irsa_role_arns.value).sort()).toEqual(["ebs-csi", "efs-csi", "load-balancer-controller", "vpc-cni"]);
  });

  test("autoscaler off: no autoscaler permissions anywhere", () => {
    const json = synthCluster("autoscaler:\n  enabled: false\n");
    expect(JSON.stringify(json)).not.toContain("autoscaling:SetDesiredCapacity");
  });

  test("pinned add-on versions and the control-plane log retention come from the config", () => {
    const json = synthCluster("controlPlaneLogRetentionDays: 90\naddons:\n  versions:\n    vpc-cni: v1.20.4-eksbuild.1\n    kube-proxy: v1.35.0-eksbuild.2\n");
    const version = Object.fromEntries(bodies(json, "aws_eks_addon").map((a: Json) => [a.addon_name, a.addon_version]));
    expect(version).toMatchObject({ "vpc-cni": "v1.20.4-eksbuild.1", "kube-proxy": "v1.35.0-eksbuild.2" });
    expect(version["eks-pod-identity-agent"]).toMatch(/^\$\{data\.aws_eks_addon_version\./);
    expect(bodies(json, "aws_cloudwatch_log_group")[0].retention_in_days).toBe(90);
  });

  test("network.annotatePodIp: vpc-cni annotates pods with their IP (ANNOTATE_POD_IP), alone or beside custom networking", () => {
    const cni = (json: Json) => bodies(json, "aws_eks_addon").find((a: Json) => a.addon_name === "vpc-cni");
    expect(JSON.parse(cni(synthCluster("network:\n  annotatePodIp: true\n")).configuration_values)).toEqual({ env: { ANNOTATE_POD_IP: "true" } });
    const both = JSON.parse(cni(synthCluster("network:\n  podCidr: 100.64.0.0/16\n  annotatePodIp: true\n", { podSubnetIds: ["subnet-pod0", "subnet-pod1", "subnet-pod2"] })).configuration_values);
    expect(both.env).toEqual({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone", ANNOTATE_POD_IP: "true" });
    expect(cni(synthCluster("{}")).configuration_values).toBeUndefined();
  });

  test("custom networking: vpc-cni gets an ENIConfig per zone name with the pod subnet and the node group", () => {
    const json = synthCluster("network:\n  podCidr: 100.64.0.0/16\n", { podSubnetIds: ["subnet-pod0", "subnet-pod1", "subnet-pod2"] });
    const [cni] = bodies(json, "aws_eks_addon").filter((a: Json) => a.addon_name === "vpc-cni");
    const zone = (id: string) => `\${data.aws_availability_zone.zone-names_${id}`;
    const config = JSON.parse(cni.configuration_values);
    expect(config.env).toEqual({ AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" });
    expect(config.eniConfig.create).toBe(true);
    expect(config.eniConfig.region).toBe("us-west-2");
    const subnets = Object.entries(config.eniConfig.subnets) as [string, Json][];
    expect(subnets.map(([k, v]) => [k.slice(0, zone("usw2-az1").length), v.id])).toEqual([
      [zone("usw2-az1"), "subnet-pod0"],
      [zone("usw2-az2"), "subnet-pod1"],
      [zone("usw2-az3"), "subnet-pod2"],
    ]);
    for (const [, v] of subnets) expect(v.securityGroups).toEqual(["${aws_security_group.security-groups_nodes_551A6577.id}"]);
    const zones = Object.values(json.data.aws_availability_zone).map((z: Json) => z.zone_id);
    expect(zones).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"]);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("a one-zone deployment puts the control plane in that zone's private subnet and the infra stage's control-plane subnet", () => {
    const json = synthCluster("availabilityZones: [usw2-az2]\n");
    expect(eksCluster(json).vpc_config.subnet_ids).toEqual(["subnet-priv0", "subnet-cp0"]);
    expect(schemaProblems(json)).toEqual([]);
  });

  test("a brought one-zone VPC: the zone's private subnet and existingVpc.controlPlaneSubnetIds", () => {
    const yaml =
      "availabilityZones: [usw2-az1]\nnetwork:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-0123456789abcdef0]\n" +
      "    controlPlaneSubnetIds: [subnet-0123456789abcdef1]\n";
    const plan = planOf(yaml);
    expect(plan.controlPlaneSubnet).toBeUndefined();
    // What the infra stage passes through for a brought VPC.
    const infra = fakeInfra(1, { privateSubnetIds: ["subnet-0123456789abcdef0"], controlPlaneSubnetIds: ["subnet-0123456789abcdef1"] });
    const json = JSON.parse(Testing.synth(new ClusterStack(Testing.app(), { plan, infra, addons: builtInAddons() })));
    expect(eksCluster(json).vpc_config.subnet_ids).toEqual(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]);
  });

  test("the control plane leaves out zones where EKS rejects control-plane subnets; nodes may still use them", () => {
    const json = synthCluster("region: us-east-1\navailabilityZones: [use1-az1, use1-az3, use1-az4]\n");
    expect(eksCluster(json).vpc_config.subnet_ids).toEqual(["subnet-priv0", "subnet-priv2"]);
    // A lone unsupported zone is a config error: the control-plane subnet would be EKS's only zone.
    expect(() => synthCluster("region: us-east-1\navailabilityZones: [use1-az3]\n")).toThrow(/cannot place its control plane in use1-az3/);
  });

  test("refuses infra outputs that give EKS fewer than two control-plane zones", () => {
    const plan = planOf("availabilityZones: [usw2-az2]\n");
    expect(() => new ClusterStack(Testing.app(), { plan, infra: fakeInfra(1, { controlPlaneSubnetIds: [] }), addons: builtInAddons() })).toThrow(
      "EKS needs control-plane subnets in at least two availability zones, but the deployment's zones give it usw2-az2 and the infra stage 0 control-plane subnet(s); see network.controlPlaneZoneId and network.existingVpc.controlPlaneSubnetIds",
    );
  });

  test("control-plane subnets given as one Terraform list token are concatenated in Terraform", () => {
    const plan = planOf("availabilityZones: [usw2-az2]\n");
    const infra = fakeInfra(1, { controlPlaneSubnetIds: Fn.split(",", "subnet-x,subnet-y") });
    const json = JSON.parse(Testing.synth(new ClusterStack(Testing.app(), { plan, infra, addons: builtInAddons() })));
    expect(eksCluster(json).vpc_config.subnet_ids).toBe(`\${concat(["subnet-priv0"], split(",", "subnet-x,subnet-y"))}`);
  });

  test("infra lists given as single Terraform list tokens are indexed and iterated in Terraform", () => {
    const plan = planOf();
    const infra = fakeInfra(3, {
      privateSubnetIds: Fn.split(",", "subnet-a,subnet-b,subnet-c"),
      nodePolicyArns: Fn.split(",", "arn:p1,arn:p2"),
    });
    const json = JSON.parse(Testing.synth(new ClusterStack(Testing.app(), { plan, infra, addons: builtInAddons() })));
    expect(eksCluster(json).vpc_config.subnet_ids).toEqual([0, 1, 2].map((i) => `\${element(split(",", "subnet-a,subnet-b,subnet-c"), ${i})}`));
    const [counted] = bodies(json, "aws_iam_role_policy_attachment").filter((a: Json) => a.count !== undefined);
    expect(counted.count).toBe(`\${length(split(",", "arn:p1,arn:p2"))}`);
    expect(counted.policy_arn).toBe(`\${element(split(",", "arn:p1,arn:p2"), count.index)}`);
  });
});
