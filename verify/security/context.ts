/** What a security rule sees: one stack, indexed, plus every other stack for cross-stack references. */
import { JsonObject } from "../json";
import { listBlocks, SynthesizedStack, TerraformBlock } from "../stacks";
import { PortRange } from "./ports";

export interface StackIndex {
  readonly name: string;
  readonly json: JsonObject;
  readonly blocks: readonly TerraformBlock[];
  readonly byAddress: ReadonlyMap<string, TerraformBlock>;
  /** Blocks by `resource:<type>` and `data:<type>`, in file order. */
  readonly byType: ReadonlyMap<string, readonly TerraformBlock[]>;
}

export function indexStack(stack: SynthesizedStack): StackIndex {
  const blocks = [...listBlocks(stack.json, "resource"), ...listBlocks(stack.json, "data")];
  const byType = new Map<string, TerraformBlock[]>();
  for (const block of blocks) {
    const key = `${block.mode}:${block.type}`;
    const list = byType.get(key);
    if (list === undefined) byType.set(key, [block]);
    else list.push(block);
  }
  return { name: stack.name, json: stack.json, blocks, byAddress: new Map(blocks.map((block) => [block.address, block])), byType };
}

export function resourcesOfType(stack: StackIndex, type: string): TerraformBlock[] {
  return [...(stack.byType.get(`resource:${type}`) ?? [])];
}

export function dataSourcesOfType(stack: StackIndex, type: string): TerraformBlock[] {
  return [...(stack.byType.get(`data:${type}`) ?? [])];
}

/** Tunable thresholds of the rules that have one. */
export interface SecurityParameters {
  /** CLOUDWATCH_LOG_RETENTION: the shortest accepted retention of a log group, in days (0, never expire, passes). */
  readonly minLogRetentionDays: number;
  /** KMS_KEY_DELETION_WINDOW: the shortest accepted waiting period before a scheduled key deletion, in days. */
  readonly minKeyDeletionWindowDays: number;
  /** IMDS_HOP_LIMIT: the highest accepted `http_put_response_hop_limit` (2 lets pods reach IMDSv2 through one hop). */
  readonly maxMetadataHopLimit: number;
}

export const DEFAULT_PARAMETERS: SecurityParameters = { minLogRetentionDays: 365, minKeyDeletionWindowDays: 7, maxMetadataHopLimit: 2 };

export interface RuleContext {
  readonly stack: StackIndex;
  /** All stacks, the current one included. */
  readonly stacks: readonly StackIndex[];
  /** Ports on which ingress from anywhere (0.0.0.0/0, ::/0) was explicitly opened for this stack. */
  readonly allowedIngressPorts: readonly PortRange[];
  /** ARNs written into the deployment config by the user: accepted with their literal partition. */
  readonly userArns: ReadonlySet<string>;
  readonly parameters: SecurityParameters;
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
  /** One line: why the rule exists (and, where the rule makes a choice, which). */
  readonly rationale: string;
  /** The checkov checks (`CKV_AWS_*`, `CKV2_AWS_*`) this rule stands for; empty when none matches it. */
  readonly checkov: readonly string[];
  /** The trivy / tfsec checks (`AVD-AWS-*`) this rule stands for; empty when none matches it. */
  readonly trivy: readonly string[];
  /** False for a rule that runs only when asked for (`--rule ID`, `enableRules`); default true. */
  readonly defaultEnabled?: boolean;
  readonly check: (context: RuleContext) => Violation[];
}

export const isDefaultEnabled = (rule: SecurityRule): boolean => rule.defaultEnabled !== false;
