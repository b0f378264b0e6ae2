import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { partitionOf } from "../config/aws-facts";
import type { KmsPolicyStatement } from "../config/kms-policy";
import type { Account } from "./account";

export interface DeploymentKeyProps {
  readonly account: Account;
  readonly deployId: string;
  readonly alias: string;
  /**
   * The CloudWatch Logs groups (names) the deployment creates with this key: CloudWatch Logs may use the key for
   * these only (`kms:EncryptionContext:aws:logs:arn`).
   */
  readonly logGroupNames: readonly string[];
  /** `kms.additionalPolicyStatements`, appended after the built-in statements. @default none */
  readonly additionalStatements?: readonly KmsPolicyStatement[];
  /**
   * EventBridge rules (names, default bus) that deliver to a queue encrypted with this key (Karpenter's interruption
   * queue): EventBridge may encrypt for those rules only. @default none
   */
  readonly eventBridgeRuleNames?: readonly string[];
}

/** Actions a service needs to encrypt and decrypt with the key (no administration). */
const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/** The deployment's customer-managed key: S3, EFS, ECR, EBS (nodes, bastion), backups and log groups use it. */
export class DeploymentKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: DeploymentKeyProps) {
    super(scope, id);
    const { account } = props;
    // The config's ARNs name the deployment's partition (checked at the door); written with the partition data
    // source like every other ARN here, so the stack holds no literal partition. Other partitions' ARNs (in a
    // condition value) are left as written.
    const literal = `arn:${partitionOf(account.region)}:`;
    const ownPartition = (value: string) => (value.startsWith(literal) ? `arn:${account.name}:${value.slice(literal.length)}` : value);
    const autoscalingRole = account.arn("iam", "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", "");
    const autoscalingRoleOnly = [
      { test: "StringEquals", variable: "kms:CallerAccount", values: [account.accountId] },
      { test: "ArnEquals", variable: "aws:PrincipalArn", values: [autoscalingRole] },
    ];
    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "AccountAdministers",
          principals: [{ type: "AWS", identifiers: [account.arn("iam", "root", "")] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          // EC2 Auto Scaling launches the managed node groups' instances with volumes encrypted by this key. The role is
          // matched by condition, not named as principal: KMS rejects a policy whose principal does not exist yet, and
          // the service-linked role appears only when the account first uses Auto Scaling (here: in the nodes stage).
          sid: "AutoScalingUsesKey",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: KEY_USE_ACTIONS,
          resources: ["*"],
          condition: autoscalingRoleOnly,
        },
        {
          sid: "AutoScalingGrantsToAwsResources",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["kms:CreateGrant"],
          resources: ["*"],
          condition: [...autoscalingRoleOnly, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
        {
          sid: "CloudWatchLogsUsesKey",
          principals: [{ type: "Service", identifiers: [account.servicePrincipal(`logs.${account.region}`)] }],
          actions: KEY_USE_ACTIONS,
          resources: ["*"],
          // Only the deployment's own log groups: the encryption context CloudWatch Logs sends is the group's ARN.
          condition: [
            {
              test: "ArnEquals",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: props.logGroupNames.map((name) => account.arn("logs", `log-group:${name}`)),
            },
          ],
        },
        ...(props.eventBridgeRuleNames?.length
          ? [{
              // EventBridge encrypts the events it sends to an SSE-KMS queue with the queue's key: only for these rules.
              sid: "EventBridgeSendsToQueues",
              principals: [{ type: "Service", identifiers: [account.globalServicePrincipal("events")] }],
              actions: ["kms:GenerateDataKey", "kms:Decrypt"],
              resources: ["*"],
              condition: [
                { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
                { test: "ArnEquals", variable: "aws:SourceArn", values: props.eventBridgeRuleNames.map((name) => account.arn("events", `rule/${name}`)) },
              ],
            }]
          : []),
        ...(props.additionalStatements ?? []).map((s) => ({
          sid: s.sid,
          effect: s.effect,
          principals: s.principals.map((p) => ({ type: p.type, identifiers: p.identifiers.map(ownPartition) })),
          actions: [...s.actions],
          resources: s.resources.map(ownPartition),
          ...(s.conditions.length > 0 ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: c.values.map(ownPartition) })) } : {}),
        })),
      ],
    });
    this.key = new KmsKey(this, "key", {
      description: `Domino deployment ${props.deployId}: S3, EFS, ECR, EBS, backups and logs`,
      enableKeyRotation: true,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      deletionWindowInDays: 30,
      policy: policy.json,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "alias", { name: props.alias, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
