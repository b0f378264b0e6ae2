import { EXTERNAL_DNS_ROLE_PURPOSE } from "../../constructs/addons/external-dns/defaults";
import { App, Testing } from "cdktf";
import { builtInAddons, composeAddons } from "../../constructs/addons";
import { ClusterStack } from "../../constructs/cluster/cluster-stack";
import { userSuppliedArns } from "../../cli/validate-config";
import { LBC_ROLE_PURPOSE } from "../../constructs/addons/aws-load-balancer-controller/defaults";
import { AUTOSCALER_ROLE_PURPOSE } from "../../constructs/addons/cluster-autoscaler/defaults";
import { EBS_CSI_ROLE_PURPOSE } from "../../constructs/addons/ebs-csi-driver/defaults";
import { EFS_CSI_ROLE_PURPOSE } from "../../constructs/addons/efs-csi-driver/defaults";
import { BUILT_IN_SERVICE_ACCOUNTS, RESERVED_ROLE_SUFFIXES } from "../../constructs/addons/service-account-roles/defaults";
import { AUTOSCALER_SERVICE_ACCOUNT } from "../../constructs/addons/cluster-autoscaler/defaults";
import { EBS_CSI_SERVICE_ACCOUNT } from "../../constructs/addons/ebs-csi-driver/defaults";
import { EFS_CSI_SERVICE_ACCOUNT } from "../../constructs/addons/efs-csi-driver/defaults";
import { VPC_CNI_SERVICE_ACCOUNT } from "../../constructs/addons/vpc-cni/defaults";
import { VPC_CNI_ROLE_PURPOSE } from "../../constructs/addons/vpc-cni/defaults";
import { configOf, planOf, problemsOf } from "../helpers/config";
import { fakeControlPlaneSubnetIds, fakeInfra, synthCluster } from "../helpers/fake-upstream";
import { bodies, type Json, policyDocument, resources } from "../helpers/json";
import { dominoConfigOutput, fakeCluster, synthK8s } from "../k8s/fakes";

const ROLES = `
serviceAccountRoles:
  - name: team-reader
    namespace: domino-compute
    serviceAccount: team-reader
    policyStatements:
      - sid: ReadData
        actions: [s3:GetObject, s3:List*]
        resources: [arn:aws:s3:::team-data, arn:aws:s3:::team-data/*]
        conditions:
          - {test: StringEquals, variable: aws:SourceVpc, values: [vpc-0123]}
      - effect: Deny
        actions: [s3:DeleteObject]
        resources: ["*"]
    managedPolicyArns: [arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess]
  - name: metrics
    namespace: monitoring
    serviceAccount: metrics-writer
    mode: pod-identity
    managedPolicyArns: [arn:aws:iam::111122223333:policy/team/metrics-writer, arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy]
`;

const roleNamed = (json: Json, name: string): Json => bodies(json, "aws_iam_role").find((r: Json) => r.name === name);
const roleId = (json: Json, name: string): string => Object.entries(resources(json, "aws_iam_role")).find(([, r]) => (r as Json).name === name)![0];
const attachmentsOf = (json: Json, name: string): string[] =>
  bodies(json, "aws_iam_role_policy_attachment").filter((a: Json) => a.role === `\${aws_iam_role.${roleId(json, name)}.name}`).map((a: Json) => a.policy_arn);
const inlineOf = (json: Json, name: string): Json[] => bodies(json, "aws_iam_role_policy").filter((p: Json) => p.role === `\${aws_iam_role.${roleId(json, name)}.id}`);

describe("serviceAccountRoles: IRSA", () => {
  const json = synthCluster(ROLES);

  test("a role named <deployId>-<name>, trusted only by its namespace/service account through the OIDC provider", () => {
    const role = roleNamed(json, "domino-team-reader");
    expect(role.description).toBe("IRSA role of domino-compute/team-reader");
    const [trust] = policyDocument(json, role.assume_role_policy).statement;
    expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(trust.principals).toEqual([{ type: "Federated", identifiers: [expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.control-plane_oidc_[0-9A-F]{8}\.arn\}$/)] }]);
    expect(trust.condition.find((c: Json) => c.variable.endsWith(":sub"))).toMatchObject({ test: "StringEquals", values: ["system:serviceaccount:domino-compute:team-reader"] });
    expect(trust.condition.find((c: Json) => c.variable.endsWith(":aud")).values).toEqual(["sts.amazonaws.com"]);
  });

  test("the inline policy is the configured statements, in order, with their sids, effects and conditions", () => {
    const inline = inlineOf(json, "domino-team-reader");
    expect(inline).toHaveLength(1);
    expect(inline[0].name).toBe("team-reader");
    expect(policyDocument(json, inline[0].policy).statement).toEqual([
      {
        sid: "ReadData",
        effect: "Allow",
        actions: ["s3:GetObject", "s3:List*"],
        resources: ["arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*"],
        condition: [{ test: "StringEquals", variable: "aws:SourceVpc", values: ["vpc-0123"] }],
      },
      { effect: "Deny", actions: ["s3:DeleteObject"], resources: ["*"] },
    ]);
  });

  test("managed policies are attached", () => {
    expect(attachmentsOf(json, "domino-team-reader")).toEqual(["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"]);
  });

  test("construct ids custom-<name> under irsa: addresses that cannot clash with the built-ins", () => {
    expect(roleId(json, "domino-team-reader")).toMatch(/^irsa_custom-team-reader_role_[0-9A-F]{8}$/);
    expect(Object.keys(json.data.aws_iam_policy_document)).toEqual(expect.arrayContaining([expect.stringMatching(/^irsa_custom_team-reader_document_[0-9A-F]{8}$/)]));
  });
});

describe("serviceAccountRoles: EKS Pod Identity", () => {
  const json = synthCluster(ROLES);

  test("the role trusts pods.eks.amazonaws.com for this cluster, namespace and service account only", () => {
    const role = roleNamed(json, "domino-metrics");
    expect(role.description).toBe("EKS Pod Identity role of monitoring/metrics-writer");
    const [trust] = policyDocument(json, role.assume_role_policy).statement;
    expect(trust.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(trust.condition).toEqual([
      { test: "ArnEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [expect.stringMatching(/^\$\{aws_eks_cluster\.control-plane_cluster_[0-9A-F]{8}\.arn\}$/)] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["monitoring"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["metrics-writer"] },
    ]);
  });

  test("an association binds the role to the service account; managed policies attached, no inline policy", () => {
    expect(bodies(json, "aws_eks_pod_identity_association")).toEqual([
      { cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\.control-plane_cluster_[0-9A-F]{8}\.name\}$/), namespace: "monitoring", service_account: "metrics-writer", role_arn: `\${aws_iam_role.${roleId(json, "domino-metrics")}.arn}` },
    ]);
    expect(attachmentsOf(json, "domino-metrics")).toEqual(["arn:aws:iam::111122223333:policy/team/metrics-writer", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]);
    expect(inlineOf(json, "domino-metrics")).toEqual([]);
  });

  test("the Pod Identity agent is installed in the same stage", () => {
    expect(bodies(json, "aws_eks_addon").map((a: Json) => a.addon_name)).toContain("eks-pod-identity-agent");
  });

  test("without the agent (disabled in a library deployment) the cluster stage refuses to synthesize", () => {
    const plan = planOf(ROLES);
    const addons = composeAddons(builtInAddons(), [], ["eks-pod-identity-agent"]);
    const infra = fakeInfra(plan.zones.length, { controlPlaneSubnetIds: fakeControlPlaneSubnetIds(plan) });
    expect(() => new ClusterStack(Testing.app() as App, { plan, infra, addons })).toThrow(
      "add-on service-account-roles needs the EKS add-on eks-pod-identity-agent in the cluster stage, but no add-on installs it (left out with disableAddons?)",
    );
    // IRSA roles alone do not need it.
    const irsaOnly = planOf("serviceAccountRoles: [{name: a, namespace: x, serviceAccount: y, managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']}]\n");
    expect(() => new ClusterStack(Testing.app() as App, { plan: irsaOnly, infra, addons })).not.toThrow();
  });
});

describe("serviceAccountRoles: outputs and domino_config", () => {
  test("service_account_role_arns by name; irsa_role_arns carries them to later stages under custom-<name>", () => {
    const json = synthCluster(ROLES);
    const reader = `\${aws_iam_role.${roleId(json, "domino-team-reader")}.arn}`;
    const metrics = `\${aws_iam_role.${roleId(json, "domino-metrics")}.arn}`;
    expect(json.output.service_account_role_arns.value).toEqual({ "team-reader": reader, metrics });
    expect(json.output.irsa_role_arns.value).toMatchObject({ "custom-team-reader": reader, "custom-metrics": metrics });
  });

  test("with none configured the output is an empty map and no role is made", () => {
    const json = synthCluster();
    expect(json.output.service_account_role_arns.value).toEqual({});
    expect(Object.keys(json.output.irsa_role_arns.value).filter((k) => k.startsWith("custom-"))).toEqual([]);
    expect(bodies(json, "aws_eks_pod_identity_association")).toEqual([]);
  });

  test("domino_config lists each role with its service account, mode and ARN", () => {
    const cluster = fakeCluster({
      irsaRoleArns: {
        ...fakeCluster().irsaRoleArns,
        "custom-team-reader": "arn:aws:iam::111122223333:role/domino-team-reader",
        "custom-metrics": "arn:aws:iam::111122223333:role/domino-metrics",
      },
    });
    const { json } = synthK8s(ROLES, undefined, cluster);
    expect(dominoConfigOutput(json).serviceAccountRoles).toEqual([
      { name: "team-reader", namespace: "domino-compute", serviceAccount: "team-reader", mode: "irsa", roleArn: "arn:aws:iam::111122223333:role/domino-team-reader" },
      { name: "metrics", namespace: "monitoring", serviceAccount: "metrics-writer", mode: "pod-identity", roleArn: "arn:aws:iam::111122223333:role/domino-metrics" },
    ]);
    expect(dominoConfigOutput(synthK8s().json).serviceAccountRoles).toEqual([]);
  });

  test("a k8s stage without the cluster stage's role says which is missing", () => {
    expect(() => synthK8s(ROLES)).toThrow("the cluster stage has no custom-team-reader IRSA role");
  });

  test("the ARNs the user wrote are known to the partition check", () => {
    expect(userSuppliedArns(configOf(ROLES))).toEqual([
      "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", "arn:aws:s3:::team-data", "arn:aws:s3:::team-data/*",
      "arn:aws:iam::111122223333:policy/team/metrics-writer", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
  });
});

describe("serviceAccountRoles: bad input, refused by field", () => {
  /** One role: name app, namespace apps, service account app, unless `fields` gives its own. */
  const one = (fields: string) => {
    const given = new Set([...fields.matchAll(/(?:^|, )(\w+):/g)].map((m) => m[1]));
    const base = ["name: app", "namespace: apps", "serviceAccount: app"].filter((f) => !given.has(f.split(":")[0]));
    return `serviceAccountRoles:\n  - {${[...base, fields].join(", ")}}\n`;
  };
  const managed = "managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']";
  const statement = (s: string) => one(`policyStatements: [${s}]`);

  test("a valid role passes, and the list defaults to empty", () => {
    expect(problemsOf(one(managed))).toEqual([]);
    expect(configOf("{}").serviceAccountRoles).toEqual([]);
    expect(configOf(one(managed)).serviceAccountRoles[0]).toMatchObject({ mode: "irsa", policyStatements: [] });
  });

  test.each([
    ["a bad name", one(`${managed}, name: Team_Reader`), "serviceAccountRoles[0].name: must be lowercase letters, digits and single hyphens, starting with a letter, such as team-reader"],
    ["a bad namespace", one(`${managed}, namespace: Apps`), "serviceAccountRoles[0].namespace: must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit"],
    ["a bad service account", one(`${managed}, serviceAccount: 'my_sa'`), "serviceAccountRoles[0].serviceAccount: must be a Kubernetes service account name: lowercase letters, digits, hyphens and dots, at most 253 characters"],
    ["a bad mode", one(`${managed}, mode: oidc`), "serviceAccountRoles[0].mode: must be irsa or pod-identity"],
    ["more than one service account", one(`${managed}, serviceAccounts: [a, b]`), "serviceAccountRoles[0].serviceAccounts: is not a known field; allowed here: name, namespace, serviceAccount, mode, policyStatements, managedPolicyArns"],
    ["no policy at all", one("mode: pod-identity"), "serviceAccountRoles[0]: needs policyStatements or managedPolicyArns (or both): a role without a policy may do nothing"],
    ["a bare * action", statement("{actions: ['*'], resources: ['*']}"), 'serviceAccountRoles[0].policyStatements[0].actions[0]: "*" grants every action of every service; name the service\'s actions, such as s3:GetObject or s3:*'],
    ["*:*", statement("{actions: ['*:*'], resources: ['*']}"), 'serviceAccountRoles[0].policyStatements[0].actions[0]: "*:*" grants every action of every service; name the service\'s actions, such as s3:GetObject or s3:*'],
    ["an action without a service", statement("{actions: [GetObject], resources: ['*']}"), 'serviceAccountRoles[0].policyStatements[0].actions[0]: "GetObject" must be an IAM action service:Action, such as s3:GetObject or s3:Get* (wildcards only in the action part)'],
    ["a wildcard service", statement("{actions: ['*:GetObject'], resources: ['*']}"), 'serviceAccountRoles[0].policyStatements[0].actions[0]: "*:GetObject" must be an IAM action service:Action, such as s3:GetObject or s3:Get* (wildcards only in the action part)'],
    ["no actions", statement("{actions: [], resources: ['*']}"), "serviceAccountRoles[0].policyStatements[0].actions: must list at least one action"],
    ["no resources", statement("{actions: [s3:GetObject], resources: []}"), "serviceAccountRoles[0].policyStatements[0].resources: must list at least one resource ARN (or *)"],
    ["a resource that is no ARN", statement("{actions: [s3:GetObject], resources: [my-bucket]}"), "serviceAccountRoles[0].policyStatements[0].resources[0]: must be an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, wildcards allowed) or *"],
    ["a Terraform interpolation", statement("{actions: [s3:GetObject], resources: ['arn:aws:s3:::b/${aws:username}/*']}"), "serviceAccountRoles[0].policyStatements[0].resources[0]: a resource must not hold ${...} (Terraform would read it as an interpolation); write IAM policy variables as &{aws:username}"],
    ["a bad effect", statement("{effect: allow, actions: [s3:GetObject], resources: ['*']}"), "serviceAccountRoles[0].policyStatements[0].effect: must be Allow or Deny"],
    ["a bad sid", statement("{sid: read-data, actions: [s3:GetObject], resources: ['*']}"), "serviceAccountRoles[0].policyStatements[0].sid: must be 1-100 letters and digits (IAM statement ids allow no other characters)"],
    ["a bad condition operator", statement("{actions: [s3:GetObject], resources: ['*'], conditions: [{test: 'String Equals', variable: aws:SourceVpc, values: [v]}]}"), "serviceAccountRoles[0].policyStatements[0].conditions[0].test: must be an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike"],
    ["a bad condition key", statement("{actions: [s3:GetObject], resources: ['*'], conditions: [{test: StringEquals, variable: SourceVpc, values: [v]}]}"), "serviceAccountRoles[0].policyStatements[0].conditions[0].variable: must be a condition key such as aws:SourceVpc or s3:prefix"],
    ["a condition without values", statement("{actions: [s3:GetObject], resources: ['*'], conditions: [{test: StringEquals, variable: aws:SourceVpc, values: []}]}"), "serviceAccountRoles[0].policyStatements[0].conditions[0].values: must list at least one value"],
    ["a managed policy that is no policy ARN", one("managedPolicyArns: ['arn:aws:iam::111122223333:role/admin']"), "serviceAccountRoles[0].managedPolicyArns[0]: must be an IAM policy ARN: arn:<partition>:iam::<account or aws>:policy/<path/><name>"],
    ["a managed policy of another partition", one("managedPolicyArns: ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess']"), "serviceAccountRoles[0].managedPolicyArns[0]: is in partition aws-us-gov, but us-west-2 is in aws"],
    ["a resource of another partition", statement("{actions: [s3:GetObject], resources: ['arn:aws-cn:s3:::b/*']}"), "serviceAccountRoles[0].policyStatements[0].resources[0]: is in partition aws-cn, but us-west-2 is in aws"],
    ["a name the project's own roles use", one(`${managed}, name: ebs-csi`), "serviceAccountRoles[0].name: makes the role name domino-ebs-csi, which the project's own ebs-csi role has; choose another name"],
  ])("%s", (_, yaml, message) => {
    expect(problemsOf(yaml)).toEqual([message]);
  });

  test("no custom role for a built-in add-on's service account; no role name another role of the deployment takes; managed policies capped and unique", () => {
    for (const a of [EBS_CSI_SERVICE_ACCOUNT, EFS_CSI_SERVICE_ACCOUNT, VPC_CNI_SERVICE_ACCOUNT, AUTOSCALER_SERVICE_ACCOUNT]) {
      expect(BUILT_IN_SERVICE_ACCOUNTS).toContain(`${a.namespace}/${a.name}`);
    }
    const policy = "managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]";
    expect(problemsOf(`serviceAccountRoles:\n  - {name: lbc-dup, namespace: domino-platform, serviceAccount: domino-load-balancer-controller, mode: pod-identity, ${policy}}\n`)).toEqual([
      "serviceAccountRoles[0].serviceAccount: domino-platform/domino-load-balancer-controller is the load-balancer controller's service account, which has its role already; a second one would give its pods two sets of credentials",
    ]);
    expect(problemsOf(`serviceAccountRoles:\n  - {name: ca, namespace: kube-system, serviceAccount: cluster-autoscaler, ${policy}}\n`)).toEqual([
      "serviceAccountRoles[0].serviceAccount: kube-system/cluster-autoscaler is a built-in add-on's service account, which has its role already; a second one would give its pods two sets of credentials",
    ]);
    expect(problemsOf(`loadBalancerController: {roleName: domino-team}\nserviceAccountRoles:\n  - {name: team, namespace: apps, serviceAccount: team, ${policy}}\n`)).toEqual([
      "serviceAccountRoles[0].name: makes the role name domino-team, which loadBalancerController.roleName gives another role; choose another name",
    ]);
    expect(problemsOf("dns: {hostedZoneId: Z0123456789ABCDEFGHIJ}\nexternalDns: {enabled: true, roleName: domino-eks-nodes}\nloadBalancerController: {roleName: domino-eks-nodes}\n")).toEqual([
      "loadBalancerController.roleName: is domino-eks-nodes, the name of the project's own eks-nodes role; IAM role names are unique in the account: choose another",
      "externalDns.roleName: is domino-eks-nodes, the name of loadBalancerController.roleName; IAM role names are unique in the account: choose another",
    ]);
    expect(problemsOf(`serviceAccountRoles:\n  - {name: ecr-pull-through, namespace: x, serviceAccount: y, ${policy}}\n`)).toEqual([
      "serviceAccountRoles[0].name: makes the role name domino-ecr-pull-through, which the project's own ecr-pull-through role has; choose another name",
    ]);
    const arns = (n: number) => Array.from({ length: n }, (_, k) => `arn:aws:iam::111122223333:policy/p${k}`).join(", ");
    expect(problemsOf(`serviceAccountRoles:\n  - {name: many, namespace: x, serviceAccount: y, managedPolicyArns: [${arns(21)}]}\n`)).toEqual([
      "serviceAccountRoles[0].managedPolicyArns: lists 21 policies; IAM attaches at most 20 to a role (10 unless the quota was raised): combine them",
    ]);
    expect(problemsOf("serviceAccountRoles:\n  - {name: dup, namespace: x, serviceAccount: y, managedPolicyArns: [arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/A]}\n")).toEqual([
      "serviceAccountRoles[0].managedPolicyArns[1]: arn:aws:iam::aws:policy/A is listed twice",
    ]);
  });

  test("every role name the project uses itself is reserved", () => {
    for (const purpose of [EBS_CSI_ROLE_PURPOSE, EFS_CSI_ROLE_PURPOSE, VPC_CNI_ROLE_PURPOSE, AUTOSCALER_ROLE_PURPOSE, LBC_ROLE_PURPOSE, EXTERNAL_DNS_ROLE_PURPOSE]) expect(RESERVED_ROLE_SUFFIXES).toContain(purpose);
    const own = bodies(synthCluster("dns: {hostedZoneId: Z0123456789ABCDEFGHIJ}\nexternalDns: {enabled: true}\n"), "aws_iam_role").map((r: Json) => r.name.replace(/^domino-/, ""));
    expect(own.length).toBeGreaterThanOrEqual(6);
    for (const suffix of own) expect(RESERVED_ROLE_SUFFIXES).toContain(suffix);
  });

  test("a GovCloud deployment takes its own partition's ARNs", () => {
    const gov = "region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]\n";
    expect(problemsOf(gov + one("managedPolicyArns: ['arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess']"))).toEqual([]);
    expect(problemsOf(gov + one(managed))).toEqual(["serviceAccountRoles[0].managedPolicyArns[0]: is in partition aws, but us-gov-west-1 is in aws-us-gov"]);
  });

  test("a role name over IAM's 64 characters", () => {
    const name = `a${"b".repeat(57)}`;
    expect(problemsOf(one(`${managed}, name: ${name}`))).toEqual([
      `serviceAccountRoles[0].name: makes the role name domino-${name} (65 characters); IAM allows 64, so keep the name to 57`,
    ]);
    expect(problemsOf(one(`${managed}, name: ${name.slice(0, 57)}`))).toEqual([]);
  });

  test("names and service accounts must be unique (a service account takes one role, one Pod Identity association)", () => {
    const two = (a: string, b: string) => `serviceAccountRoles:\n  - {${a}, ${managed}}\n  - {${b}, ${managed}}\n`;
    expect(problemsOf(two("name: a, namespace: x, serviceAccount: s", "name: a, namespace: x, serviceAccount: t"))).toEqual([
      'serviceAccountRoles[1].name: "a" is also the name of serviceAccountRoles[0]; names must be unique',
    ]);
    expect(problemsOf(two("name: a, namespace: x, serviceAccount: s, mode: pod-identity", "name: b, namespace: x, serviceAccount: s, mode: pod-identity"))).toEqual([
      "serviceAccountRoles[1].serviceAccount: x/s already has a role (serviceAccountRoles[0]); a service account takes one role (one IRSA annotation, one Pod Identity association), so put both policies in one role",
    ]);
    expect(problemsOf(two("name: a, namespace: x, serviceAccount: s", "name: b, namespace: y, serviceAccount: s"))).toEqual([]);
  });

  test("an inline policy over IAM's 10,240 characters", () => {
    const actions = Array.from({ length: 600 }, (_, i) => `s3:GetObjectVersion${i}`).join(", ");
    const [message] = problemsOf(statement(`{actions: [${actions}], resources: ['*']}`));
    expect(message).toMatch(/^serviceAccountRoles\[0\]\.policyStatements: make an inline policy of about \d+ characters; IAM allows 10240 per role: move statements into a managed policy \(managedPolicyArns\)$/);
  });
});
