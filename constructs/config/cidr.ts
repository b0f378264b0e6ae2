/**
 * CIDR math for subnet layout. ipaddr.js parses and matches; allocation packs blocks in order, each aligned to its
 * own size, which is what a person laying out a VPC by hand does.
 */
import * as ipaddr from "ipaddr.js";

export interface Block {
  readonly base: number;
  readonly prefix: number;
}

export function parseBlock(cidr: string): Block {
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  const bytes = addr.toByteArray();
  const raw = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  return { base: networkBase(raw, prefix), prefix };
}

export function formatBlock(block: Block): string {
  const b = block.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${block.prefix}`;
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

function networkBase(address: number, prefix: number): number {
  return prefix === 0 ? 0 : Math.floor(address / blockSize(prefix)) * blockSize(prefix);
}

/** The network of a CIDR with its host bits cleared: 10.0.1.0/16 -> 10.0.0.0/16. */
export function networkOfCidr(cidr: string): string {
  return formatBlock(parseBlock(cidr));
}

/** True when the address part has host bits set, e.g. 10.0.1.0/16. */
export function hasHostBits(cidr: string): boolean {
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`).toString() !== addr.toString();
}

export function overlaps(a: string, b: string): boolean {
  const x = parseBlock(a);
  const y = parseBlock(b);
  return x.base < y.base + blockSize(y.prefix) && y.base < x.base + blockSize(x.prefix);
}

export function contains(outer: string, inner: string): boolean {
  const o = parseBlock(outer);
  const i = parseBlock(inner);
  return i.prefix >= o.prefix && i.base >= o.base && i.base + blockSize(i.prefix) <= o.base + blockSize(o.prefix);
}

/**
 * Packs blocks of the given prefixes into `within`, in order. Returns undefined when they do not fit.
 * Each block starts at the next address aligned to its size.
 */
export function allocate(within: string, prefixes: readonly number[]): string[] | undefined {
  const outer = parseBlock(within);
  const end = outer.base + blockSize(outer.prefix);
  let next = outer.base;
  const result: string[] = [];
  for (const prefix of prefixes) {
    if (prefix < outer.prefix) return undefined;
    const size = blockSize(prefix);
    const start = Math.ceil(next / size) * size;
    if (start + size > end) return undefined;
    result.push(formatBlock({ base: start, prefix }));
    next = start + size;
  }
  return result;
}

/**
 * True when the blocks together cover every IPv4 address (0.0.0.0/0, or 0.0.0.0/1 with 128.0.0.0/1, ...): such a list
 * is "anywhere" whatever its spelling.
 */
export function coversWholeInternet(cidrs: readonly string[]): boolean {
  const ranges = cidrs
    .map(parseBlock)
    .map((b) => [b.base, b.base + blockSize(b.prefix)] as const)
    .sort((x, y) => x[0] - y[0]);
  let reached = 0;
  for (const [start, end] of ranges) {
    if (start > reached) return false;
    reached = Math.max(reached, end);
  }
  return reached >= 2 ** 32;
}

/** The n-th address of a CIDR, as Terraform's cidrhost: cidrHost("172.20.0.0/16", 10) is 172.20.0.10. */
export function cidrHost(cidr: string, n: number): string {
  const { base, prefix } = parseBlock(cidr);
  if (n < 0 || n >= blockSize(prefix)) throw new Error(`${cidr} has no address number ${n}`);
  return formatBlock({ base: base + n, prefix: 32 }).replace(/\/32$/, "");
}
