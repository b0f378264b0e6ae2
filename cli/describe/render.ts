/**
 * describe's output: a Markdown summary per deployment with a Mermaid diagram (renders in a pull request) and the
 * monthly baseline. Pure: facts in, text out.
 */
import { estimateMonthly, type PriceTable } from "./cost";
import type { DeploymentFacts, NodeGroupFact } from "./facts";

const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, "_");
const label = (text: string) => text.replace(/"/g, "'");
const sizes = (g: NodeGroupFact) => `${g.instanceTypes.join(", ")}, ${g.minSize}-${g.maxSize} nodes`;

/** What each stage reads from the stages before it (core/stage-outputs.ts). */
export const STAGE_READS = {
  cluster: "VPC, subnets, KMS key, node S3 and ECR policies",
  nodes: "cluster name and version, node role, node security group",
  k8s: "endpoint and CA, IRSA role ARNs, node groups",
} as const;

export function mermaidDiagram(f: DeploymentFacts): string {
  const lines = ["flowchart TB", `  subgraph vpc["${label(`${f.vpc}, ${f.region}`)}"]`];
  for (const zone of f.zones) {
    lines.push(`    subgraph ${id(`zone_${zone}`)}["${zone}"]`);
    for (const s of f.subnets.filter((s) => s.zoneId === zone)) lines.push(`      ${id(`${zone}_${s.kind}`)}["${label(`${s.kind} ${s.cidr}`)}"]`);
    // A group of one zone sits in it: the compute pools', and an adopted platform pool's (one group per zone).
    for (const g of f.nodeGroups.filter((g) => g.zoneIds.length === 1 && g.zoneIds[0] === zone)) {
      lines.push(`      ${id(`ng_${g.name}`)}(["${label(`${g.name}<br/>${sizes(g)}`)}"])`);
    }
    lines.push("    end");
  }
  for (const s of f.subnets.filter((s) => !f.zones.includes(s.zoneId))) lines.push(`    ${id(`${s.zoneId}_${s.kind}`)}["${label(`${s.kind} ${s.cidr} (${s.zoneId}, control plane only)`)}"]`);
  for (const g of f.nodeGroups.filter((g) => g.zoneIds.length !== 1)) {
    lines.push(`    ${id(`ng_${g.name}`)}(["${label(`${g.name}<br/>${sizes(g)}<br/>across ${g.zoneIds.join(", ")}`)}"])`);
  }
  lines.push("  end");
  lines.push(
    `  infra[["${f.deployId}-infra<br/>${f.resources.infra} resources"]]`,
    `  cluster[["${f.deployId}-cluster<br/>${f.resources.cluster} resources"]]`,
    `  nodes[["${f.deployId}-nodes<br/>${f.resources.nodes} resources"]]`,
    `  k8s[["${f.deployId}-k8s<br/>${f.resources.k8s} resources"]]`,
    `  infra -->|"${STAGE_READS.cluster}"| cluster`,
    `  cluster -->|"${STAGE_READS.nodes}"| nodes`,
    `  nodes -->|"${STAGE_READS.k8s}"| k8s`,
    "  infra -.-> vpc",
    "  nodes -.-> vpc",
  );
  return lines.join("\n");
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

/** The baseline of a deployment: its node groups at their minimum (first instance type, gp3 root volumes), NAT, endpoints. */
export function estimateFor(f: DeploymentFacts, prices: PriceTable) {
  return estimateMonthly(
    {
      nodeGroups: f.nodeGroups.map((g) => ({ name: g.name, instanceType: g.instanceTypes[0], minSize: g.minSize, diskSizeGiB: g.diskSizeGiB, volumeType: "gp3" })),
      natGateways: f.natGateways,
      interfaceEndpoints: f.endpoints.filter((e) => e.type === "Interface").length,
      zones: f.zones.length,
      extendedSupport: false,
    },
    prices,
  );
}

export function costSection(f: DeploymentFacts, prices: PriceTable): string[] {
  const estimate = estimateFor(f, prices);
  return [
    "## Monthly baseline (an estimate)",
    "",
    `A rough figure, not a quote. ${prices.about} Prices as of ${prices.asOf}; source: ${prices.source}.`,
    ...(prices.regions.includes(f.region) ? [] : [`This deployment is in ${f.region}, not ${prices.regions.join(" or ")}: its prices differ from these; give them with \`--prices FILE\`.`]),
    "It counts each node group at its minimum size (priced at its first instance type), root volumes, the EKS control plane at standard support, NAT gateway hours and interface endpoint hours. It leaves out data transfer, NAT and endpoint data processing, S3, EFS, logs, load balancers, and every node the autoscaler adds.",
    "",
    "| item | what | USD per month |",
    "|---|---|---:|",
    ...estimate.lines.map((l) => `| ${l.item} | ${l.detail} | ${l.monthly === undefined ? "not in the price table" : usd(l.monthly)} |`),
    `| **total** | | **${usd(estimate.total)}**${estimate.unpriced.length ? " + unpriced items" : ""} |`,
    "",
    ...(estimate.unpriced.length ? [`Not in the price table: ${estimate.unpriced.join(", ")}; give their hourly prices with \`--prices FILE\`.`, ""] : []),
    `A Kubernetes version in EKS extended support costs $${prices.eksExtendedSupportPerHour.toFixed(2)} per hour instead of $${prices.eksControlPlanePerHour.toFixed(2)}.`,
  ];
}

/** The certificate's validation, and for a pending one what to do before Domino can serve TLS with it. */
export function certificateLine(f: DeploymentFacts): string {
  const names = `${f.certificate.fqdn} and *.${f.certificate.fqdn}`;
  switch (f.certificate.validation) {
    case "route53":
      return `${names}, validated through the records the infra stage writes into the hosted zone ${f.certificate.hostedZoneId}`;
    case "external":
      return `${names}; the infra stage waits until ACM has validated it through the DNS records you created`;
    case "pending":
      return `${names}, **pending validation**: after the infra stage is applied, \`terraform -chdir=cdktf.out/stacks/${f.deployId}-infra output certificate_validation_records\` lists the CNAME records to create in the DNS of ${f.certificate.fqdn} (domino_config's certificate.validationRecords holds them too); create them, set \`dns.certificateValidation: external\`, synth and apply the infra stage again`;
  }
}

export function markdownSummary(f: DeploymentFacts, prices: PriceTable): string {
  const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
  const lines = [
    `# ${f.deployId}: what the stacks build`,
    "",
    `Region ${f.region}, Kubernetes ${f.kubernetesVersion}, ${f.vpc}, zones ${f.zones.join(", ")}. Stacks: ${Object.entries(f.resources).map(([stage, n]) => `${f.deployId}-${stage} (${n} resources)`).join(", ")}; apply them in that order.`,
    "",
    "```mermaid",
    mermaidDiagram(f),
    "```",
    "",
    "## Subnets",
    "",
    ...(f.subnets.length ? table(["zone", "subnet", "CIDR"], f.subnets.map((s) => [s.zoneId, s.kind, s.cidr])) : ["The VPC is brought: its subnets are the ones `network.existingVpc` names."]),
    "",
    "## Node groups",
    "",
    ...table(
      ["node group", "pool", "zones", "instance types", "min", "max", "disk", "capacity", "AMI"],
      f.nodeGroups.map((g) => [g.name, g.pool, g.zoneIds.join(", "), g.instanceTypes.join(", "), String(g.minSize), String(g.maxSize), `${g.diskSizeGiB} GiB`, g.capacityType, g.amiType]),
    ),
    "",
    ...(f.karpenterPools.length
      ? [
          "## Karpenter pools",
          "",
          "No node group: Karpenter launches their nodes for pending pods (none at minimum), up to the NodePool's limit.",
          "",
          ...table(
            ["pool", "zones", "instances", "vCPU limit", "capacity", "AMI"],
            f.karpenterPools.map((p) => [p.pool, p.zoneIds.join(", "), p.instances.join(", "), p.cpuLimit === undefined ? "none" : String(p.cpuLimit), p.capacityType, p.amiType]),
          ),
          "",
        ]
      : []),
    "## Network and storage",
    "",
    `- Certificate: ${certificateLine(f)}`,
    `- NAT gateways: ${f.natGateways}`,
    `- VPC endpoints: ${f.endpoints.length ? f.endpoints.map((e) => `${e.name} (${e.type.toLowerCase()})`).join(", ") : "none"}`,
    `- S3 buckets: ${f.buckets.length ? f.buckets.join(", ") : "none"}`,
    `- EFS file systems: ${f.fileSystems.length ? f.fileSystems.join(", ") : "none"}`,
    `- ECR repositories: ${f.repositories.length ? f.repositories.join(", ") : "none"}`,
    "",
    "## Add-ons",
    "",
    ...table(["add-on", "version", "how"], [...f.eksAddons.map((a) => [`${a.name} (EKS add-on)`, a.version, a.detail ?? ""]), ...f.charts.map((c) => [`${c.name} (Helm)`, c.version, c.detail ?? ""])]),
    "",
    ...costSection(f, prices),
    "",
  ];
  return lines.join("\n");
}

/** The short form describe prints on the terminal. */
export function terminalSummary(f: DeploymentFacts, prices: PriceTable, file: string): string {
  const estimate = estimateFor(f, prices);
  return [
    `${f.deployId} (${f.region}, Kubernetes ${f.kubernetesVersion}): ${f.zones.length} zone(s), ${f.subnets.length} subnet(s), ${f.nodeGroups.length} node group(s), ${f.natGateways} NAT gateway(s), ${f.endpoints.length} endpoint(s), ${f.buckets.length} bucket(s), ${f.eksAddons.length} EKS add-on(s), ${f.charts.length} chart(s)`,
    `  baseline estimate: about ${usd(estimate.total)} per month at ${prices.asOf} list prices of ${prices.regions.join(", ")}${estimate.unpriced.length ? ` (unpriced: ${estimate.unpriced.join(", ")})` : ""}`,
    `  wrote ${file}`,
  ].join("\n");
}
