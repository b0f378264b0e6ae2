/**
 * The address contract: addresses/<example>.json lists, per stack, the address of every managed resource an example
 * synthesizes (`<type>.<logical id>`, sorted). A committed address that disappears would make Terraform destroy and
 * recreate that resource, unless the stack has a `moved` block from it to an address that exists
 * (constructs/core/moved.ts). Pure functions, shared by `npm run addresses` and the addresses test.
 */
import type { MovedBlock } from "../constructs/core/moved";

// Synthesized stack JSON is read freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** `{ "<stack>": ["<type>.<logical id>", ...sorted] }`: the format of addresses/<example>.json. */
export type AddressLists = Record<string, readonly string[]>;
export type MovedByStack = Record<string, readonly MovedBlock[]>;

export interface StackAddress {
  readonly stack: string;
  readonly address: string;
}

export interface Missing extends StackAddress {
  /** Why the address is not covered, e.g. `no moved block` or `moved to X, which does not exist`. */
  readonly reason: string;
}

export interface Moved {
  readonly stack: string;
  readonly from: string;
  /** The address it ends up at (after following a chain of moved blocks). */
  readonly to: string;
}

export interface AddressDiff {
  /** Committed addresses that are gone without a moved block to an existing address: Terraform would replace them. */
  readonly missing: readonly Missing[];
  /** Committed addresses that are gone but moved to an address that exists. */
  readonly moved: readonly Moved[];
  /** Synthesized addresses that are not in the committed list (move targets included). */
  readonly added: readonly StackAddress[];
  /** Moved blocks whose `from` is still declared: Terraform's plan fails with "Moved object still exists". */
  readonly stillDeclared: readonly Moved[];
  readonly addedStacks: readonly string[];
  readonly removedStacks: readonly string[];
}

/** The managed resource addresses (no data sources) and the moved blocks of each synthesized stack. */
export function collectAddresses(stacks: Record<string, Json>): { addresses: AddressLists; moved: MovedByStack } {
  const addresses: Record<string, string[]> = {};
  const moved: Record<string, MovedBlock[]> = {};
  for (const name of Object.keys(stacks).sort()) {
    const json = stacks[name];
    addresses[name] = Object.entries((json.resource ?? {}) as Record<string, Record<string, unknown>>)
      .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
      .sort();
    moved[name] = ((json.moved ?? []) as Json[]).map((b) => ({ from: String(b.from), to: String(b.to) }));
  }
  return { addresses, moved };
}

/** The text of addresses/<example>.json: stacks and addresses sorted, two-space JSON, one trailing newline. */
export function formatAddressFile(addresses: AddressLists): string {
  const sorted = Object.fromEntries(Object.keys(addresses).sort().map((stack) => [stack, [...addresses[stack]].sort()]));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/**
 * Compares an example's committed lists with its synthesized ones, stack by stack; a committed address that is gone
 * counts as moved only through a moved block of its own stack that ends at an address the stack has.
 */
export function compareAddresses(committed: AddressLists, synthesized: AddressLists, movedByStack: MovedByStack = {}): AddressDiff {
  const missing: Missing[] = [];
  const moved: Moved[] = [];
  const added: StackAddress[] = [];
  const stillDeclared: Moved[] = [];
  const stacks = (lists: AddressLists) => Object.keys(lists).sort();
  for (const stack of stacks(synthesized)) {
    const now = new Set(synthesized[stack]);
    const blocks = movedByStack[stack] ?? [];
    for (const b of blocks) if (now.has(b.from)) stillDeclared.push({ stack, ...b });
    if (!(stack in committed)) continue;
    const before = new Set(committed[stack]);
    for (const address of [...before].sort()) {
      if (now.has(address)) continue;
      const to = followMoves(address, blocks);
      if (to === undefined) missing.push({ stack, address, reason: "no moved block" });
      else if (now.has(to)) moved.push({ stack, from: address, to });
      else missing.push({ stack, address, reason: `moved to ${to}, which does not exist` });
    }
    for (const address of [...now].sort()) if (!before.has(address)) added.push({ stack, address });
  }
  return {
    missing,
    moved,
    added,
    stillDeclared,
    addedStacks: stacks(synthesized).filter((s) => !(s in committed)),
    removedStacks: stacks(committed).filter((s) => !(s in synthesized)),
  };
}

/** Where an address ends up through the stack's moved blocks (Terraform follows chains a -> b -> c); none: undefined. */
function followMoves(address: string, blocks: readonly MovedBlock[]): string | undefined {
  const seen = new Set([address]);
  let at = address;
  for (;;) {
    const next = blocks.find((b) => b.from === at);
    if (!next || seen.has(next.to)) break;
    at = next.to;
    seen.add(at);
  }
  return at === address ? undefined : at;
}

/** Whether users' next apply would destroy (and recreate) resources or fail; the rest only means the list is stale. */
export function breaksState(diff: AddressDiff): boolean {
  return diff.missing.length > 0 || diff.stillDeclared.length > 0 || diff.removedStacks.length > 0;
}

/** One line per difference, e.g. `domino-infra: aws_vpc.x disappeared (no moved block): Terraform would replace it`. */
export function describeDiff(diff: AddressDiff): string[] {
  const moveTargets = new Set(diff.moved.map((m) => `${m.stack} ${m.to}`));
  return [
    ...diff.removedStacks.map((s) => `${s}: stack disappeared: Terraform would no longer manage its resources`),
    ...diff.missing.map((m) => `${m.stack}: ${m.address} disappeared (${m.reason}): Terraform would destroy and recreate it`),
    ...diff.stillDeclared.map((m) => `${m.stack}: moved block from ${m.from} to ${m.to}, but ${m.from} is still declared (Terraform: "Moved object still exists")`),
    ...diff.moved.map((m) => `${m.stack}: ${m.from} moved to ${m.to}`),
    ...diff.addedStacks.map((s) => `${s}: new stack`),
    ...diff.added.filter((a) => !moveTargets.has(`${a.stack} ${a.address}`)).map((a) => `${a.stack}: ${a.address} is new`),
  ];
}
