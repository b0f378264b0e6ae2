/** Resolving `${type.name.attr}` references to the block they point at, across cdktf cross-stack outputs. */
import { isObject } from "../json";
import { TerraformBlock } from "../stacks";
import { StackIndex } from "./context";

export interface Reference {
  /** `aws_s3_bucket.blobs` or `data.aws_iam_policy_document.doc` */
  readonly address: string;
  /** Attribute traversal after the address, e.g. `["id"]` or `["outputs", "cross-stack-output-..."]`. */
  readonly attributes: readonly string[];
}

export interface ResolvedReference {
  readonly stack: StackIndex;
  readonly address: string;
}

const NAME = "[A-Za-z0-9_-]+";
const INDEX = "(?:\\[[^\\]]*\\])?";
const REFERENCE = new RegExp(`^\\$\\{((?:data\\.)?${NAME}\\.${NAME})${INDEX}((?:\\.${NAME}${INDEX})*)\\}$`);

/** A value that is exactly one reference, e.g. `${aws_s3_bucket.blobs.id}` or `${aws_s3_bucket.logs[0].id}`. */
export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const match = REFERENCE.exec(value);
  if (match === null) return undefined;
  const attributes = match[2].split(".").filter((part) => part !== "").map((part) => part.replace(/\[.*$/, ""));
  return { address: match[1], attributes };
}

const REMOTE_STATE_PREFIX = "data.terraform_remote_state.";
const MAX_HOPS = 4;

/** cdktf turns a cross-stack reference into a remote-state output; follow it to the stack that defines it. */
function followOutput(outputName: string, stacks: readonly StackIndex[], hops: number): ResolvedReference | undefined {
  for (const stack of stacks) {
    const outputs = stack.json.output;
    const output = isObject(outputs) ? outputs[outputName] : undefined;
    if (isObject(output)) return resolveReference(output.value, stack, stacks, hops + 1);
  }
  return undefined;
}

/** The block a reference points at, in `from` or (through remote-state outputs) in another stack. */
export function resolveReference(
  value: unknown,
  from: StackIndex,
  stacks: readonly StackIndex[],
  hops = 0,
): ResolvedReference | undefined {
  const reference = parseReference(value);
  if (reference === undefined || hops > MAX_HOPS) return undefined;
  const [first, second] = reference.attributes;
  if (reference.address.startsWith(REMOTE_STATE_PREFIX) && first === "outputs" && second !== undefined) {
    return followOutput(second, stacks, hops);
  }
  return { stack: from, address: reference.address };
}

/** A block of another (or the same) stack whose attribute points at a given block. */
export interface Companion {
  readonly stack: StackIndex;
  readonly block: TerraformBlock;
}

/** Whether `value`, written in `from`, is a reference to `target` of stack `targetStack`. */
export function refersTo(value: unknown, from: StackIndex, stacks: readonly StackIndex[], targetStack: StackIndex, target: TerraformBlock): boolean {
  const resolved = resolveReference(value, from, stacks);
  return resolved !== undefined && resolved.stack.name === targetStack.name && resolved.address === target.address;
}

/** Every `type` block, in any stack, whose `attribute` refers to `target` (a block of `targetStack`). */
export function blocksReferencing(
  stacks: readonly StackIndex[],
  targetStack: StackIndex,
  target: TerraformBlock,
  type: string,
  attribute: string,
): Companion[] {
  return stacks.flatMap((stack) =>
    (stack.byType.get(`resource:${type}`) ?? [])
      .filter((block) => refersTo(block.body[attribute], stack, stacks, targetStack, target))
      .map((block) => ({ stack, block })),
  );
}
