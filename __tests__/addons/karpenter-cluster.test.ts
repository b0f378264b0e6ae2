/**
 * The karpenter add-on's cluster stage (controller role and policy, node role and access entry, interruption queue and
 * rules, discovery tags), its infra-stage parts (no subnet tags, the key's EventBridge grant), its domino_config part,
 * the cluster autoscaler left out when nothing needs it, and the security rules on a whole Karpenter deployment.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { verifyOptionsFromConfig } from "../../cli/validate-config";
import { dominoValues } from "../../cli/domino-values";
import { runDescribe } from "../../cli/describe/command";
import { runSynth } from "../../cli/synth-command";
import { builtInAddons, DominoDeployment, KarpenterAddon } from "../../constructs";
import { KARPENTER_EC2_READ_ACTIONS, KARPENTER_EVENT_PATTERNS, KARPENTER_QUEUE_ACTIONS } from "../../constructs/addons/karpenter";
import { MAX_INLINE_POLICY_CHARS } from "../../constructs/addons/service-account-roles/defaults";
import { ClusterStack } from "../../constructs/cluster/cluster-stack";
import { formatProblem, loadSchemaSet, readSynthesizedStacks, verifyStacks } from "../../verify";
import { configOf, planOf } from "../helpers/config";
import { fakeControlPlaneSubnetIds, fakeInfra, synthCluster, synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json, policyDocument, resources } from "../helpers/json";
import { synthInfra } from "../infra/helpers";
import { dominoConfigOutput, fakeCluster as fakeK8sCluster, helmRelease, synthK8s } from "../k8s/fakes";

const KARPENTER = "autoscaling:\n  compute: karpenter\n";
/** Every compute pool on Karpenter and a fixed-size platform pool: nothing left for the cluster autoscaler. */
const ALL_KARPENTER = `${KARPENTER}nodePools:\n  platform: {minSize: 4, maxSize: 4, desiredSize: 4}\n`;
const BYO_VPC = "network:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-00000000000000001, subnet-00000000000000002, subnet-00000000000000003]\n    publicSubnetIds: [subnet-00000000000000004, subnet-00000000000000005, subnet-00000000000000006]\n";
const PARTITION = "${data.aws_partition.partition_current_E0F94D77.partition}";
const ACCOUNT = "${data.aws_caller_identity.account.account_id}";
const KEY = "arn:aws-test:kms:us-west-2:111122223333:key/deploy-key";
const NODE_ROLE = "${aws_iam_role.karpenter-controller_node-role_CC1E4CD9.arn}";
const QUEUE_ARN = "${aws_sqs_queue.karpenter-controller_interruption_queue_046194D1.arn}";

const role = (json: Json, name: string) => bodies(json, "aws_iam_role").find((r: Json) => r.name === name);
const controllerPolicy = (json: Json) => policyDocument(json, bodies(json, "aws_iam_role_policy").find((p: Json) => p.name === "karpenter").policy);
const statement = (json: Json, sid: string) => controllerPolicy(json).statement.find((s: Json) => s.sid === sid);

/** The policy as IAM stores it (whitespace not counted), with realistic stand-ins for the Terraform references. */
function iamPolicyLength(statements: Json[]): number {
  const conditions = (list: Json[] = []) => {
    const out: Record<string, Record<string, string[]>> = {};
    for (const c of list) (out[c.test] ??= {})[c.variable] = c.values;
    return out;
  };
  const doc = {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({ Sid: s.sid, Effect: s.effect, Action: s.actions, Resource: s.resources, ...(s.condition ? { Condition: conditions(s.condition) } : {}) })),
  };
  return JSON.stringify(doc)
    .replaceAll(PARTITION, "aws-us-gov")
    .replaceAll(ACCOUNT, "111122223333")
    .replace(/\$\{data\.aws_partition\.[^}]+\}/g, "amazonaws.com.cn")
    .replace(/\$\{aws_[^}]+\}/g, `arn:aws-us-gov:iam::111122223333:role/${"x".repeat(64)}`).length;
}

describe("karpenter add-on, cluster stage", () => {
  const json = synthCluster(KARPENTER);

  test("is registered after the cluster autoscaler and installs the karpenter chart", () => {
    const names = builtInAddons().map((a) => a.name);
    expect(names.indexOf("karpenter")).toBe(names.indexOf("cluster-autoscaler") + 1);
    expect(new KarpenterAddon().helmCharts).toEqual(["karpenter", "karpenter-crd"]);
  });

  test("the controller's EKS Pod Identity role trusts pods.eks for this cluster and karpenter/karpenter only", () => {
    const trust = policyDocument(json, role(json, "domino-karpenter").assume_role_policy).statement;
    expect(trust).toEqual([
      {
        sid: "EksPodIdentity",
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "ArnEquals", variable: "aws:RequestTag/eks-cluster-arn", values: ["${aws_eks_cluster.control-plane_cluster_47C848BD.arn}"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["karpenter"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["karpenter"] },
        ],
      },
    ]);
    expect(bodies(json, "aws_eks_pod_identity_association")).toEqual([
      { cluster_name: "${aws_eks_cluster.control-plane_cluster_47C848BD.name}", namespace: "karpenter", service_account: "karpenter", role_arn: "${aws_iam_role.irsa_karpenter_role_7820BB53.arn}" },
    ]);
    expect(json.output.irsa_role_arns.value.karpenter).toBe("${aws_iam_role.irsa_karpenter_role_7820BB53.arn}");
    const custom = synthCluster(`${KARPENTER}karpenter:\n  namespace: kube-system\n`);
    expect(bodies(custom, "aws_eks_pod_identity_association")[0]).toMatchObject({ namespace: "kube-system", service_account: "karpenter" });
  });

  test("launches are scoped to the cluster's tags, VPC and region; deletions to instances Karpenter tagged for this cluster", () => {
    const ec2 = (resource: string, account = ACCOUNT) => `arn:${PARTITION}:ec2:us-west-2:${account}:${resource}`;
    const owned = { test: "StringEquals", variable: "aws:RequestTag/kubernetes.io/cluster/domino", values: ["owned"] };
    const eksName = { test: "StringEquals", variable: "aws:RequestTag/eks:eks-cluster-name", values: ["domino"] };
    const nodepool = { test: "StringLike", variable: "aws:RequestTag/karpenter.sh/nodepool", values: ["*"] };
    expect(statement(json, "AllowScopedEC2InstanceActionsWithTags")).toEqual({
      sid: "AllowScopedEC2InstanceActionsWithTags",
      effect: "Allow",
      actions: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
      resources: ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map((r) => ec2(r)),
      condition: [owned, eksName, nodepool],
    });
    expect(statement(json, "AllowScopedResourceCreationTagging").condition).toContainEqual({
      test: "StringEquals", variable: "ec2:CreateAction", values: ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
    });
    expect(statement(json, "AllowScopedEC2NetworkAccessActions")).toMatchObject({
      resources: [ec2("subnet/*", "*"), ec2("security-group/*")],
      condition: [{ test: "ArnLike", variable: "ec2:Vpc", values: [ec2("vpc/vpc-0123", "*")] }],
    });
    expect(statement(json, "AllowScopedDeletion")).toEqual({
      sid: "AllowScopedDeletion",
      effect: "Allow",
      actions: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
      resources: [ec2("instance/*"), ec2("launch-template/*")],
      condition: [
        { test: "StringEquals", variable: "aws:ResourceTag/kubernetes.io/cluster/domino", values: ["owned"] },
        { test: "StringLike", variable: "aws:ResourceTag/karpenter.sh/nodepool", values: ["*"] },
      ],
    });
    expect(statement(json, "AllowScopedResourceTagging").condition).toContainEqual({
      test: "ForAllValues:StringEquals", variable: "aws:TagKeys", values: ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
    });
    expect(statement(json, "AllowRegionalReadActions")).toEqual({
      sid: "AllowRegionalReadActions", effect: "Allow", actions: [...KARPENTER_EC2_READ_ACTIONS], resources: ["*"],
      condition: [{ test: "StringEquals", variable: "aws:RequestedRegion", values: ["us-west-2"] }],
    });
  });

  test("passes only its node role, to EC2; instance profiles only with this cluster's tags; its queue and cluster only", () => {
    expect(statement(json, "AllowPassingInstanceRole")).toEqual({
      sid: "AllowPassingInstanceRole", effect: "Allow", actions: ["iam:PassRole"], resources: [NODE_ROLE],
      condition: [{ test: "StringEquals", variable: "iam:PassedToService", values: ["ec2.${data.aws_partition.partition_current_E0F94D77.dns_suffix}"] }],
    });
    const create = statement(json, "AllowScopedInstanceProfileCreationActions");
    expect(create.resources).toEqual([`arn:${PARTITION}:iam::${ACCOUNT}:instance-profile/*`]);
    expect(create.condition).toEqual([
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes.io/cluster/domino", values: ["owned"] },
      { test: "StringEquals", variable: "aws:RequestTag/eks:eks-cluster-name", values: ["domino"] },
      { test: "StringEquals", variable: "aws:RequestTag/topology.kubernetes.io/region", values: ["us-west-2"] },
      { test: "StringLike", variable: "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", values: ["*"] },
    ]);
    expect(statement(json, "AllowScopedInstanceProfileActions").actions).toEqual(["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"]);
    expect(statement(json, "AllowInterruptionQueueActions")).toMatchObject({ actions: [...KARPENTER_QUEUE_ACTIONS], resources: [QUEUE_ARN] });
    expect(statement(json, "AllowAPIServerEndpointDiscovery")).toMatchObject({ actions: ["eks:DescribeCluster"], resources: [`arn:${PARTITION}:eks:us-west-2:${ACCOUNT}:cluster/domino`] });
    expect(statement(json, "AllowSSMReadActions")).toMatchObject({ actions: ["ssm:GetParameter"], resources: [`arn:${PARTITION}:ssm:us-west-2::parameter/aws/service/*`] });
  });

  test("uses the deployment key only through EC2 (node volumes) and SQS (queue messages)", () => {
    const via = (service: string) => ({ test: "StringEquals", variable: "kms:ViaService", values: [`${service}.us-west-2.\${data.aws_partition.partition_current_E0F94D77.dns_suffix}`] });
    expect(statement(json, "AllowNodeVolumeEncryption")).toMatchObject({ resources: [KEY], condition: [via("ec2")] });
    expect(statement(json, "AllowNodeVolumeGrants")).toMatchObject({
      actions: ["kms:CreateGrant"], resources: [KEY], condition: [via("ec2"), { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
    });
    expect(statement(json, "AllowInterruptionMessageDecryption")).toMatchObject({ actions: ["kms:Decrypt"], resources: [KEY], condition: [via("sqs")] });
  });

  test("no literal partition, no mutation on * without a condition, and inside IAM's inline-policy size", () => {
    const statements: Json[] = controllerPolicy(json).statement;
    expect(JSON.stringify(statements).replaceAll(KEY, "")).not.toMatch(/arn:aws[:-]/);
    for (const s of statements.filter((s) => s.resources.includes("*") && !s.condition)) {
      expect(s.actions.every((a: string) => /:(Describe|Get|List)/.test(a))).toBe(true);
    }
    expect(iamPolicyLength(statements)).toBeLessThan(MAX_INLINE_POLICY_CHARS);
  });

  test("may create EC2 Spot's service-linked role only when a Karpenter pool is SPOT, and stays inside IAM's size then", () => {
    expect(statement(json, "AllowSpotServiceLinkedRoleCreation")).toBeUndefined();
    const spot = synthCluster(`${KARPENTER}nodePools:\n  default: {capacityType: SPOT}\n`);
    expect(statement(spot, "AllowSpotServiceLinkedRoleCreation")).toEqual({
      sid: "AllowSpotServiceLinkedRoleCreation",
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [`arn:${PARTITION}:iam::${ACCOUNT}:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot`],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["spot.amazonaws.com"] }],
    });
    expect(iamPolicyLength(controllerPolicy(spot).statement)).toBeLessThan(MAX_INLINE_POLICY_CHARS);
  });

  test("its own node role, with the shared node role's policies, joins the cluster through an EC2_LINUX access entry", () => {
    const nodeRole = role(json, "domino-karpenter-node");
    expect(policyDocument(json, nodeRole.assume_role_policy).statement[0]).toMatchObject({
      actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.${data.aws_partition.partition_current_E0F94D77.dns_suffix}"] }],
    });
    const attached = bodies(json, "aws_iam_role_policy_attachment").filter((a: Json) => a.role === "${aws_iam_role.karpenter-controller_node-role_CC1E4CD9.name}").map((a: Json) => a.policy_arn);
    expect(attached.sort()).toEqual([
      `arn:${PARTITION}:iam::aws:policy/AmazonEKSWorkerNodePolicy`,
      `arn:${PARTITION}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly`,
      `arn:${PARTITION}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
      "arn:aws-test:iam::111122223333:policy/d-s3",
      "arn:aws-test:iam::111122223333:policy/d-ecr",
    ].sort());
    expect(bodies(json, "aws_eks_access_entry")).toEqual([
      { cluster_name: "${aws_eks_cluster.control-plane_cluster_47C848BD.name}", principal_arn: NODE_ROLE, type: "EC2_LINUX" },
    ]);
  });

  test("the interruption queue: deployment key, 5-minute retention, EventBridge of its rules only, TLS only", () => {
    expect(bodies(json, "aws_sqs_queue")).toEqual([{ name: "domino-karpenter-interruption", message_retention_seconds: 300, kms_master_key_id: KEY }]);
    const [queuePolicy] = bodies(json, "aws_sqs_queue_policy");
    expect(queuePolicy.queue_url).toBe("${aws_sqs_queue.karpenter-controller_interruption_queue_046194D1.url}");
    const [events, sqs, deny] = policyDocument(json, queuePolicy.policy).statement;
    const ruleArns = Object.keys(resources(json, "aws_cloudwatch_event_rule")).map((id) => `\${aws_cloudwatch_event_rule.${id}.arn}`);
    expect(events).toMatchObject({ effect: "Allow", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN], principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }] });
    expect(events.condition).toEqual([{ test: "ArnEquals", variable: "aws:SourceArn", values: expect.arrayContaining(ruleArns) }]);
    expect(events.condition[0].values).toHaveLength(4);
    expect(sqs).toMatchObject({ principals: [{ type: "Service", identifiers: ["sqs.amazonaws.com"] }], condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] }] });
    expect(deny).toEqual({
      sid: "DenyInsecureTransport", effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["sqs:*"], resources: [QUEUE_ARN],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });

  test("EventBridge rules for spot interruptions, rebalance recommendations, state changes and EC2 scheduled changes", () => {
    const rules = Object.fromEntries(bodies(json, "aws_cloudwatch_event_rule").map((r: Json) => [r.name, JSON.parse(r.event_pattern)]));
    expect(rules).toEqual({
      "domino-karpenter-spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
      "domino-karpenter-rebalance": { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
      "domino-karpenter-state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["stopping", "stopped", "shutting-down", "terminated"] } },
      "domino-karpenter-scheduled-change": { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] } },
    });
    expect(Object.keys(KARPENTER_EVENT_PATTERNS)).toHaveLength(4);
    for (const target of bodies(json, "aws_cloudwatch_event_target")) {
      expect(target).toMatchObject({ arn: QUEUE_ARN, target_id: "karpenter-interruption-queue" });
      expect(target.rule).toMatch(/^\$\{aws_cloudwatch_event_rule\..*\.name\}$/);
    }
  });

  test("discovery tag on the node security group only; no subnet of a brought VPC is tagged", () => {
    const nodes = resources(json, "aws_security_group")["security-groups_nodes_551A6577"];
    expect(nodes.tags).toEqual({ Name: "domino-nodes", "kubernetes.io/cluster/domino": "owned", "karpenter.sh/discovery": "domino" });
    expect(bodies(json, "aws_ec2_tag")).toEqual([]);
    expect(bodies(synthCluster(`${KARPENTER}${BYO_VPC}`), "aws_ec2_tag")).toEqual([]);
  });

  test("ClusterOutputs.karpenter and the karpenter output carry the node role and queue", () => {
    const plan = planOf(KARPENTER);
    const stack = new ClusterStack(Testing.app() as App, { plan, infra: fakeInfra(3, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan) }), addons: builtInAddons() });
    expect(stack.outputs.karpenter).toBeDefined();
    expect(json.output.karpenter.value).toEqual({
      node_role_name: "${aws_iam_role.karpenter-controller_node-role_CC1E4CD9.name}",
      node_role_arn: NODE_ROLE,
      interruption_queue_name: "${aws_sqs_queue.karpenter-controller_interruption_queue_046194D1.name}",
    });
  });

  test("without a Karpenter pool nothing of it is made", () => {
    const plain = synthCluster();
    expect(role(plain, "domino-karpenter")).toBeUndefined();
    expect(role(plain, "domino-karpenter-node")).toBeUndefined();
    for (const type of ["aws_sqs_queue", "aws_cloudwatch_event_rule", "aws_eks_access_entry", "aws_ec2_tag"]) expect(bodies(plain, type)).toEqual([]);
    expect(plain.output.karpenter).toBeUndefined();
    expect(resources(plain, "aws_security_group")["security-groups_nodes_551A6577"].tags).not.toHaveProperty(["karpenter.sh/discovery"]);
  });

  test("a deployment with Karpenter pools refuses to leave the karpenter add-on out", () => {
    expect(() => new DominoDeployment(Testing.app(), { autoscaling: { compute: "karpenter" } }, { disableAddons: ["karpenter"] })).toThrow(
      "DominoDeployment props: pools default, default-gpu are run by Karpenter, but no add-on named karpenter is present (left out with disableAddons?); keep it, or set those pools' scaler (or autoscaling.compute) to cluster-autoscaler",
    );
    expect(() => new DominoDeployment(Testing.app(), {}, { disableAddons: ["karpenter"] })).not.toThrow();
  });

  test("needs the eks-pod-identity-agent add-on", () => {
    expect(() => new DominoDeployment(Testing.app(), { autoscaling: { compute: "karpenter" } }, { disableAddons: ["eks-pod-identity-agent"] })).toThrow(
      "add-on karpenter needs the EKS add-on eks-pod-identity-agent in the cluster stage, but no add-on installs it (left out with disableAddons?)",
    );
  });
});

describe("karpenter add-on, infra stage", () => {
  test("a created VPC's private subnets carry the discovery tag only with a Karpenter pool; public ones never", () => {
    const tagged = (yaml: string) => bodies(synthInfra(yaml).json, "aws_subnet").filter((s: Json) => "karpenter.sh/discovery" in s.tags);
    const subnets = tagged(KARPENTER);
    expect(subnets.map((s: Json) => s.tags.Name).sort()).toEqual(["domino-private-usw2-az1", "domino-private-usw2-az2", "domino-private-usw2-az3"]);
    for (const s of subnets) expect(s.tags["karpenter.sh/discovery"]).toBe("domino");
    expect(tagged("")).toEqual([]);
  });

  test("the deployment key lets EventBridge encrypt for Karpenter's rules in this account only", () => {
    const keyPolicy = (yaml: string) => Object.entries(synthInfra(yaml).json.data.aws_iam_policy_document).find(([id]) => id.startsWith("kms_policy"))![1] as Json;
    const grant = keyPolicy(KARPENTER).statement.find((s: Json) => s.sid === "EventBridgeSendsToQueues");
    const account: string = grant.condition[0].values[0];
    expect(account).toMatch(/^\$\{data\.aws_caller_identity\.account_caller_\w+\.account_id\}$/);
    const partition = /^arn:(\$\{data\.aws_partition\.account_partition_\w+\.partition\}):/.exec(grant.condition[1].values[0])![1];
    const rule = (name: string) => `arn:${partition}:events:us-west-2:${account}:rule/domino-karpenter-${name}`;
    expect(grant).toEqual({
      sid: "EventBridgeSendsToQueues",
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
        { test: "ArnEquals", variable: "aws:SourceArn", values: ["spot-interruption", "rebalance", "state-change", "scheduled-change"].map(rule) },
      ],
    });
    expect(keyPolicy("{}").statement.map((s: Json) => s.sid)).not.toContain("EventBridgeSendsToQueues");
  });
});

describe("the cluster autoscaler when no managed node group can scale", () => {
  test("is not installed: no IRSA role, no chart, domino_config says so", () => {
    const cluster = synthCluster(ALL_KARPENTER);
    expect(role(cluster, "domino-cluster-autoscaler")).toBeUndefined();
    expect(cluster.output.irsa_role_arns.value).not.toHaveProperty("cluster-autoscaler");
    const { json } = synthK8s(ALL_KARPENTER, undefined, fakeK8sCluster({ karpenter: { nodeRoleName: "domino-karpenter-node", nodeRoleArn: "arn:aws:iam::111122223333:role/domino-karpenter-node", interruptionQueueName: "domino-karpenter-interruption" } }));
    expect(helmRelease(json, "cluster-autoscaler")).toBeUndefined();
    const config = dominoConfigOutput(json);
    expect(config.autoscaler).toMatchObject({ enabled: false, pools: [], imageTag: null, roleArn: null });
    expect((dominoValues(config as never).autoscaler as Json).enabled).toBe(false);
  });

  test("stays while a pool's node groups can scale: the platform pool by default, or a compute pool left on it", () => {
    expect(role(synthCluster(KARPENTER), "domino-cluster-autoscaler")).toBeDefined();
    const mixed = `${ALL_KARPENTER}  default-gpu: {scaler: cluster-autoscaler}\n`;
    expect(role(synthCluster(mixed), "domino-cluster-autoscaler")).toBeDefined();
    expect(new KarpenterAddon().installerValues!({ plan: planOf(mixed), cluster: fakeK8sCluster({ karpenter: { nodeRoleName: "n", nodeRoleArn: "a", interruptionQueueName: "q" } }) } as never).karpenter).toMatchObject({ pools: ["default"] });
  });
});

describe("domino_config.karpenter", () => {
  const karpenterOutputs = { nodeRoleName: "domino-karpenter-node", nodeRoleArn: "arn:aws:iam::111122223333:role/domino-karpenter-node", interruptionQueueName: "domino-karpenter-interruption" };

  test("names the pools Karpenter runs, its namespace, queue and roles", () => {
    const cluster = fakeK8sCluster({ karpenter: karpenterOutputs, irsaRoleArns: { ...fakeK8sCluster().irsaRoleArns, karpenter: "arn:aws:iam::111122223333:role/domino-karpenter" } });
    const config = dominoConfigOutput(synthK8s(KARPENTER, undefined, cluster).json);
    expect(config.karpenter).toEqual({
      enabled: true,
      pools: ["default", "default-gpu"],
      chartVersion: "1.9.0",
      namespace: "karpenter",
      serviceAccount: "karpenter",
      clusterName: "domino",
      controllerRoleName: "domino-karpenter",
      controllerRoleArn: "arn:aws:iam::111122223333:role/domino-karpenter",
      nodeRoleName: "domino-karpenter-node",
      nodeRoleArn: "arn:aws:iam::111122223333:role/domino-karpenter-node",
      interruptionQueueName: "domino-karpenter-interruption",
    });
    expect(Object.keys(config).indexOf("karpenter")).toBe(Object.keys(config).indexOf("autoscaler") + 1);
  });

  test("says it is off without a Karpenter pool, and a missing cluster output is a clear error", () => {
    expect(dominoConfigOutput(synthK8s().json).karpenter).toEqual({
      enabled: false, pools: [], chartVersion: null, namespace: "karpenter", serviceAccount: "karpenter", clusterName: "domino",
      controllerRoleName: null, controllerRoleArn: null, nodeRoleName: null, nodeRoleArn: null, interruptionQueueName: null,
    });
    expect(() => new KarpenterAddon().installerValues({ plan: planOf(KARPENTER), cluster: { ...fakeK8sCluster(), karpenter: undefined } } as never)).toThrow(
      "the cluster stage provides no Karpenter outputs, which the pools Karpenter runs need",
    );
  });
});

describe("moving a pool between the cluster autoscaler and Karpenter", () => {
  const addresses = (json: Json) => Object.entries(json.resource as Record<string, Record<string, unknown>>).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
  const diff = (before: string[], after: string[]) => ({ removed: before.filter((a) => !after.includes(a)), added: after.filter((a) => !before.includes(a)) });

  test("changes only that pool's node groups in the nodes stage, and nothing in the cluster stage once Karpenter runs a pool", () => {
    const both = `${KARPENTER}nodePools:\n  default-gpu: {scaler: cluster-autoscaler}\n`;
    const nodes = diff(addresses(synthNodes(both)), addresses(synthNodes(KARPENTER)));
    expect(nodes.added).toEqual([]);
    expect(nodes.removed.length).toBe(9);
    for (const address of nodes.removed) expect(address).toMatch(/^aws_(eks_node_group|launch_template|autoscaling_group_tag)\.group-default-gpu-usw2-az[123]_/);
    expect(diff(addresses(synthCluster(both)), addresses(synthCluster(KARPENTER)))).toEqual({ removed: [], added: [] });
  });
});

describe("a whole Karpenter deployment", () => {
  test("every stack passes the provider schemas and the security rules", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "karpenter-cluster-"));
    try {
      for (const yaml of [ALL_KARPENTER, `${KARPENTER}${BYO_VPC}`]) {
        const configs = parseConfig(yaml, "karpenter.yaml");
        const dir = fs.mkdtempSync(path.join(out, "d-"));
        synthesize(configs, dir);
        const report = verifyStacks(readSynthesizedStacks(dir), loadSchemaSet(), verifyOptionsFromConfig(configs));
        expect(report.problems.map(formatProblem)).toEqual([]);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("describe lists the Karpenter pools beside the node groups", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "karpenter-describe-"));
    try {
      fs.writeFileSync(path.join(dir, "domino-eks.yaml"), `${KARPENTER}nodePools:\n  default-gpu: {instanceFamilies: [g6], capacityType: SPOT, karpenter: {limits: {cpu: 192}}}\n`);
      const io = { stdout: () => undefined, stderr: () => undefined };
      expect(runSynth(["--quiet"], io, {}, dir)).toBe(0);
      expect(runDescribe([], io, {}, dir)).toBe(0);
      const md = fs.readFileSync(path.join(dir, "cdktf.out", "domino.md"), "utf8");
      expect(md).toContain("## Karpenter pools");
      expect(md).toContain("| default | usw2-az1, usw2-az2, usw2-az3 | m5.2xlarge | 480 | ON_DEMAND | AL2023_x86_64_STANDARD |");
      expect(md).toContain("| default-gpu | usw2-az1, usw2-az2, usw2-az3 | g6.* | 192 | SPOT | AL2023_x86_64_NVIDIA |");
      expect(md).not.toContain("domino-default-usw2-az1");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the config resolves as expected", () => {
    expect(configOf(KARPENTER).nodePools.map((p) => [p.name, p.scaler])).toEqual([["platform", "cluster-autoscaler"], ["default", "karpenter"], ["default-gpu", "karpenter"]]);
  });
});
