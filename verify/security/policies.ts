/**
 * Every IAM policy statement of a stack, located where it is written: literal JSON policies at the attribute holding
 * them, `data.aws_iam_policy_document` statements once, at the data source, with what the policy is used as.
 */
import { asList, isObject, PathSegment } from "../json";
import { TerraformBlock } from "../stacks";
import { dataSourcesOfType, StackIndex } from "./context";
import { PolicyStatement, statementsFromPolicyDocument, statementsFromPolicyJson } from "./iam-policy";
import { parseReference } from "./references";

/**
 * `permissions`: an identity policy (role, user, group, managed policy); `key`: a KMS key policy, where Resource "*"
 * means "this key"; `trust`: a role's assume-role policy (no Resource at all); `resource`: another resource policy
 * (bucket, queue, topic, repository, file system, vault).
 */
export type PolicyUse = "permissions" | "key" | "trust" | "resource";

const KEY_POLICY_TYPES = new Set(["aws_kms_key", "aws_kms_key_policy", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"]);

export const RESOURCE_POLICY_TYPES = new Set([
  "aws_s3_bucket_policy",
  "aws_s3_bucket",
  "aws_sqs_queue_policy",
  "aws_sqs_queue",
  "aws_sns_topic_policy",
  "aws_sns_topic",
  "aws_ecr_repository_policy",
  "aws_efs_file_system_policy",
  "aws_backup_vault_policy",
  "aws_secretsmanager_secret_policy",
  "aws_glacier_vault",
]);

function useOf(type: string): PolicyUse {
  if (KEY_POLICY_TYPES.has(type)) return "key";
  if (RESOURCE_POLICY_TYPES.has(type)) return "resource";
  return "permissions";
}

interface PolicyAttribute {
  readonly block: TerraformBlock;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
  readonly use: PolicyUse;
}

function policyAttributes(stack: StackIndex): PolicyAttribute[] {
  return stack.blocks
    .filter((block) => block.mode === "resource" && block.type.startsWith("aws_"))
    .flatMap((block) => {
      const { policy, assume_role_policy: trust, inline_policy: inline } = block.body;
      const attributes: PolicyAttribute[] = [];
      if (policy !== undefined) attributes.push({ block, path: ["policy"], value: policy, use: useOf(block.type) });
      if (trust !== undefined) attributes.push({ block, path: ["assume_role_policy"], value: trust, use: "trust" });
      asList(inline).forEach((item, index) => {
        const path = [...(Array.isArray(inline) ? ["inline_policy", index] : ["inline_policy"]), "policy"];
        if (isObject(item) && item.policy !== undefined) attributes.push({ block, path, value: item.policy, use: "permissions" });
      });
      return attributes;
    });
}

/** A statement to check, located at `address` + `path`. */
export interface LocatedStatement {
  readonly address: string;
  readonly path: readonly PathSegment[];
  readonly statement: PolicyStatement;
  /** What the policy is used as; a policy document may have several uses, or none in this stack. */
  readonly uses: readonly PolicyUse[];
  /** Whether Resource "*" is legitimate: only in key and trust policies. */
  readonly resourceWildcardAllowed: boolean;
}

const cache = new WeakMap<StackIndex, readonly LocatedStatement[]>();

function locate(stack: StackIndex): LocatedStatement[] {
  const documentUses = new Map<string, PolicyUse[]>();
  const literal = policyAttributes(stack).flatMap((attribute): LocatedStatement[] => {
    const reference = parseReference(attribute.value);
    if (reference !== undefined) {
      documentUses.set(reference.address, [...(documentUses.get(reference.address) ?? []), attribute.use]);
      return [];
    }
    const statements = typeof attribute.value === "string" ? statementsFromPolicyJson(attribute.value) : undefined;
    return (statements ?? []).map((statement) => ({
      address: attribute.block.address,
      path: [...attribute.path, ...statement.path],
      statement,
      uses: [attribute.use],
      resourceWildcardAllowed: attribute.use === "key" || attribute.use === "trust",
    }));
  });
  const documents = dataSourcesOfType(stack, "aws_iam_policy_document").flatMap((document) => {
    const uses = documentUses.get(document.address) ?? [];
    const exempt = uses.length > 0 && uses.every((use) => use === "key" || use === "trust");
    return statementsFromPolicyDocument(document.body).map((statement) => ({
      address: document.address,
      path: statement.path,
      statement,
      uses,
      resourceWildcardAllowed: exempt,
    }));
  });
  return [...literal, ...documents];
}

/** Every policy statement of the stack (computed once per stack). */
export function locatedStatements(stack: StackIndex): readonly LocatedStatement[] {
  let located = cache.get(stack);
  if (located === undefined) {
    located = locate(stack);
    cache.set(stack, located);
  }
  return located;
}
