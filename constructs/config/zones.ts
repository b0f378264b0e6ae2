/**
 * Availability-zone helpers shared by the rules, the plan and the cluster stage. Pure functions, no cdktf imports.
 */
import { zoneIdPrefix } from "./aws-facts";
import { EKS_CONTROL_PLANE_MIN_ZONES, EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS } from "./defaults";
import type { ParsedDeployment } from "./schema";

export { zoneIdPrefix };

/** The zones among `zoneIds` where EKS can place control-plane network interfaces, in the same order. */
export function eksControlPlaneZones(zoneIds: readonly string[]): string[] {
  return zoneIds.filter((z) => !EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS.includes(z));
}

/** True when the deployment's own zones give EKS fewer than the two control-plane zones it needs. */
export function needsControlPlaneZone(zoneIds: readonly string[]): boolean {
  return eksControlPlaneZones(zoneIds).length < EKS_CONTROL_PLANE_MIN_ZONES;
}

/**
 * The default of network.controlPlaneZoneId, derived offline (no AWS call): the first of the region's zone ids az1..az4
 * that the deployment does not use and EKS supports. Every region has az1-az3 except where an account lacks one;
 * network.controlPlaneZoneId overrides the derivation. The prefix comes from the first zone when the region's short
 * form is not known.
 */
export function defaultControlPlaneZoneId(region: string, zoneIds: readonly string[]): string | undefined {
  const prefix = zoneIdPrefix(region) ?? zoneIds[0]?.replace(/-az\d+$/, "");
  if (!prefix) return undefined;
  return [1, 2, 3, 4]
    .map((i) => `${prefix}-az${i}`)
    .find((z) => !zoneIds.includes(z) && !EKS_CONTROL_PLANE_UNSUPPORTED_ZONE_IDS.includes(z));
}

/**
 * The zone of the extra control-plane subnet a created VPC gets: network.controlPlaneZoneId or its derived default,
 * when the deployment's zones give EKS fewer than two; undefined otherwise and with a brought VPC.
 */
export function controlPlaneZoneId(config: Pick<ParsedDeployment, "region" | "availabilityZones" | "network">): string | undefined {
  if (config.network.existingVpc || !needsControlPlaneZone(config.availabilityZones)) return undefined;
  return config.network.controlPlaneZoneId ?? defaultControlPlaneZoneId(config.region, config.availabilityZones);
}
