/**
 * Karpenter's interruption handling: an SQS queue encrypted with the deployment key, and EventBridge rules that send it
 * the events Karpenter acts on before AWS takes a node away (spot interruption warnings, rebalance recommendations,
 * instance state changes, AWS Health scheduled changes to EC2). The patterns are Karpenter's own, narrowed to the
 * messages its parsers accept (v1.9, pkg/controllers/interruption/messages), so the queue carries nothing it drops.
 */
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import type { KarpenterEvent } from "../../config/naming";
import type { Partition } from "../../core/partition";

/** Karpenter's recommendation: an interruption older than five minutes is past acting on. */
export const INTERRUPTION_MESSAGE_RETENTION_SECONDS = 300;

/** The event pattern of each rule (JSON of EventBridge's pattern syntax). */
export const KARPENTER_EVENT_PATTERNS: Readonly<Record<KarpenterEvent, Readonly<Record<string, unknown>>>> = {
  "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
  rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
  // Karpenter reacts to these states only; pending and running would be dropped.
  "state-change": {
    source: ["aws.ec2"],
    "detail-type": ["EC2 Instance State-change Notification"],
    detail: { state: ["stopping", "stopped", "shutting-down", "terminated"] },
  },
  // Karpenter reacts to EC2's scheduled changes only (maintenance, retirement).
  "scheduled-change": {
    source: ["aws.health"],
    "detail-type": ["AWS Health Event"],
    detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] },
  },
};

export interface InterruptionQueueProps {
  readonly partition: Partition;
  /** The account id (a token). */
  readonly accountId: string;
  readonly queueName: string;
  /** The rule names by event (the deployment key's policy lets EventBridge encrypt for these rules only). */
  readonly ruleNames: Readonly<Record<KarpenterEvent, string>>;
  /** The deployment key. */
  readonly kmsKeyArn: string;
}

export class InterruptionQueue extends Construct {
  readonly queue: SqsQueue;
  readonly rules: Readonly<Record<KarpenterEvent, CloudwatchEventRule>>;

  constructor(scope: Construct, id: string, props: InterruptionQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, "queue", {
      name: props.queueName,
      messageRetentionSeconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    const rules = {} as Record<KarpenterEvent, CloudwatchEventRule>;
    for (const [event, pattern] of Object.entries(KARPENTER_EVENT_PATTERNS) as [KarpenterEvent, Record<string, unknown>][]) {
      const rule = new CloudwatchEventRule(this, `rule-${event}`, {
        name: props.ruleNames[event],
        description: `Karpenter interruption handling: ${event} events to ${props.queueName}`,
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `target-${event}`, { rule: rule.name, targetId: "karpenter-interruption-queue", arn: this.queue.arn });
      rules[event] = rule;
    }
    this.rules = rules;

    const policy = new DataAwsIamPolicyDocument(this, "policy", {
      statement: [
        {
          sid: "EventBridgeSendsInterruptionEvents",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [props.partition.globalServicePrincipal("events")] }],
          actions: ["sqs:SendMessage"],
          resources: [this.queue.arn],
          condition: [{ test: "ArnEquals", variable: "aws:SourceArn", values: Object.values(rules).map((r) => r.arn) }],
        },
        {
          // Karpenter's template also lets SQS itself send; bound to this account.
          sid: "SqsSendsWithinAccount",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: [props.partition.globalServicePrincipal("sqs")] }],
          actions: ["sqs:SendMessage"],
          resources: [this.queue.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["sqs:*"],
          resources: [this.queue.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new SqsQueuePolicy(this, "queue-policy", { queueUrl: this.queue.url, policy: policy.json });
  }
}
