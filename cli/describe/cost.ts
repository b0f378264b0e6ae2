/**
 * A rough monthly baseline at list prices: what a deployment costs standing still, before anyone runs a workload.
 * Counted: each node group at its minimum size with its root volumes, the EKS control plane, NAT gateway hours and
 * interface endpoint hours. Not counted: data transfer and NAT data processing, S3, EFS, CloudWatch Logs, KMS requests,
 * load balancers, and every node the autoscaler adds. Pure: facts and prices in, lines out.
 */
import BUNDLED_PRICES from "./prices.json";

export interface PriceTable {
  readonly about: string;
  readonly source: string;
  readonly asOf: string;
  /** Regions whose list prices these are. */
  readonly regions: readonly string[];
  readonly hoursPerMonth: number;
  readonly eksControlPlanePerHour: number;
  readonly eksExtendedSupportPerHour: number;
  readonly natGatewayPerHour: number;
  readonly interfaceEndpointPerZoneHour: number;
  readonly ebsPerGbMonth: Readonly<Record<string, number>>;
  readonly instancesPerHour: Readonly<Record<string, number>>;
}

/** The price table shipped with the project (cli/describe/prices.json). */
export function bundledPrices(): PriceTable {
  return BUNDLED_PRICES;
}

export class PriceFileError extends Error {}

const NUMBER_FIELDS = ["hoursPerMonth", "eksControlPlanePerHour", "eksExtendedSupportPerHour", "natGatewayPerHour", "interfaceEndpointPerZoneHour"] as const;

/** The bundled table with a file's figures over it; every bad figure is reported at once, naming its field. */
export function mergePrices(base: PriceTable, text: string, file: string): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PriceFileError(`${file} is not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new PriceFileError(`${file} must hold a JSON object of prices`);
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(["about", "source", "asOf", "regions", ...NUMBER_FIELDS, "ebsPerGbMonth", "instancesPerHour"]);
  for (const key of Object.keys(o)) if (!known.has(key)) problems.push(`${key}: is not a price field; known: ${[...known].join(", ")}`);
  const price = (at: string, v: unknown) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) problems.push(`${at}: must be a price, a number 0 or more (got ${JSON.stringify(v)})`);
  };
  for (const key of NUMBER_FIELDS) if (key in o) price(key, o[key]);
  for (const key of ["ebsPerGbMonth", "instancesPerHour"] as const) {
    if (!(key in o)) continue;
    const map = o[key];
    if (typeof map !== "object" || map === null || Array.isArray(map)) problems.push(`${key}: must be an object of prices by name`);
    else for (const [name, v] of Object.entries(map)) price(`${key}.${name}`, v);
  }
  for (const key of ["about", "source", "asOf"] as const) if (key in o && typeof o[key] !== "string") problems.push(`${key}: must be a string`);
  if ("regions" in o && (!Array.isArray(o.regions) || !o.regions.every((r) => typeof r === "string"))) problems.push("regions: must be a list of region names");
  if (problems.length > 0) throw new PriceFileError(`${file}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return {
    ...base,
    ...(o as Partial<PriceTable>),
    ebsPerGbMonth: { ...base.ebsPerGbMonth, ...(o.ebsPerGbMonth as Record<string, number> | undefined) },
    instancesPerHour: { ...base.instancesPerHour, ...(o.instancesPerHour as Record<string, number> | undefined) },
  };
}

/** What the baseline is computed from (describe reads it from the plan and the synthesized stacks). */
export interface CostInputs {
  readonly nodeGroups: readonly { readonly name: string; readonly instanceType: string; readonly minSize: number; readonly diskSizeGiB: number; readonly volumeType: string }[];
  readonly natGateways: number;
  /** Interface endpoints, each with one network interface per zone. */
  readonly interfaceEndpoints: number;
  readonly zones: number;
  readonly extendedSupport: boolean;
}

export interface CostLine {
  readonly item: string;
  readonly detail: string;
  /** USD per month, or undefined when the table has no price for it. */
  readonly monthly: number | undefined;
}

export function estimateMonthly(inputs: CostInputs, prices: PriceTable): { lines: CostLine[]; total: number; unpriced: string[] } {
  const h = prices.hoursPerMonth;
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  for (const g of inputs.nodeGroups) {
    const hourly = prices.instancesPerHour[g.instanceType];
    if (hourly === undefined) unpriced.push(g.instanceType);
    lines.push({ item: `node group ${g.name}`, detail: `${g.minSize} x ${g.instanceType} (minimum size)`, monthly: hourly === undefined ? undefined : g.minSize * hourly * h });
    const gb = prices.ebsPerGbMonth[g.volumeType];
    if (g.minSize > 0) lines.push({ item: `root volumes ${g.name}`, detail: `${g.minSize} x ${g.diskSizeGiB} GiB ${g.volumeType}`, monthly: gb === undefined ? undefined : g.minSize * g.diskSizeGiB * gb });
  }
  const controlPlane = inputs.extendedSupport ? prices.eksExtendedSupportPerHour : prices.eksControlPlanePerHour;
  lines.push({ item: "EKS control plane", detail: inputs.extendedSupport ? "extended support" : "standard support", monthly: controlPlane * h });
  if (inputs.natGateways > 0) lines.push({ item: "NAT gateways", detail: `${inputs.natGateways} x ${h} h (data processing not counted)`, monthly: inputs.natGateways * prices.natGatewayPerHour * h });
  if (inputs.interfaceEndpoints > 0) {
    lines.push({
      item: "interface endpoints",
      detail: `${inputs.interfaceEndpoints} x ${inputs.zones} zone(s) (data processing not counted)`,
      monthly: inputs.interfaceEndpoints * inputs.zones * prices.interfaceEndpointPerZoneHour * h,
    });
  }
  const total = lines.reduce((sum, l) => sum + (l.monthly ?? 0), 0);
  return { lines, total, unpriced: [...new Set(unpriced)] };
}
