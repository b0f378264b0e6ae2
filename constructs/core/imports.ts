/**
 * Terraform `import` blocks, written straight into a stage stack's synthesized JSON: how an adopted deployment's
 * existing objects (made by another Terraform configuration, such as Domino's terraform-aws-eks) come under this
 * project's addresses without being replaced. Terraform reads each block at plan time, looks the object up by `id`
 * and records it in state at `to`; once applied, the blocks do nothing and may stay or go.
 *
 * As with ./moved.ts, each block is a small TerraformElement whose fragment is `{ import: [{ to, id }] }`; cdktf
 * concatenates the arrays of all fragments into one top-level `"import": [...]` in the order the blocks were added.
 */
import { TerraformElement, TerraformResource, type TerraformStack } from "cdktf";
import type { Stage } from "../config/naming";
import type { Problem } from "../config/problems";

export interface ImportBlock {
  /** The stage whose stack manages the object (its stack is `<deployId>-<stage>`). */
  readonly stage: Stage;
  /**
   * The address of a managed resource of that stage's stack, as in its cdk.tf.json: `<type>.<logical id>`, such as
   * `aws_s3_bucket.buckets_blobs_1A2B3C4D` (addressOf gives it), or one instance of a resource with count or for_each
   * (`<address>[0]`, `<address>["key"]`).
   */
  readonly to: string;
  /** The object's import id, as the resource type's documentation gives it (a bucket name, a cluster name, an ARN...). */
  readonly id: string;
}

class ImportElement extends TerraformElement {
  constructor(
    scope: TerraformStack,
    id: string,
    readonly block: ImportBlock,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { import: [{ to: this.block.to, id: this.block.id }] };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/** The import blocks already added to a stack, in order. */
export function importBlocksOf(stack: TerraformStack): ImportBlock[] {
  return stack.node.children.filter((c): c is ImportElement => c instanceof ImportElement).map((c) => c.block);
}

/** `<address>` or one instance `<address>[key]`. */
const INSTANCE = /^(.+?)(\[[^\]]+\])?$/;

/**
 * Checks import blocks against the stage stacks, which must be complete: every `to` must be a managed resource of its
 * stage's stack (an instance key only on a resource with count or for_each), no `to` twice, no empty id. Problems
 * have the path `<pathPrefix>[<index>]`. Reads the resources' logical ids, which fixes them (overrideLogicalId then
 * fails), so call it only with blocks to check.
 */
export function importProblems(blocks: readonly ImportBlock[], stacks: Readonly<Record<Stage, TerraformStack>>, pathPrefix: string): Problem[] {
  const resourcesOf = new Map<Stage, Map<string, TerraformResource>>();
  const resources = (stage: Stage) => {
    let out = resourcesOf.get(stage);
    if (!out) {
      out = new Map();
      for (const c of stacks[stage].node.findAll()) {
        if (TerraformResource.isTerraformResource(c)) out.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
      }
      resourcesOf.set(stage, out);
    }
    return out;
  };
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  blocks.forEach((block, i) => {
    const path = `${pathPrefix}[${i}]`;
    const stack = stacks[block.stage];
    if (!stack) {
      problems.push({ path, message: `stage ${String(block.stage)} is not one of ${Object.keys(stacks).join(", ")}` });
      return;
    }
    const stackName = stack.node.id;
    if (typeof block.id !== "string" || block.id.trim() === "") problems.push({ path, message: `the import id for ${block.to} is empty; give the id of the existing object` });
    const key = `${block.stage} ${block.to}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ path, message: `${block.to} is imported twice into stack ${stackName} (also ${pathPrefix}[${earlier}]); Terraform imports one object per address` });
      return;
    }
    seen.set(key, i);
    const [, address, instance] = INSTANCE.exec(block.to) ?? [];
    const resource = address === undefined ? undefined : resources(block.stage).get(address);
    if (!resource) {
      const hint = Object.entries(stacks).find(([stage]) => stage !== block.stage && address !== undefined && resources(stage as Stage).has(address));
      problems.push({
        path,
        message: `${block.to} is not a resource of stack ${stackName}; ${hint ? `it is one of stack ${hint[1].node.id} (stage ${hint[0]})` : "give the address of a managed resource as in that stack's cdk.tf.json (<type>.<logical id>)"}`,
      });
    } else if (instance !== undefined && resource.count === undefined && resource.forEach === undefined) {
      problems.push({ path, message: `${block.to}: ${address} of stack ${stackName} has neither count nor for_each, so it has no instance ${instance}; import to ${address}` });
    } else if (instance === undefined && (resource.count !== undefined || resource.forEach !== undefined)) {
      problems.push({ path, message: `${block.to} of stack ${stackName} has count or for_each; import each instance, such as ${block.to}[0] or ${block.to}["key"]` });
    }
  });
  return problems;
}

/** Adds `import { to = <to>, id = <id> }` to the stack; check the blocks with importProblems. */
export function addImportBlock(stack: TerraformStack, block: ImportBlock): void {
  new ImportElement(stack, `import-${importBlocksOf(stack).length}`, { stage: block.stage, to: block.to, id: block.id });
}
