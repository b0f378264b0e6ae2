/** The created key's policy: kms.additionalPolicyStatements appended, and the CloudWatch Logs grant scoped to the deployment's log groups. */
import { exampleYaml, problemsOf } from "../helpers/config";
import { synthCluster } from "../helpers/fake-upstream";
import { bodies, type Json, policyDocument } from "../helpers/json";
import { only, synthInfra } from "./helpers";

const PARTITION = "${data.aws_partition.account_partition_32ACE770.partition}";
const ACCOUNT = "${data.aws_caller_identity.account_caller_1C5BE04F.account_id}";
const BUILT_IN = ["AccountAdministers", "AutoScalingUsesKey", "AutoScalingGrantsToAwsResources", "CloudWatchLogsUsesKey"];
const BYO_VPC = `
network:
  existingVpc:
    vpcId: vpc-0123456789abcdef0
    privateSubnetIds: [subnet-0000000000000000a, subnet-0000000000000000b, subnet-0000000000000000c]
`;

const statementsOf = (json: Json): Json[] => policyDocument(json, only(json, "aws_kms_key").policy).statement;
const logsCondition = (json: Json): Json => statementsOf(json).find((s) => s.sid === "CloudWatchLogsUsesKey").condition;

describe("CloudWatch Logs may use the key for the deployment's own log groups only", () => {
  test("a created VPC: the EKS control-plane group and the flow-log group, by exact ARN", () => {
    expect(logsCondition(synthInfra().json)).toEqual([{
      test: "ArnEquals",
      variable: "kms:EncryptionContext:aws:logs:arn",
      values: [
        `arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/eks/domino/cluster`,
        `arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/vpc-flow-logs/domino`,
      ],
    }]);
  });

  test("a brought VPC has no flow-log group: only the control-plane group", () => {
    expect(logsCondition(synthInfra(BYO_VPC).json)).toEqual([{
      test: "ArnEquals",
      variable: "kms:EncryptionContext:aws:logs:arn",
      values: [`arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/eks/domino/cluster`],
    }]);
  });

  test("the names follow the deployId and are the names of the log groups the stacks create", () => {
    const infra = synthInfra("deployId: analytics\nfqdn: analytics.example.com").json;
    const cluster = synthCluster("deployId: analytics\nfqdn: analytics.example.com");
    const created = [...bodies(cluster, "aws_cloudwatch_log_group"), ...bodies(infra, "aws_cloudwatch_log_group")].map((g: Json) => g.name);
    expect(created).toEqual(["/aws/eks/analytics/cluster", "/aws/vpc-flow-logs/analytics"]);
    expect(logsCondition(infra)[0].values).toEqual(created.map((name) => `arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:${name}`));
  });
});

describe("kms.additionalPolicyStatements", () => {
  const yaml = `
kms:
  additionalPolicyStatements:
    - sid: AnalyticsAccountDecrypts
      principals: [{ type: AWS, identifiers: ["arn:aws:iam::444455556666:role/analytics", "777788889999"] }]
      actions: [kms:Decrypt, kms:DescribeKey]
      conditions:
        - { test: StringEquals, variable: kms:ViaService, values: [s3.us-west-2.amazonaws.com] }
    - sid: OrgMayEncrypt
      effect: Allow
      principals: [{ type: AWS, identifiers: ["*"] }]
      actions: ["kms:GenerateDataKey*"]
      resources: ["*"]
      conditions:
        - { test: StringEquals, variable: aws:PrincipalOrgID, values: [o-a1b2c3d4e5] }
    - sid: NoDecryptOutsideOrg
      effect: Deny
      principals: [{ type: AWS, identifiers: ["*"] }]
      actions: [kms:Decrypt]
      conditions:
        - { test: StringNotEquals, variable: aws:PrincipalOrgID, values: [o-a1b2c3d4e5] }
        - { test: Bool, variable: aws:PrincipalIsAWSService, values: ["false"] }
`;
  const { json } = synthInfra(yaml);

  test("appended after the built-in statements, exactly as given (resources default to *, this key)", () => {
    const statements = statementsOf(json);
    expect(statements.map((s) => s.sid)).toEqual([...BUILT_IN, "AnalyticsAccountDecrypts", "OrgMayEncrypt", "NoDecryptOutsideOrg"]);
    expect(statements.slice(4)).toEqual([
      {
        sid: "AnalyticsAccountDecrypts",
        effect: "Allow",
        // The config's arn:aws: is written with the partition data source, like every ARN of the stack.
        principals: [{ type: "AWS", identifiers: [`arn:${PARTITION}:iam::444455556666:role/analytics`, "777788889999"] }],
        actions: ["kms:Decrypt", "kms:DescribeKey"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-west-2.amazonaws.com"] }],
      },
      {
        sid: "OrgMayEncrypt",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["kms:GenerateDataKey*"],
        resources: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-a1b2c3d4e5"] }],
      },
      {
        sid: "NoDecryptOutsideOrg",
        effect: "Deny",
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["kms:Decrypt"],
        resources: ["*"],
        condition: [
          { test: "StringNotEquals", variable: "aws:PrincipalOrgID", values: ["o-a1b2c3d4e5"] },
          { test: "Bool", variable: "aws:PrincipalIsAWSService", values: ["false"] },
        ],
      },
    ]);
  });

  test("the built-in statements are unchanged by them", () => {
    expect(statementsOf(json).slice(0, 4)).toEqual(statementsOf(synthInfra().json));
  });

  test("a statement without conditions has no condition block", () => {
    const plain = synthInfra(`kms: { additionalPolicyStatements: [{ sid: Ops, principals: [{ type: AWS, identifiers: ["arn:aws:iam::111122223333:role/ops"] }], actions: [kms:DescribeKey] }] }`).json;
    expect(statementsOf(plain)[4]).toEqual({
      sid: "Ops",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: [`arn:${PARTITION}:iam::111122223333:role/ops`] }],
      actions: ["kms:DescribeKey"],
      resources: ["*"],
    });
  });

  test("ARNs of the deployment's partition in conditions and resources use the partition data source; other partitions' stay", () => {
    const gov = synthInfra(`region: us-gov-west-1
availabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]
kms:
  additionalPolicyStatements:
    - sid: Ops
      principals: [{ type: AWS, identifiers: ["*"] }]
      actions: [kms:Decrypt]
      resources: ["arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abc"]
      conditions: [{ test: ArnEquals, variable: aws:PrincipalArn, values: ["arn:aws-us-gov:iam::111122223333:role/ops", "arn:aws:iam::111122223333:role/x"] }]
`).json;
    const gp = "${data.aws_partition.account_partition_32ACE770.partition}";
    const s = statementsOf(gov)[4];
    expect(s.resources).toEqual([`arn:${gp}:kms:us-gov-west-1:111122223333:key/abc`]);
    expect(s.condition[0].values).toEqual([`arn:${gp}:iam::111122223333:role/ops`, "arn:aws:iam::111122223333:role/x"]);
  });

  test("the custom-pools example grants its statement", () => {
    const example = synthInfra(exampleYaml("custom-pools.yaml")).json;
    const added = statementsOf(example).slice(4);
    expect(added.map((s) => s.sid)).toEqual(["DataPlatformDecrypts"]);
    expect(added[0].condition).toEqual([{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-west-2.amazonaws.com"] }]);
  });
});

describe("kms.additionalPolicyStatements: bad input is refused by field", () => {
  const one = (statement: string, extra = "") => problemsOf(`${extra}\nkms:\n  additionalPolicyStatements:\n    - ${statement}`);
  const ROLE = `principals: [{ type: AWS, identifiers: ["arn:aws:iam::111122223333:role/ops"] }]`;
  const DENY_LOCKOUT = "a Deny to every principal (AWS *) needs a negated condition on the caller that exempts the deployment's own principals: StringNotEquals, StringNotLike, ArnNotEquals or ArnNotLike (or their ...IfExists forms) on aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalServiceName, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceVpc, aws:SourceVpce, aws:CalledVia, aws:CalledViaFirst, aws:CalledViaLast, aws:userid, aws:username, kms:CallerAccount, such as StringNotEquals aws:PrincipalAccount with this account's id (Bool and Null conditions do not exempt anyone); without one it would lock the deployment out of its own key, the account's administrators, EKS and the nodes included";
  const serviceUnbound = (ids: string) => `a service principal (${ids}) in an Allow needs a condition that binds it to the caller it acts for: add to conditions StringEquals (or ArnLike) on aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, kms:CallerAccount, with real values (such as aws:SourceAccount with this account's id); kms:ViaService alone says which service calls, not for whom, so another account could have the service use this key on its behalf (confused deputy)`;
  const cond = (test: string, variable: string, value: string) => `{ test: "${test}", variable: "${variable}", values: ["${value}"] }`;

  test("not with a key you bring", () => {
    expect(problemsOf(`kms:\n  keyArn: arn:aws:kms:us-west-2:111122223333:key/11111111-2222-4333-8444-555555555555\n  additionalPolicyStatements:\n    - { sid: Ops, ${ROLE}, actions: [kms:Decrypt] }`)).toEqual([
      "kms.additionalPolicyStatements: cannot be combined with kms.keyArn: the policy of a key you bring is yours to change, not this project's; add the statements to that key's policy, or leave keyArn out to create a key",
    ]);
  });

  test("a wildcard principal needs a condition on the caller (Allow) or a negated one (Deny)", () => {
    const caller = "aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalServiceName, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceVpc, aws:SourceVpce, aws:SourceIp, aws:userid, aws:username, kms:CallerAccount, elasticfilesystem:AccessedViaMountTarget";
    const allow = `allow to every principal (AWS *) needs a condition that names the caller (${caller}), with real values (not *, not Null or ...IfExists); without one the key opens to every AWS account`;
    expect(one(`{ sid: Everyone, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt] }`)).toEqual([`kms.additionalPolicyStatements[0].principals: ${allow}`]);
    // A condition that does not say who the caller is does not help, nor does one that matches anyone.
    expect(one(`{ sid: Everyone, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt], conditions: [{ test: StringEquals, variable: kms:ViaService, values: [s3.us-west-2.amazonaws.com] }] }`))
      .toEqual([`kms.additionalPolicyStatements[0].principals: ${allow}`]);
    expect(one(`{ sid: Everyone, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt], conditions: [{ test: StringEqualsIfExists, variable: aws:PrincipalOrgID, values: [o-a1b2c3d4e5] }] }`))
      .toEqual([`kms.additionalPolicyStatements[0].principals: ${allow}`]);
    expect(one(`{ sid: DenyAll, effect: Deny, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt] }`)).toEqual([`kms.additionalPolicyStatements[0].conditions: ${DENY_LOCKOUT}`]);
    expect(one(`{ sid: Org, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt], conditions: [{ test: StringEquals, variable: aws:PrincipalOrgID, values: [o-a1b2c3d4e5] }] }`)).toEqual([]);
  });

  test("sids: unique, not a built-in one, letters and digits", () => {
    expect(problemsOf(`kms:\n  additionalPolicyStatements:\n    - { sid: Ops, ${ROLE}, actions: [kms:Decrypt] }\n    - { sid: Ops, ${ROLE}, actions: [kms:Encrypt] }\n    - { sid: AccountAdministers, ${ROLE}, actions: [kms:Encrypt] }`)).toEqual([
      "kms.additionalPolicyStatements[1].sid: Ops is already the sid of additionalPolicyStatements[0]; sids must be unique",
      "kms.additionalPolicyStatements[2].sid: AccountAdministers is the sid of a built-in statement of the key policy (AccountAdministers, AutoScalingUsesKey, AutoScalingGrantsToAwsResources, CloudWatchLogsUsesKey, EventBridgeSendsToQueues); choose another",
    ]);
    expect(one(`{ sid: "ops team", ${ROLE}, actions: [kms:Decrypt] }`)).toEqual(["kms.additionalPolicyStatements[0].sid: must be letters and digits only (IAM's statement id)"]);
    expect(one(`{ ${ROLE}, actions: [kms:Decrypt] }`)).toEqual([expect.stringMatching(/^kms\.additionalPolicyStatements\[0\]\.sid: /)]);
  });

  test("only kms: actions", () => {
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt, "s3:GetObject", "*"] }`)).toEqual([
      "kms.additionalPolicyStatements[0].actions[1]: s3:GetObject is not a KMS action: a key policy only grants kms: actions, such as kms:Decrypt or kms:GenerateDataKey*",
      "kms.additionalPolicyStatements[0].actions[2]: * is not a KMS action: a key policy only grants kms: actions, such as kms:Decrypt or kms:GenerateDataKey*",
    ]);
    expect(one(`{ sid: Ops, ${ROLE}, actions: [] }`)).toEqual(["kms.additionalPolicyStatements[0].actions: must list at least one kms: action"]);
  });

  test("principal identifiers: well-formed and in the deployment's partition", () => {
    const p = (type: string, id: string, extra = "") => one(`{ sid: Ops, principals: [{ type: ${type}, identifiers: ["${id}"] }], actions: [kms:Decrypt] }`, extra);
    expect(p("AWS", "arn:aws-us-gov:iam::111122223333:role/ops")).toEqual([
      "kms.additionalPolicyStatements[0].principals[0].identifiers[0]: arn:aws-us-gov:iam::111122223333:role/ops is in partition aws-us-gov, but the deployment's region is in aws",
    ]);
    expect(p("AWS", "ops-team")).toEqual([
      "kms.additionalPolicyStatements[0].principals[0].identifiers[0]: ops-team is not an AWS principal: give a 12-digit account id, an IAM ARN (arn:aws:iam::<account>:root, ...:role/<name>, ...:user/<name>, arn:aws:sts::<account>:assumed-role/<role>/<session>), or * with a condition on the caller",
    ]);
    expect(p("AWS", "arn:aws:iam::*:root")).toHaveLength(1);
    expect(p("AWS", "arn:aws:iam::111122223333:assumed-role/ops/alice")).toHaveLength(1);
    expect(p("AWS", "arn:aws:sts::111122223333:role/ops")).toHaveLength(1);
    expect(p("Service", "logs")).toEqual([
      "kms.additionalPolicyStatements[0].principals[0].identifiers[0]: logs is not a service principal such as logs.us-west-2.amazonaws.com or sns.amazonaws.com",
      `kms.additionalPolicyStatements[0].principals[0]: ${serviceUnbound("logs")}`,
    ]);
    expect(p("Federated", "arn:aws:iam::111122223333:saml-provider/corp")).toEqual([]);
    expect(p("Federated", "not a provider")).toEqual([
      "kms.additionalPolicyStatements[0].principals[0].identifiers[0]: not a provider is not an identity provider: give an IAM SAML or OIDC provider ARN (arn:aws:iam::<account>:saml-provider/<name>) or a web identity provider such as cognito-identity.amazonaws.com",
    ]);
    expect(p("AWS", "arn:aws-us-gov:iam::111122223333:role/ops", "region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]")).toEqual([]);
    expect(p("AWS", "arn:aws:sts::111122223333:assumed-role/ops/alice")).toEqual([]);
    expect(one(`{ sid: Ops, principals: [{ type: Service, identifiers: [sns.amazonaws.com] }], actions: [kms:Decrypt], conditions: [{ test: StringEquals, variable: aws:SourceAccount, values: ["111122223333"] }] }`)).toEqual([]);
    expect(one(`{ sid: Ops, principals: [{ type: Root, identifiers: ["x"] }], actions: [kms:Decrypt] }`)).toEqual([
      "kms.additionalPolicyStatements[0].principals[0].type: must be AWS, Service or Federated",
    ]);
  });

  test("resources: * (this key) or this region's key ARN; conditions: IAM operators and keys", () => {
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt], resources: ["arn:aws:s3:::bucket"] }`)).toEqual([
      "kms.additionalPolicyStatements[0].resources[0]: arn:aws:s3:::bucket is not a resource of a key policy: use * (this key), the default",
    ]);
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt], resources: ["arn:aws:kms:eu-west-1:111122223333:key/abc"] }`)).toEqual([
      "kms.additionalPolicyStatements[0].resources[0]: arn:aws:kms:eu-west-1:111122223333:key/abc is not a key of us-west-2 (aws); in a key policy use * (this key), the default",
    ]);
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt], conditions: [{ test: Equals, variable: kms:ViaService, values: [x] }] }`)).toEqual([
      expect.stringMatching(/^kms\.additionalPolicyStatements\[0\]\.conditions\[0\]\.test: must be an IAM condition operator such as StringEquals/),
    ]);
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt], conditions: [{ test: ForAnyValue:StringLikeIfExists, variable: "kms:EncryptionContext:aws:s3:arn", values: ["arn:aws:s3:::b/*"] }] }`)).toEqual([]);
    expect(one(`{ sid: Ops, ${ROLE}, actions: [kms:Decrypt], conditions: [{ test: StringEquals, variable: ViaService, values: [] }] }`)).toEqual([
      "kms.additionalPolicyStatements[0].conditions[0].variable: must be a condition key such as aws:PrincipalOrgID, kms:ViaService or kms:CallerAccount",
      "kms.additionalPolicyStatements[0].conditions[0].values: must list at least one value",
    ]);
  });

  test("an Allow to a service principal needs a condition on the caller it acts for (confused deputy)", () => {
    const service = (conditions: string[], effect = "Allow") =>
      one(`{ sid: Svc, effect: ${effect}, principals: [{ type: AWS, identifiers: ["111122223333"] }, { type: Service, identifiers: [sns.amazonaws.com, events.amazonaws.com] }], actions: [kms:Decrypt], conditions: [${conditions.join(", ")}] }`);
    const refused = [`kms.additionalPolicyStatements[0].principals[1]: ${serviceUnbound("sns.amazonaws.com, events.amazonaws.com")}`];
    expect(service([])).toEqual(refused);
    // kms:ViaService says which service, not for whom; IfExists, Null, ForAllValues:, negated operators, * and
    // principal keys do not bind the service to a caller.
    expect(service([cond("StringEquals", "kms:ViaService", "sns.us-west-2.amazonaws.com")])).toEqual(refused);
    expect(service([cond("StringEqualsIfExists", "aws:SourceAccount", "111122223333")])).toEqual(refused);
    expect(service([cond("Null", "aws:SourceArn", "false")])).toEqual(refused);
    expect(service([cond("ForAllValues:StringEquals", "aws:SourceAccount", "111122223333")])).toEqual(refused);
    expect(service([cond("StringNotEquals", "aws:SourceAccount", "111122223333")])).toEqual(refused);
    expect(service([cond("StringLike", "aws:SourceArn", "*")])).toEqual(refused);
    expect(service([cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")])).toEqual(refused);
    // Each binding key with a positive operator is enough, beside kms:ViaService or alone (keys are case-insensitive).
    expect(service([cond("StringEquals", "kms:ViaService", "sns.us-west-2.amazonaws.com"), cond("StringEquals", "aws:SourceAccount", "111122223333")])).toEqual([]);
    expect(service([cond("ArnLike", "aws:SourceArn", "arn:aws:sns:us-west-2:111122223333:alerts")])).toEqual([]);
    expect(service([cond("StringEquals", "aws:SourceOrgID", "o-a1b2c3d4e5")])).toEqual([]);
    expect(service([cond("StringEquals", "kms:CallerAccount", "111122223333")])).toEqual([]);
    expect(service([cond("StringEquals", "aws:sourceaccount", "111122223333")])).toEqual([]);
    // A Deny to a service principal grants nothing, so it cannot make a confused deputy.
    expect(service([], "Deny")).toEqual([]);
    // AWS principals are bound by who they are: the custom-pools example's kms:ViaService-only statement stays valid.
    expect(problemsOf(exampleYaml("custom-pools.yaml"))).toEqual([]);
  });

  test("a Deny to every principal needs a negated condition on the caller, or it locks the deployment out of its key", () => {
    const deny = (conditions: string[]) =>
      one(`{ sid: DenyOthers, effect: Deny, principals: [{ type: AWS, identifiers: ["*"] }], actions: [kms:Decrypt], conditions: [${conditions.join(", ")}] }`);
    const refused = [`kms.additionalPolicyStatements[0].conditions: ${DENY_LOCKOUT}`];
    // Bool and Null forms, positive operators, and keys that do not say who calls exempt no one.
    expect(deny([cond("Bool", "aws:PrincipalIsAWSService", "false")])).toEqual(refused);
    expect(deny([cond("Null", "aws:PrincipalOrgID", "true")])).toEqual(refused);
    expect(deny([cond("StringEquals", "aws:PrincipalAccount", "111122223333")])).toEqual(refused);
    expect(deny([cond("StringNotEquals", "kms:ViaService", "s3.us-west-2.amazonaws.com")])).toEqual(refused);
    expect(deny([cond("Bool", "aws:SecureTransport", "false"), cond("NumericNotEquals", "aws:MultiFactorAuthAge", "0")])).toEqual(refused);
    // Negated string and ARN operators (and their IfExists forms) on a caller key carve out the deployment's callers.
    expect(deny([cond("StringNotEquals", "aws:PrincipalAccount", "111122223333")])).toEqual([]);
    expect(deny([cond("StringNotLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/*")])).toEqual([]);
    expect(deny([cond("ArnNotEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/ops")])).toEqual([]);
    expect(deny([cond("ArnNotLikeIfExists", "aws:SourceArn", "arn:aws:sns:us-west-2:111122223333:*")])).toEqual([]);
    expect(deny([cond("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-0123456789abcdef0")])).toEqual([]);
    expect(deny([cond("ForAnyValue:StringNotEquals", "aws:CalledVia", "s3.amazonaws.com")])).toEqual([]);
    expect(deny([cond("StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), cond("Bool", "aws:PrincipalIsAWSService", "false")])).toEqual([]);
    // A Deny to named principals needs no exemption.
    expect(one(`{ sid: DenyOps, effect: Deny, ${ROLE}, actions: [kms:ScheduleKeyDeletion] }`)).toEqual([]);
  });
});

describe("kms.additionalPolicyStatements: a service principal bound to this account is written as given", () => {
  test("principal, actions and the aws:SourceAccount condition in the key policy", () => {
    const { json } = synthInfra(`
kms:
  additionalPolicyStatements:
    - sid: AlertsTopicEncrypts
      principals: [{ type: Service, identifiers: [sns.amazonaws.com] }]
      actions: [kms:Decrypt, "kms:GenerateDataKey*"]
      conditions:
        - { test: StringEquals, variable: aws:SourceAccount, values: ["111122223333"] }
        - { test: ArnLike, variable: aws:SourceArn, values: ["arn:aws:sns:us-west-2:111122223333:alerts"] }
`);
    expect(statementsOf(json)[4]).toEqual({
      sid: "AlertsTopicEncrypts",
      effect: "Allow",
      principals: [{ type: "Service", identifiers: ["sns.amazonaws.com"] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${PARTITION}:sns:us-west-2:111122223333:alerts`] },
      ],
    });
  });
});
