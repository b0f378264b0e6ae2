/**
 * The hardening the security rules call for: the VPC CNI's own IRSA role, confused-deputy guards on service-role
 * trusts, the EFS TLS-only file system policy, flow logs of all traffic, and the optional S3 endpoint policy.
 */
import { checkSecurity } from "../../verify/security/check";
import { synthCluster } from "../helpers/fake-upstream";
import { bodies, dataSources, type Json, policyDocument } from "../helpers/json";
import { AWS_SCHEMA, schemaProblems } from "../helpers/schema";
import { only, synthInfra } from "../infra/helpers";

const ACCOUNT = "${data.aws_caller_identity.account_caller_1C5BE04F.account_id}";

describe("the VPC CNI's own role", () => {
  const json = synthCluster();
  const role = bodies(json, "aws_iam_role").find((r: Json) => r.name === "domino-vpc-cni");

  test("is an IRSA role of kube-system/aws-node holding AmazonEKS_CNI_Policy", () => {
    const trust = policyDocument(json, role.assume_role_policy).statement[0];
    expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    const sub = trust.condition.find((c: Json) => c.variable.endsWith(":sub"));
    const aud = trust.condition.find((c: Json) => c.variable.endsWith(":aud"));
    expect([sub.values, aud.values]).toEqual([["system:serviceaccount:kube-system:aws-node"], ["sts.amazonaws.com"]]);
    const attached = bodies(json, "aws_iam_role_policy_attachment").filter((a: Json) => a.role === "${aws_iam_role.irsa_vpc-cni_role_CE040982.name}");
    expect(attached.map((a: Json) => a.policy_arn)).toEqual(["arn:${data.aws_partition.partition_current_E0F94D77.partition}:iam::aws:policy/AmazonEKS_CNI_Policy"]);
  });

  test("is the vpc-cni add-on's service-account role, and the node role no longer holds the CNI policy", () => {
    const cni = bodies(json, "aws_eks_addon").find((a: Json) => a.addon_name === "vpc-cni");
    expect(cni.service_account_role_arn).toBe("${aws_iam_role.irsa_vpc-cni_role_CE040982.arn}");
    const nodeRolePolicies = bodies(json, "aws_iam_role_policy_attachment")
      .filter((a: Json) => a.role === "${aws_iam_role.node-role_24EF0822.name}")
      .map((a: Json) => a.policy_arn);
    expect(nodeRolePolicies.some((arn: string) => arn.endsWith("/AmazonEKS_CNI_Policy"))).toBe(false);
    expect(json.output.irsa_role_arns.value["vpc-cni"]).toBe("${aws_iam_role.irsa_vpc-cni_role_CE040982.arn}");
  });
});

describe("service-role trusts carry aws:SourceAccount", () => {
  const { json } = synthInfra();
  const trustOf = (roleName: string) => policyDocument(json, only(json, "aws_iam_role", roleName).assume_role_policy).statement[0];

  test("AWS Backup's role: only for this account", () => {
    expect(trustOf("domino-efs-backup")).toMatchObject({
      principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] }],
    });
  });

  test("the flow-log role: this account and its flow logs", () => {
    const trust = trustOf("domino-vpc-flow-logs");
    expect(trust.condition.map((c: Json) => [c.test, c.variable])).toEqual([["StringEquals", "aws:SourceAccount"], ["ArnLike", "aws:SourceArn"]]);
  });
});

describe("the datasets file system", () => {
  const { json } = synthInfra();

  test("has a policy that serves clients through mount targets only, and nothing without TLS", () => {
    const fsPolicy = only(json, "aws_efs_file_system_policy");
    expect(fsPolicy.file_system_id).toBe("${aws_efs_file_system.datasets_file-system_9497CC56.id}");
    const [allow, deny] = policyDocument(json, fsPolicy.policy).statement;
    expect(allow).toMatchObject({
      effect: "Allow",
      actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
      resources: ["${aws_efs_file_system.datasets_file-system_9497CC56.arn}"],
      condition: [{ test: "Bool", variable: "elasticfilesystem:AccessedViaMountTarget", values: ["true"] }],
    });
    expect(deny).toMatchObject({
      effect: "Deny",
      principals: [{ type: "AWS", identifiers: ["*"] }],
      actions: ["*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });
});

describe("flow logs", () => {
  test("capture all traffic, accepted and rejected", () => {
    expect(only(synthInfra().json, "aws_flow_log").traffic_type).toBe("ALL");
  });
});

describe("network.restrictEndpoints", () => {
  test("off by default: the S3 gateway endpoint has no policy", () => {
    const { json } = synthInfra();
    const s3 = bodies(json, "aws_vpc_endpoint").find((e: Json) => e.vpc_endpoint_type === "Gateway");
    expect(s3.policy).toBeUndefined();
  });

  test("on: this account's buckets, and reads of the AWS-owned buckets nodes need", () => {
    const { json } = synthInfra("region: eu-west-1\navailabilityZones: [euw1-az1, euw1-az2, euw1-az3]\nnetwork: {restrictEndpoints: true}\n");
    const s3 = bodies(json, "aws_vpc_endpoint").find((e: Json) => e.vpc_endpoint_type === "Gateway");
    const [own, aws] = policyDocument(json, s3.policy).statement;
    expect(own).toMatchObject({
      actions: ["s3:*"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:ResourceAccount", values: [ACCOUNT] },
        { test: "StringEquals", variable: "aws:PrincipalAccount", values: [ACCOUNT] },
      ],
    });
    expect(aws.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceVpc", values: ["${aws_vpc.network_vpc_4E8F0223.id}"] }]);
    const partition = "${data.aws_partition.account_partition_32ACE770.partition}";
    expect(aws.actions).toEqual(["s3:GetObject"]);
    expect(aws.resources).toEqual(expect.arrayContaining([
      `arn:${partition}:s3:::prod-eu-west-1-starport-layer-bucket/*`,
      `arn:${partition}:s3:::al2023-repos-eu-west-1-de612dc2/*`,
      `arn:${partition}:s3:::amazon-ssm-eu-west-1/*`,
    ]));
    expect(Object.keys(dataSources(json, "aws_iam_policy_document"))).toContain(s3.policy.replace(/^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/, "$1"));
    expect(schemaProblems(json, [AWS_SCHEMA])).toEqual([]);
  });
});

describe("a public API endpoint open to the whole internet", () => {
  test("needs allowPublicApiFromAnywhere in the config, and then a waiver of the security rule", () => {
    const json = synthCluster("network: {apiPublicAccessCidrs: [0.0.0.0/0], allowPublicApiFromAnywhere: true}\n");
    const stacks = [{ name: "domino-cluster", json }];
    const open = checkSecurity(stacks).problems.filter((p) => p.rule === "EKS_PUBLIC_ENDPOINT_RESTRICTED");
    expect(open).toHaveLength(1);
    const waived = checkSecurity(stacks, { waivers: [{ rule: "EKS_PUBLIC_ENDPOINT_RESTRICTED", reason: "demo cluster behind SSO, torn down nightly" }] });
    expect(waived.problems.filter((p) => p.rule === "EKS_PUBLIC_ENDPOINT_RESTRICTED")).toEqual([]);
    expect(waived.waived.map((w) => w.rule)).toContain("EKS_PUBLIC_ENDPOINT_RESTRICTED");
  });
});
