import { joinPath, type Problem } from "../../config/problems";
import type { Rule } from "../../config/rules";
import { externalDnsZoneIds } from "./zones";

/** Enabled external-dns needs a zone; zones are listed once; the chart needs the role. */
export const externalDnsRules: Rule = ({ deployment: d }) => {
  const e = d.externalDns;
  const out: Problem[] = [];
  const zones = externalDnsZoneIds(d);
  if (e.enabled && zones.length === 0) {
    out.push({
      path: joinPath(["externalDns", "hostedZoneIds"]),
      message: e.hostedZoneIds
        ? "must list at least one Route53 hosted zone id with externalDns.enabled (the role may change records only in these zones)"
        : "is required with externalDns.enabled: list the Route53 hosted zone ids external-dns may change records in, or set dns.hostedZoneId",
    });
  }
  const seen = new Set<string>();
  (e.hostedZoneIds ?? []).forEach((id, i) => {
    if (seen.has(id)) out.push({ path: joinPath(["externalDns", "hostedZoneIds", i]), message: `${id} is listed twice` });
    seen.add(id);
  });
  if (e.chart.enabled && !e.enabled) {
    out.push({
      path: joinPath(["externalDns", "chart", "enabled"]),
      message: "needs externalDns.enabled: true (the chart's service account uses external-dns's IRSA role, which enabled: false leaves out)",
    });
  }
  return out;
};
