import type { ParsedDeployment } from "../../config/schema";

/** The zones external-dns may change records in: `externalDns.hostedZoneIds`, else `[dns.hostedZoneId]` when set. */
export function externalDnsZoneIds(d: Pick<ParsedDeployment, "externalDns" | "dns">): readonly string[] {
  return d.externalDns.hostedZoneIds ?? (d.dns.hostedZoneId ? [d.dns.hostedZoneId] : []);
}
