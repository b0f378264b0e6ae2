/** Port ranges for the public-ingress allow list. */
import { VerifyInputError } from "../stacks";

/** A single port (`443` or `{ port: 443 }`) or an inclusive range (`{ from: 30000, to: 32767 }`). */
export type PortSpec = number | { readonly port: number } | { readonly from: number; readonly to: number };

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

const isPort = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 65535;

export function toPortRange(spec: PortSpec): PortRange {
  const range = typeof spec === "number" ? { from: spec, to: spec } : "port" in spec ? { from: spec.port, to: spec.port } : spec;
  if (!isPort(range.from) || !isPort(range.to) || range.from > range.to) {
    throw new VerifyInputError(`invalid port or port range: ${JSON.stringify(spec)}`);
  }
  return { from: range.from, to: range.to };
}

/** `443` or `30000-32767`. */
export function parsePortSpec(text: string): PortRange {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (match === null) throw new VerifyInputError(`invalid port or port range: "${text}" (expected e.g. 443 or 30000-32767)`);
  return toPortRange({ from: Number(match[1]), to: Number(match[2] ?? match[1]) });
}

export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/** Whether every port of `range` lies in the union of `allowed`. */
export function isRangeAllowed(range: PortRange, allowed: readonly PortRange[]): boolean {
  let next = range.from;
  for (const candidate of [...allowed].sort((a, b) => a.from - b.from)) {
    if (candidate.from > next) break;
    next = Math.max(next, candidate.to + 1);
    if (next > range.to) return true;
  }
  return next > range.to;
}
