/** Stateful resources must survive an accidental `terraform destroy` or replacement. */
import { isExpression, isObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, SecurityRule, Violation } from "../context";

const STATEFUL_TYPES = ["aws_s3_bucket", "aws_efs_file_system", "aws_kms_key", "aws_ecr_repository", "aws_eks_cluster", "aws_db_instance"];

function preventDestroyViolation(block: TerraformBlock): Violation[] {
  const lifecycle = block.body.lifecycle;
  if (isObject(lifecycle) && lifecycle.prevent_destroy === true) return [];
  return [{ address: block.address, path: "lifecycle.prevent_destroy", message: "stateful resource without lifecycle.prevent_destroy = true" }];
}

const preventDestroy: SecurityRule = {
  id: "PREVENT_DESTROY",
  rationale: "Buckets, file systems, keys, registries, clusters and databases hold state that a destroy would lose for good.",
  checkov: [],
  trivy: [],
  check: (context) => STATEFUL_TYPES.flatMap((type) => resourcesOfType(context.stack, type).flatMap(preventDestroyViolation)),
};

/** Arguments that make Terraform delete a resource together with its contents. */
const FORCE_ARGUMENTS: ReadonlyArray<readonly [type: string, argument: string, contents: string]> = [
  ["aws_s3_bucket", "force_destroy", "every object"],
  ["aws_ecr_repository", "force_delete", "every image"],
];

function forceViolation(block: TerraformBlock, argument: string, contents: string): Violation[] {
  const value = block.body[argument];
  if (value === undefined || value === null || literalBool(value) === false) return [];
  const detail = isExpression(value) ? `is an expression (${value}) that may be true` : "is true";
  return [{ address: block.address, path: argument, message: `${argument} ${detail}: destroying the resource would delete ${contents}` }];
}

const noForceDestroy: SecurityRule = {
  id: "NO_FORCE_DESTROY",
  rationale: "force_destroy / force_delete let a destroy silently delete all bucket objects or registry images.",
  checkov: [],
  trivy: [],
  check: (context) =>
    FORCE_ARGUMENTS.flatMap(([type, argument, contents]) =>
      resourcesOfType(context.stack, type).flatMap((block) => forceViolation(block, argument, contents)),
    ),
};

export const LIFECYCLE_RULES: readonly SecurityRule[] = [preventDestroy, noForceDestroy];
