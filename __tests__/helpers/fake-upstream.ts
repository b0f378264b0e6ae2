/**
 * The cluster and nodes stacks synthesized alone, with literal stand-ins for the earlier stages' outputs. Their ARNs
 * use an `aws-test` partition, so that a literal `arn:aws:` written by a stack shows.
 */
import { Testing } from "cdktf";
import { builtInAddons } from "../../constructs/addons";
import { ClusterStack } from "../../constructs/cluster/cluster-stack";
import type { ClusterOutputs, InfraOutputs } from "../../constructs/core/stage-outputs";
import type { DeploymentPlan } from "../../constructs/config/plan";
import { NodesStack } from "../../constructs/nodes/nodes-stack";
import { planOf } from "./config";
import type { Json } from "./json";

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
    clusterServiceIpv4Cidr: "172.20.0.0/16",
    oidcProviderArn: "arn:aws-test:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
    oidcIssuerUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
    nodeRoleArn: "arn:aws-test:iam::111122223333:role/domino-eks-nodes",
    nodeRoleName: "domino-eks-nodes",
    clusterSecurityGroupId: "sg-cluster",
    nodeSecurityGroupId: "sg-nodes",
    irsaRoleArns: { "ebs-csi": "arn:aws-test:iam::111122223333:role/domino-ebs-csi", "efs-csi": "arn:aws-test:iam::111122223333:role/domino-efs-csi", "load-balancer-controller": "arn:aws-test:iam::111122223333:role/domino-load-balancer-controller" },
    ...overrides,
  };
}

/** What the infra stage passes as controlPlaneSubnetIds for a plan: its created subnet, or the brought VPC's. */
export function fakeControlPlaneSubnetIds(plan: DeploymentPlan): string[] {
  return plan.controlPlaneSubnet ? ["subnet-cp0"] : [...(plan.config.network.existingVpc?.controlPlaneSubnetIds ?? [])];
}

export function synthCluster(yaml = "{}", infra: Partial<InfraOutputs> = {}): Json {
  const plan = planOf(yaml);
  const infraOutputs = fakeInfra(plan.zones.length, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan), ...infra });
  const stack = new ClusterStack(Testing.app(), { plan, infra: infraOutputs, addons: builtInAddons() });
  return JSON.parse(Testing.synth(stack));
}

export function synthNodes(yaml = "{}", cluster: Partial<ClusterOutputs> = {}): Json {
  const plan = planOf(yaml);
  const infra = fakeInfra(plan.zones.length, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan) });
  const stack = new NodesStack(Testing.app(), { plan, infra, cluster: fakeCluster(cluster), addons: builtInAddons() });
  return JSON.parse(Testing.synth(stack));
}
