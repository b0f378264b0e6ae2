/** What a security rule sees: one stack, indexed, plus every other stack for cross-stack references. */
import { JsonObject } from "../json";
import { listBlocks, SynthesizedStack, TerraformBlock } from "../stacks";
import { PortRange } from "./ports";

export interface StackIndex {
  readonly name: string;
  readonly json: JsonObject;
  readonly blocks: readonly TerraformBlock[];
  readonly byAddress: ReadonlyMap<string, TerraformBlock>;
}

export function indexStack(stack: SynthesizedStack): StackIndex {
  const blocks = [...listBlocks(stack.json, "resource"), ...listBlocks(stack.json, "data")];
  return { name: stack.name, json: stack.json, blocks, byAddress: new Map(blocks.map((block) => [block.address, block])) };
}

export function resourcesOfType(stack: StackIndex, type: string): TerraformBlock[] {
  return stack.blocks.filter((block) => block.mode === "resource" && block.type === type);
}

export function dataSourcesOfType(stack: StackIndex, type: string): TerraformBlock[] {
  return stack.blocks.filter((block) => block.mode === "data" && block.type === type);
}

export interface RuleContext {
  readonly stack: StackIndex;
  /** All stacks, the current one included. */
  readonly stacks: readonly StackIndex[];
  /** Ports on which ingress from anywhere (0.0.0.0/0, ::/0) was explicitly opened for this stack. */
  readonly allowedIngressPorts: readonly PortRange[];
  /** ARNs written into the deployment config by the user: accepted with their literal partition. */
  readonly userArns: ReadonlySet<string>;
}

/** A rule finding before it is attributed to a stack and matched against waivers. */
export interface Violation {
  readonly address: string;
  readonly path: string;
  readonly message: string;
}

export interface SecurityRule {
  /** Stable id used in reports and waivers, e.g. `S3_KMS_ENCRYPTION`. */
  readonly id: string;
  /** One line: why the rule exists. */
  readonly rationale: string;
  readonly check: (context: RuleContext) => Violation[];
}
