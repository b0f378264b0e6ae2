/** SQS queues and SNS topics encrypted with a customer-managed KMS key (the stacks have one queue: Karpenter's interruption queue). */
import { resourcesOfType, SecurityRule, Violation } from "../context";
import { TerraformBlock } from "../../stacks";

function customerKeyViolation(block: TerraformBlock, managedAlias: string, what: string): Violation[] {
  const key = block.body.kms_master_key_id;
  if (typeof key === "string" && key !== "" && !key.endsWith(managedAlias)) return [];
  const sqsManaged = block.type === "aws_sqs_queue" && block.body.sqs_managed_sse_enabled !== undefined && key === undefined;
  const found =
    key === undefined ? (sqsManaged ? "SSE-SQS only, no kms_master_key_id" : "no kms_master_key_id") : `kms_master_key_id ${JSON.stringify(key)} is AWS-managed`;
  return [{ address: block.address, path: "kms_master_key_id", message: `${what} not encrypted with a customer-managed KMS key (${found})` }];
}

const sqsKms: SecurityRule = {
  id: "SQS_KMS_ENCRYPTION",
  rationale: "Queue messages rest encrypted under a customer-managed key, so its key policy decides who can read them (not SSE-SQS or aws/sqs).",
  checkov: ["CKV_AWS_27"],
  trivy: ["AVD-AWS-0096", "AVD-AWS-0135"],
  check: (context) => resourcesOfType(context.stack, "aws_sqs_queue").flatMap((queue) => customerKeyViolation(queue, "alias/aws/sqs", "queue")),
};

const snsKms: SecurityRule = {
  id: "SNS_KMS_ENCRYPTION",
  rationale: "Topic messages rest encrypted under a customer-managed key, so its key policy decides who can publish and read (not the aws/sns key).",
  checkov: ["CKV_AWS_26"],
  trivy: ["AVD-AWS-0095", "AVD-AWS-0136"],
  check: (context) => resourcesOfType(context.stack, "aws_sns_topic").flatMap((topic) => customerKeyViolation(topic, "alias/aws/sns", "topic")),
};

export const MESSAGING_RULES: readonly SecurityRule[] = [sqsKms, snsKms];
