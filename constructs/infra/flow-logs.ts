import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { flowLogGroupName, iamName } from "../config/naming";
import type { Account } from "./account";

export interface FlowLogsProps {
  readonly account: Account;
  readonly deployId: string;
  readonly vpcId: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
}

/** All traffic of the VPC (accepted and rejected, for incident response), to a KMS-encrypted CloudWatch Logs group, written by a role that can do nothing else. */
export class FlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const { account, deployId } = props;
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: flowLogGroupName(deployId),
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

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
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
        {
          sid: "FindLogGroup",
          actions: ["logs:DescribeLogGroups"],
          resources: [account.arn("logs", "log-group:*")],
        },
      ],
    });
    new IamRolePolicy(this, "role-policy", { name: "write-flow-logs", role: role.id, policy: permissions.json });

    new FlowLog(this, "flow-log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: this.logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
      tags: { Name: deployId },
    });
  }
}
