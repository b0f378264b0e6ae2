/**
 * Terraform `moved` blocks, written straight into a stack's synthesized JSON.
 *
 * Why: a construct's path is its Terraform address (`<type>.<logical id>`). Renaming or moving a construct changes that
 * address, and the next apply would destroy the resource at the old address and create a new one (for a VPC, a
 * cluster or a bucket: an outage or data loss). A `moved` block tells Terraform that the old and the new address are
 * the same object, so the state entry is renamed instead and nothing is replaced.
 *
 * cdktf's own `moveTo` / `moveToId` / `moveFromId` are tied to the resource object being moved; here a block is just a
 * pair of addresses on the stack, which is what a migration list (./migrations.ts) needs. Each block is a small
 * TerraformElement whose fragment is `{ moved: [{ from, to }] }`; cdktf concatenates the arrays of all fragments, so the
 * stack's cdk.tf.json gets one top-level `"moved": [{ "from": "...", "to": "..." }, ...]` in the order of the calls.
 */
import { TerraformElement, TerraformStack, type TerraformResource } from "cdktf";

export interface MovedBlock {
  /** The address the resource had, e.g. `aws_vpc.network_vpc_1A2B3C4D` (no stack, no `data.`). */
  readonly from: string;
  /** The address the resource has now. */
  readonly to: string;
}

/** `[module.<name>[key].]...<type>.<name>[key]`: a managed resource (or module) address, optionally one instance. */
const ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[[^\]]+\])?\.)*[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[[^\]]+\])?$/;

class MovedElement extends TerraformElement {
  constructor(
    scope: TerraformStack,
    id: string,
    readonly block: MovedBlock,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { moved: [{ from: this.block.from, to: this.block.to }] };
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/** The moved blocks already added to a stack, in order. */
export function movedBlocksOf(stack: TerraformStack): MovedBlock[] {
  return stack.node.children.filter((c): c is MovedElement => c instanceof MovedElement).map((c) => c.block);
}

/**
 * Adds `moved { from = <from>, to = <to> }` to the stack. Both are addresses within the stack. Terraform rejects two
 * blocks moving the same address, so that is refused here already.
 */
export function addMovedBlock(stack: TerraformStack, from: string, to: string): void {
  for (const address of [from, to]) {
    if (!ADDRESS.test(address) || address.startsWith("data.")) {
      throw new Error(`moved block in ${stack.node.id}: "${address}" is not a managed resource address (<type>.<name>)`);
    }
  }
  if (from === to) throw new Error(`moved block in ${stack.node.id}: from and to are both ${from}`);
  const earlier = movedBlocksOf(stack);
  const same = earlier.find((b) => b.from === from);
  if (same) throw new Error(`moved block in ${stack.node.id}: ${from} is already moved to ${same.to}`);
  new MovedElement(stack, `moved-${earlier.length}`, { from, to });
}

/**
 * The resource's address in its stack as it appears in cdk.tf.json: `<type>.<logical id>` (with `forEach` or `count`,
 * the address of the whole resource; its instances are `<address>[key]`). The logical id is the stack's hashed id of the
 * construct path, or the id given with overrideLogicalId. Call it once the logical id is final: like any reference, it
 * fixes the id, and a later overrideLogicalId fails.
 */
export function addressOf(resource: TerraformResource): string {
  void resource.fqn; // makes a later overrideLogicalId throw instead of being silently ignored
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
