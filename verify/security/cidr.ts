/** CIDR arithmetic for "open to the whole internet", whether in one block (0.0.0.0/0) or spread over several. */
import * as ipaddr from "ipaddr.js";
import { isExpression } from "../json";

interface Interval {
  readonly from: bigint;
  readonly to: bigint;
}

type Family = "ipv4" | "ipv6";

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

function parse(cidr: unknown): { family: Family; interval: Interval; prefix: number } | undefined {
  if (typeof cidr !== "string" || isExpression(cidr)) return undefined;
  try {
    const [address, prefix] = ipaddr.parseCIDR(cidr.trim());
    const family = address.kind();
    const bits = BITS[family];
    const value = address.toByteArray().reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
    const size = 1n << BigInt(bits - prefix);
    const from = value - (value % size);
    return { family, interval: { from, to: from + size - 1n }, prefix };
  } catch {
    return undefined;
  }
}

/** `0.0.0.0/0`, `::/0` and their spellings: any literal CIDR with a zero-length prefix. */
export function isAnywhere(cidr: unknown): boolean {
  return parse(cidr)?.prefix === 0;
}

/** Addresses no internet host has (RFC 6890 special-purpose blocks): a list may leave them out and still be "anywhere". */
const IPV4_NOT_INTERNET = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
  "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
];
/** The IPv6 internet is global unicast, 2000::/3; everything else is covered for free. */
const IPV6_NOT_INTERNET = ["::/3", "4000::/2", "8000::/1"];

function covers(intervals: Interval[], bits: number): boolean {
  const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let next = 0n;
  for (const interval of sorted) {
    if (interval.from > next) return false;
    if (interval.to + 1n > next) next = interval.to + 1n;
  }
  return next >= 1n << BigInt(bits);
}

/** Which families' whole internet the literal CIDRs cover together (expressions are ignored). */
export function internetCoverage(cidrs: readonly unknown[]): { ipv4: boolean; ipv6: boolean } {
  const parsed = cidrs.map(parse).filter((item) => item !== undefined);
  const of = (family: Family, notInternet: readonly string[]) => {
    const given = parsed.filter((item) => item.family === family).map((item) => item.interval);
    if (given.length === 0) return false;
    const free = notInternet.map((cidr) => parse(cidr)!.interval);
    return covers([...given, ...free], BITS[family]);
  };
  return { ipv4: of("ipv4", IPV4_NOT_INTERNET), ipv6: of("ipv6", IPV6_NOT_INTERNET) };
}

/** Whether the CIDRs, together, let in every internet address of IPv4 or of IPv6. */
export function coversInternet(cidrs: readonly unknown[]): boolean {
  const coverage = internetCoverage(cidrs);
  return coverage.ipv4 || coverage.ipv6;
}
