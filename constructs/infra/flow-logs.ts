import type { ITerraformDependable } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { flowLogGroupName, iamName } from "../config/naming";
import type { Account } from "./account";
import { VPC_FLOW_LOG_PREFIX } from "../config/defaults";

export interface FlowLogsProps {
  readonly account: Account;
  readonly deployId: string;
  readonly vpcId: string;
  readonly kmsKeyArn: string;
  /** Days the CloudWatch Logs group keeps the records (destination cloudwatch). */
  readonly retentionDays: number;
  /** `network.flowLogs.destination`. @default "cloudwatch" */
  readonly destination?: "cloudwatch" | "s3";
  /** `network.flowLogs.trafficType`. @default "ALL" */
  readonly trafficType?: "ALL" | "ACCEPT" | "REJECT";
  /** The monitoring bucket's ARN; required with destination s3 (records go under `vpc-flow-logs/`). */
  readonly bucketArn?: string;
  /** What the s3 flow log waits for: the bucket policy that lets delivery.logs write. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The VPC's traffic (all of it by default, accepted and rejected, for incident response), to a KMS-encrypted
 * CloudWatch Logs group written by a role that can do nothing else, or to the monitoring bucket under
 * `vpc-flow-logs/` (the bucket policy grants delivery.logs; no log group or role).
 */
export class FlowLogs extends Construct {
  /** Undefined with destination s3. */
  readonly logGroup?: CloudwatchLogGroup;
  readonly flowLog: FlowLog;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const { account, deployId } = props;
    const trafficType = props.trafficType ?? "ALL";
    if (props.destination === "s3") {
      if (props.bucketArn === undefined) throw new Error("FlowLogs: destination s3 needs bucketArn (the monitoring bucket)");
      this.flowLog = new FlowLog(this, "flow-log", {
        vpcId: props.vpcId,
        trafficType,
        logDestinationType: "s3",
        logDestination: `${props.bucketArn}/${VPC_FLOW_LOG_PREFIX}`,
        maxAggregationInterval: 600,
        tags: { Name: deployId },
        dependsOn: props.dependsOn,
      });
      return;
    }
    const logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: flowLogGroupName(deployId),
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.logGroup = logGroup;

    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
          // Confused-deputy guard: only flow logs of this account may assume the role.
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] },
            { test: "ArnLike", variable: "aws:SourceArn", values: [account.arn("ec2", "vpc-flow-log/*")] },
          ],
        },
      ],
    });
    const role = new IamRole(this, "role", {
      name: iamName(deployId, "vpc-flow-logs"),
      assumeRolePolicy: trust.json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "permissions", {
      statement: [
        {
          sid: "WriteFlowLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        {
          sid: "FindLogGroup",
          actions: ["logs:DescribeLogGroups"],
          resources: [account.arn("logs", "log-group:*")],
        },
      ],
    });
    new IamRolePolicy(this, "role-policy", { name: "write-flow-logs", role: role.id, policy: permissions.json });

    this.flowLog = new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: deployId },
    });
  }
}
