/** describe: the reference deployment's summary, its cost figures and diagram, price overrides and input errors. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundledPrices, estimateMonthly, mergePrices, PriceFileError } from "../../cli/describe/cost";
import { runDescribe } from "../../cli/describe/command";
import { runSynth } from "../../cli/synth-command";

const ROOT = path.resolve(__dirname, "../..");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe("domino-eks describe, on the reference deployment", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-describe-"));
  fs.copyFileSync(path.join(ROOT, "examples/reference.yaml"), path.join(dir, "domino-eks.yaml"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  expect(runSynth(["--quiet"], capture().io, {}, dir)).toBe(0);
  const run = capture();
  const code = runDescribe([], run.io, {}, dir);
  const md = fs.readFileSync(path.join(dir, "cdktf.out", "domino.md"), "utf8");
  const p = bundledPrices();
  const h = p.hoursPerMonth;

  test("prints one line per deployment with the estimate, and writes cdktf.out/<deployId>.md", () => {
    expect(code).toBe(0);
    expect(run.err).toEqual([]);
    const total = 4 * p.instancesPerHour["m5.4xlarge"] * h + 3 * p.instancesPerHour["m5.2xlarge"] * h + (4 * 128 + 3 * 400) * p.ebsPerGbMonth.gp3 + p.eksControlPlanePerHour * h + 3 * p.natGatewayPerHour * h;
    expect(run.out).toEqual([
      [
        "domino (us-west-2, Kubernetes 1.35): 3 zone(s), 6 subnet(s), 7 node group(s), 3 NAT gateway(s), 1 endpoint(s), 5 bucket(s), 6 EKS add-on(s), 2 chart(s)",
        `  baseline estimate: about $${Math.round(total).toLocaleString("en-US")} per month at ${p.asOf} list prices of us-east-1, us-west-2`,
        `  wrote ${path.join("cdktf.out", "domino.md")}`,
      ].join("\n"),
    ]);
  });

  test("the summary lists zones, subnets with CIDRs, node groups per pool and zone, NAT, endpoints, buckets and add-ons", () => {
    expect(md).toMatch(/^# domino: what the stacks build\n\nRegion us-west-2, Kubernetes 1\.35, new VPC 10\.0\.0\.0\/16, zones usw2-az1, usw2-az2, usw2-az3\./);
    for (const row of ["| usw2-az1 | private | 10.0.0.0/19 |", "| usw2-az2 | private | 10.0.32.0/19 |", "| usw2-az3 | public | 10.0.96.64/27 |"]) expect(md).toContain(row);
    expect(md).toContain("| domino-platform | platform | usw2-az1, usw2-az2, usw2-az3 | m5.4xlarge | 4 | 6 | 128 GiB | ON_DEMAND | AL2023_x86_64_STANDARD |");
    expect(md).toContain("| domino-default-usw2-az2 | default | usw2-az2 | m5.2xlarge | 1 | 20 | 400 GiB | ON_DEMAND | AL2023_x86_64_STANDARD |");
    expect(md).toContain("| domino-default-gpu-usw2-az3 | default-gpu | usw2-az3 | p3.2xlarge | 0 | 5 | 400 GiB | ON_DEMAND | AL2023_x86_64_NVIDIA |");
    expect(md).toContain("- NAT gateways: 3\n- VPC endpoints: s3 (gateway)\n");
    expect(md).toContain("- Certificate: domino.example.com and *.domino.example.com, **pending validation**: after the infra stage is applied, `terraform -chdir=cdktf.out/stacks/domino-infra output certificate_validation_records` lists the CNAME records to create");
    expect(md).toMatch(/- S3 buckets: domino-backups, domino-blobs, domino-logs, domino-registry, domino-monitoring/);
    expect(md).toContain("| vpc-cni (EKS add-on) | EKS default for 1.35 | looked up at plan (aws_eks_addon_version) |");
    expect(md).toMatch(/\| cluster-autoscaler \(Helm\) \| 9\.54\.0 \| chart cluster-autoscaler from https:\/\/kubernetes\.github\.io\/autoscaler, image v1\.35\.0, namespace kube-system \|/);
  });

  test("the cost table prices each item from the table and calls itself an estimate", () => {
    expect(md).toContain("## Monthly baseline (an estimate)");
    expect(md).toContain(`| node group domino-platform | 4 x m5.4xlarge (minimum size) | $${Math.round(4 * p.instancesPerHour["m5.4xlarge"] * h).toLocaleString("en-US")} |`);
    expect(md).toContain(`| root volumes domino-default-usw2-az1 | 1 x 400 GiB gp3 | $${Math.round(400 * p.ebsPerGbMonth.gp3)} |`);
    expect(md).toContain(`| EKS control plane | standard support | $${Math.round(p.eksControlPlanePerHour * h)} |`);
    expect(md).toContain(`| NAT gateways | 3 x ${h} h (data processing not counted) | $${Math.round(3 * p.natGatewayPerHour * h)} |`);
    expect(md).not.toContain("interface endpoints |");
    expect(md).toContain(`Prices as of ${p.asOf}; source: ${p.source}.`);
  });

  test("the Mermaid diagram has the VPC, a subgraph per zone with its subnets and groups, and the four stages in order", () => {
    const diagram = md.slice(md.indexOf("```mermaid\n") + 11, md.indexOf("\n```", md.indexOf("```mermaid")));
    const lines = diagram.split("\n");
    expect(lines[0]).toBe("flowchart TB");
    expect(lines).toContain('  subgraph vpc["new VPC 10.0.0.0/16, us-west-2"]');
    for (const zone of ["usw2_az1", "usw2_az2", "usw2_az3"]) expect(lines).toContain(`    subgraph zone_${zone}["${zone.replace("_", "-")}"]`);
    expect(lines).toContain('      usw2_az1_private["private 10.0.0.0/19"]');
    expect(lines).toContain('      ng_domino_default_usw2_az1(["domino-default-usw2-az1<br/>m5.2xlarge, 1-20 nodes"])');
    expect(lines).toContain('    ng_domino_platform(["domino-platform<br/>m5.4xlarge, 4-6 nodes<br/>across usw2-az1, usw2-az2, usw2-az3"])');
    expect(lines.filter((l) => /^ *subgraph /.test(l)).length).toBe(lines.filter((l) => /^ *end$/.test(l)).length);
    expect(lines).toEqual(expect.arrayContaining([
      '  infra -->|"VPC, subnets, KMS key, node S3 and ECR policies"| cluster',
      '  cluster -->|"cluster name and version, node role, node security group"| nodes',
      '  nodes -->|"endpoint and CA, IRSA role ARNs, node groups"| k8s',
    ]));
    for (const l of lines) if (!/^ *(flowchart|subgraph|end$)/.test(l)) expect(l).toMatch(/^ +[A-Za-z0-9_]+( |\[|\(|$)/);
  });

  test("--prices overrides figures and adds instance types; bad files name each field; no synth is an error", () => {
    const prices = path.join(dir, "prices.json");
    fs.writeFileSync(prices, JSON.stringify({ natGatewayPerHour: 0.05, instancesPerHour: { "m5.4xlarge": 1 } }));
    const custom = capture();
    expect(runDescribe(["--prices", prices], custom.io, {}, dir)).toBe(0);
    const md2 = fs.readFileSync(path.join(dir, "cdktf.out", "domino.md"), "utf8");
    expect(md2).toContain(`| node group domino-platform | 4 x m5.4xlarge (minimum size) | $${(4 * h).toLocaleString("en-US")} |`);
    expect(md2).toContain(`| NAT gateways | 3 x ${h} h (data processing not counted) | $${Math.round(3 * 0.05 * h)} |`);
    fs.writeFileSync(prices, JSON.stringify({ natGatewayPerHour: -1, instancesPerHour: { "m5.4xlarge": "cheap" }, spotDiscount: 0.7 }));
    const bad = capture();
    expect(runDescribe(["--prices", prices], bad.io, {}, dir)).toBe(2);
    expect(bad.err[0].split("\n")).toEqual([
      `describe: ${prices}: 3 problem(s):`,
      expect.stringMatching(/^ {2}spotDiscount: is not a price field; known: /),
      "  natGatewayPerHour: must be a price, a number 0 or more (got -1)",
      '  instancesPerHour.m5.4xlarge: must be a price, a number 0 or more (got "cheap")',
    ]);
    const none = capture();
    expect(runDescribe(["--out", "nowhere"], none.io, {}, dir)).toBe(2);
    expect(none.err[0]).toMatch(/^describe: .*nowhere holds no synth record \(domino-eks-config\.json\); run `domino-eks synth` first$/);
  });
});

describe("estimateMonthly", () => {
  test("an instance type the table lacks is named, not priced at zero silently; interface endpoints count per zone", () => {
    const p = bundledPrices();
    const e = estimateMonthly({ nodeGroups: [{ name: "g", instanceType: "x9.huge", minSize: 2, diskSizeGiB: 100, volumeType: "gp3" }], natGateways: 1, interfaceEndpoints: 3, zones: 3, extendedSupport: true }, p);
    expect(e.unpriced).toEqual(["x9.huge"]);
    expect(e.lines.find((l) => l.item === "node group g")?.monthly).toBeUndefined();
    expect(e.lines.find((l) => l.item === "interface endpoints")?.monthly).toBeCloseTo(3 * 3 * p.interfaceEndpointPerZoneHour * p.hoursPerMonth);
    expect(e.lines.find((l) => l.item === "EKS control plane")?.monthly).toBeCloseTo(p.eksExtendedSupportPerHour * p.hoursPerMonth);
    expect(() => mergePrices(p, "[1]", "f.json")).toThrow(PriceFileError);
  });
});

describe("domino-eks describe, with a custom AMI", () => {
  test("the AMI column names the image and its family, and a GPU pool's drivers", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-describe-ami-"));
    try {
      fs.writeFileSync(path.join(dir, "domino-eks.yaml"), [
        "nodePools:",
        "  default: {amiId: ami-0123456789abcdef0}",
        "  default-gpu: {amiId: ami-01234567, amiType: AL2023_x86_64_STANDARD}",
        "",
      ].join("\n"));
      expect(runSynth(["--quiet"], capture().io, {}, dir)).toBe(0);
      expect(runDescribe([], capture().io, {}, dir)).toBe(0);
      const md = fs.readFileSync(path.join(dir, "cdktf.out", "domino.md"), "utf8");
      expect(md).toContain("| domino-default-usw2-az1 | default | usw2-az1 | m5.2xlarge | 1 | 20 | 400 GiB | ON_DEMAND | ami-0123456789abcdef0 (custom, AL2023_x86_64_STANDARD family) |");
      expect(md).toContain("| ON_DEMAND | ami-01234567 (custom, AL2023_x86_64_STANDARD family; NVIDIA drivers must be in the image) |");
      expect(md).toContain("| domino-platform | platform | usw2-az1, usw2-az2, usw2-az3 | m5.4xlarge | 4 | 6 | 128 GiB | ON_DEMAND | AL2023_x86_64_STANDARD |");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
