/**
 * The k8s stack synthesized alone, with literal upstream outputs. Unlike helpers/fake-upstream.ts (an `aws-test`
 * partition for the AWS stacks), these look like a real deployment's: the k8s tests compare them with the
 * domino_config output that the Domino installer reads.
 */
import { App, Testing } from "cdktf";
import { builtInAddons } from "../../constructs/addons";
import type { ClusterOutputs, InfraOutputs, NodesOutputs } from "../../constructs/core/stage-outputs";
import { K8sStack } from "../../constructs/k8s/k8s-stack";
import { planOf } from "../helpers/config";
import { bodies } from "../helpers/json";

export const KMS_ARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const AUTOSCALER_ROLE = "arn:aws:iam::111122223333:role/domino-cluster-autoscaler";
export const CA_DATA = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t";

export function fakeInfra(overrides: Partial<InfraOutputs> = {}): InfraOutputs {
  return {
    vpcId: "vpc-0123456789abcdef0",
    vpcCidr: "10.0.0.0/16",
    privateSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"],
    publicSubnetIds: ["subnet-00000000000000004", "subnet-00000000000000005", "subnet-00000000000000006"],
    podSubnetIds: [],
    controlPlaneSubnetIds: [],
    kmsKeyArn: KMS_ARN,
    kmsKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
    bucketNames: { blobs: "domino-blobs", registry: "domino-registry", logs: "domino-logs", backups: "domino-backups" },
    bucketArns: {
      blobs: "arn:aws:s3:::domino-blobs",
      registry: "arn:aws:s3:::domino-registry",
      logs: "arn:aws:s3:::domino-logs",
      backups: "arn:aws:s3:::domino-backups",
    },
    monitoringBucketName: "domino-monitoring",
    monitoringBucketArn: "arn:aws:s3:::domino-monitoring",
    nodePolicyArns: ["arn:aws:iam::111122223333:policy/domino-s3"],
    efsFileSystemId: "fs-0123456789abcdef0",
    efsAccessPointId: "fsap-0123456789abcdef0",
    efsSecurityGroupId: "sg-0123456789abcdef0",
    ecrRegistryUrl: "111122223333.dkr.ecr.us-west-2.amazonaws.com",
    certificateArn: "arn:aws:acm:us-west-2:111122223333:certificate/abcd",
    certificateValidationRecords: [{ domain_name: "domino.example.com", resource_record_name: "_x.domino.example.com.", resource_record_type: "CNAME", resource_record_value: "_y.acm-validations.aws." }],
    ...overrides,
  };
}

export function fakeCluster(overrides: Partial<ClusterOutputs> = {}): ClusterOutputs {
  return {
    clusterName: "domino",
    clusterEndpoint: "https://ABCDEF0123456789.gr7.us-west-2.eks.amazonaws.com",
    clusterCertificateAuthorityData: CA_DATA,
    clusterVersion: "1.35",
    clusterServiceIpv4Cidr: "172.20.0.0/16",
    oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABCDEF",
    oidcIssuerUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/ABCDEF",
    nodeRoleArn: "arn:aws:iam::111122223333:role/domino-nodes",
    nodeRoleName: "domino-nodes",
    clusterSecurityGroupId: "sg-00000000000000001",
    nodeSecurityGroupId: "sg-00000000000000002",
    irsaRoleArns: {
      "ebs-csi": "arn:aws:iam::111122223333:role/domino-ebs-csi",
      "efs-csi": "arn:aws:iam::111122223333:role/domino-efs-csi",
      "cluster-autoscaler": AUTOSCALER_ROLE,
      "load-balancer-controller": "arn:aws:iam::111122223333:role/domino-load-balancer-controller",
    },
    karpenter: {
      nodeRoleName: "domino-karpenter-node",
      nodeRoleArn: "arn:aws:iam::111122223333:role/domino-karpenter-node",
      interruptionQueueName: "domino-karpenter-interruption",
    },
    ...overrides,
  };
}

export function fakeNodes(): NodesOutputs {
  return {
    nodeGroupNames: {
      platform: "domino-platform",
      "default-usw2-az1": "domino-default-usw2-az1",
      "default-usw2-az2": "domino-default-usw2-az2",
      "default-usw2-az3": "domino-default-usw2-az3",
    },
  };
}

export interface SynthedK8s {
  readonly stack: K8sStack;
  readonly json: Record<string, any>;
}

/** Synthesizes the k8s stack of a config alone, with literal upstream outputs. */
export function synthK8s(yaml = "{}", infra = fakeInfra(), cluster = fakeCluster()): SynthedK8s {
  const stack = new K8sStack(Testing.app() as App, { plan: planOf(yaml), infra, cluster, nodes: fakeNodes(), addons: builtInAddons() });
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

/** The `domino_config` output as an object: the stack renders `${jsonencode({...})}` of literal values in tests. */
export function dominoConfigOutput(json: Record<string, any>): Record<string, any> {
  const value: string = json.output.domino_config.value;
  const m = /^\$\{jsonencode\((.*)\)\}$/s.exec(value);
  if (!m) throw new Error(`domino_config is not a jsonencode expression: ${value.slice(0, 80)}`);
  return JSON.parse(m[1].replace(/" = /g, '": '));
}

/** The helm_release of a chart, or undefined. */
export function helmRelease(json: Record<string, any>, chart: string): Record<string, any> | undefined {
  return bodies(json, "helm_release").find((r) => r.chart === chart);
}

export function helmValues(json: Record<string, any>, chart: string): Record<string, any> {
  const release = helmRelease(json, chart);
  if (!release) throw new Error(`no helm_release of chart ${chart}`);
  expect(release.values).toHaveLength(1);
  return JSON.parse(release.values[0]);
}
