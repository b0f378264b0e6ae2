/** Fakes of the upstream stages and helpers to read synthesized stacks, shared by the cluster and nodes tests. */
import type { InfraOutputs } from "../../constructs/infra/outputs";
import type { ClusterOutputs } from "../../constructs/cluster/outputs";
import * as path from "path";
import { Testing } from "cdktf";
import { ClusterStack } from "../../constructs/cluster/cluster-stack";
import { parseConfig } from "../../constructs/config/load";
import { planDeployment, type DeploymentPlan } from "../../constructs/config/plan";
import { NodesStack } from "../../constructs/nodes/nodes-stack";
import { formatProblem } from "../../constructs/verify/problem";
import { checkTerraformJson } from "../../constructs/verify/schema/check-stack";
import { bundledSchemaDir, loadSchemaSet } from "../../constructs/verify/schema/load";
import type { SchemaSet } from "../../constructs/verify/schema/types";

/** Literal stand-ins for the infra stage's outputs, one subnet per zone in plan order. */
export function fakeInfra(zones = 3, overrides: Partial<InfraOutputs> = {}): InfraOutputs {
  const ids = (prefix: string) => Array.from({ length: zones }, (_, i) => `subnet-${prefix}${i}`);
  return {
    vpcId: "vpc-0123",
    vpcCidr: "10.0.0.0/16",
    privateSubnetIds: ids("priv"),
    publicSubnetIds: ids("pub"),
    podSubnetIds: [],
    controlPlaneSubnetIds: [],
    kmsKeyArn: "arn:aws-test:kms:us-west-2:111122223333:key/deploy-key",
    kmsKeyId: "deploy-key",
    bucketNames: { blobs: "d-blobs", registry: "d-registry", logs: "d-logs", backups: "d-backups" },
    bucketArns: { blobs: "arn:b", registry: "arn:r", logs: "arn:l", backups: "arn:k" },
    nodePolicyArns: ["arn:aws-test:iam::111122223333:policy/d-s3", "arn:aws-test:iam::111122223333:policy/d-ecr"],
    efsFileSystemId: "fs-0123",
    efsAccessPointId: "fsap-0123",
    efsSecurityGroupId: "sg-efs",
    certificateArn: "arn:aws-test:acm:us-west-2:111122223333:certificate/c",
    ...overrides,
  };
}

/** Literal stand-ins for the cluster stage's outputs. */
export function fakeCluster(overrides: Partial<ClusterOutputs> = {}): ClusterOutputs {
  return {
    clusterName: "domino",
    clusterEndpoint: "https://ABC.gr7.us-west-2.eks.amazonaws.com",
    clusterCertificateAuthorityData: "Q0E=",
    clusterVersion: "1.35",
    oidcProviderArn: "arn:aws-test:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
    oidcIssuerUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
    nodeRoleArn: "arn:aws-test:iam::111122223333:role/domino-eks-nodes",
    nodeRoleName: "domino-eks-nodes",
    clusterSecurityGroupId: "sg-cluster",
    nodeSecurityGroupId: "sg-nodes",
    irsaRoleArns: { "ebs-csi": "arn:aws-test:iam::111122223333:role/domino-ebs-csi", "efs-csi": "arn:aws-test:iam::111122223333:role/domino-efs-csi" },
    ...overrides,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function planOf(yaml = "{}"): DeploymentPlan {
  return planDeployment(parseConfig(yaml, "test.yaml")[0]);
}

/** What the infra stage passes as controlPlaneSubnetIds for a plan: its created subnet, or the brought VPC's. */
export function fakeControlPlaneSubnetIds(plan: DeploymentPlan): string[] {
  return plan.controlPlaneSubnet ? ["subnet-cp0"] : [...(plan.config.network.existingVpc?.controlPlaneSubnetIds ?? [])];
}

export function synthCluster(yaml = "{}", infra: Partial<InfraOutputs> = {}): Json {
  const plan = planOf(yaml);
  const stack = new ClusterStack(Testing.app(), plan, fakeInfra(plan.zones.length, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan), ...infra }));
  return JSON.parse(Testing.synth(stack));
}

export function synthNodes(yaml = "{}", cluster: Partial<ClusterOutputs> = {}): Json {
  const plan = planOf(yaml);
  const stack = new NodesStack(Testing.app(), plan, fakeInfra(plan.zones.length, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan) }), fakeCluster(cluster));
  return JSON.parse(Testing.synth(stack));
}

/** `{ logicalId: body }` of one resource type. */
export function resources(json: Json, type: string): Record<string, Json> {
  return json.resource?.[type] ?? {};
}

export function bodies(json: Json, type: string): Json[] {
  return Object.values(resources(json, type));
}

/** The policy document data source a `${data.aws_iam_policy_document.X.json}` reference points at. */
export function policyDocument(json: Json, reference: string): Json {
  const m = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
  if (!m) throw new Error(`not a policy document reference: ${reference}`);
  return json.data.aws_iam_policy_document[m[1]];
}

let awsSchemas: SchemaSet | undefined;

/** Provider-schema problems of a synthesized stack (aws 6.25.0). */
export function schemaProblems(json: Json): string[] {
  awsSchemas ??= loadSchemaSet({ bundled: false, schemaFiles: [path.join(bundledSchemaDir()!, "aws-6.25.0.json.gz")] });
  return checkTerraformJson("stack", json, awsSchemas).map(formatProblem);
}

/** Every IPv4/IPv6 "anywhere" source of an ingress rule or inline ingress block in a stack. */
export function openIngress(json: Json): string[] {
  const out: string[] = [];
  for (const [id, rule] of Object.entries(resources(json, "aws_vpc_security_group_ingress_rule")) as [string, Json][]) {
    if (rule.cidr_ipv4 === "0.0.0.0/0" || rule.cidr_ipv6 === "::/0") out.push(id);
  }
  for (const [id, sg] of Object.entries(resources(json, "aws_security_group")) as [string, Json][]) {
    for (const ing of sg.ingress ?? []) if ((ing.cidr_blocks ?? []).includes("0.0.0.0/0") || (ing.ipv6_cidr_blocks ?? []).includes("::/0")) out.push(id);
  }
  for (const [id, rule] of Object.entries(resources(json, "aws_security_group_rule")) as [string, Json][]) {
    if (rule.type === "ingress" && ((rule.cidr_blocks ?? []).includes("0.0.0.0/0") || (rule.ipv6_cidr_blocks ?? []).includes("::/0"))) out.push(id);
  }
  return out;
}
