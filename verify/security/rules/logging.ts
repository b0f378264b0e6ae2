/** Audit trails: CloudWatch log groups encrypted and kept long enough, flow logs of all traffic on every VPC. */
import { isExpression } from "../../json";
import { resourcesOfType, SecurityRule, Violation } from "../context";
import { blocksReferencing } from "../references";

const LOG_GROUP = "aws_cloudwatch_log_group";

const logGroupKms: SecurityRule = {
  id: "CLOUDWATCH_LOG_GROUP_KMS",
  rationale: "Control-plane and flow logs name hosts, users and traffic; encrypting them with the deployment key puts them under its key policy.",
  checkov: ["CKV_AWS_158"],
  trivy: ["AVD-AWS-0017"],
  check: (context) =>
    resourcesOfType(context.stack, LOG_GROUP).flatMap((group): Violation[] => {
      const key = group.body.kms_key_id;
      if (typeof key === "string" && key !== "") return [];
      return [{ address: group.address, path: "kms_key_id", message: "log group not encrypted with a KMS key (no kms_key_id)" }];
    }),
};

const logRetention: SecurityRule = {
  id: "CLOUDWATCH_LOG_RETENTION",
  rationale: "Logs are kept at least a year (365 days, a parameter) so an incident found late can still be traced; 0 (never expire) passes.",
  checkov: ["CKV_AWS_338"],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, LOG_GROUP).flatMap((group): Violation[] => {
      const days = group.body.retention_in_days;
      if (days === undefined || days === null || isExpression(days)) return [];
      const value = Number(days);
      const minimum = context.parameters.minLogRetentionDays;
      if (value === 0 || value >= minimum) return [];
      return [{ address: group.address, path: "retention_in_days", message: `logs kept ${JSON.stringify(days)} days; must be at least ${minimum} (or 0, never expire)` }];
    }),
};

const flowLogsAll: SecurityRule = {
  id: "VPC_FLOW_LOGS_ALL",
  rationale: 'Every created VPC has a flow log of ALL traffic: accepted flows are what an investigation needs, rejected ones alone (REJECT) miss them.',
  checkov: ["CKV2_AWS_11"],
  trivy: ["AVD-AWS-0178"],
  check: (context) =>
    resourcesOfType(context.stack, "aws_vpc").flatMap((vpc): Violation[] => {
      const logs = blocksReferencing(context.stacks, context.stack, vpc, "aws_flow_log", "vpc_id");
      if (logs.some((log) => log.block.body.traffic_type === "ALL")) return [];
      const message =
        logs.length === 0
          ? 'no aws_flow_log for this VPC; flow logs with traffic_type "ALL" are required'
          : `flow logs capture only ${logs.map((log) => JSON.stringify(log.block.body.traffic_type ?? null)).join(", ")} traffic; traffic_type must be "ALL"`;
      return [{ address: vpc.address, path: "", message }];
    }),
};

export const LOGGING_RULES: readonly SecurityRule[] = [logGroupKms, logRetention, flowLogsAll];
