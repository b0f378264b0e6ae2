/** Synth warns when two deployments of one file would create an AWS object of the same name. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { largeConfig } from "../../scripts/bench";

const outdir = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-clash-")), "cdktf.out");

/** `acme`'s default-gpu pool and `acme-default`'s gpu pool both name their launch templates acme-default-gpu-<zone>. */
const twoDeployments = (secondRegion: string, zones: string) => `
deployments:
  - deployId: acme
    fqdn: acme.example.com
  - deployId: acme-default
    fqdn: other.example.com
    region: ${secondRegion}
    availabilityZones: [${zones}]
    nodePools:
      default-gpu: {enabled: false}
      gpu: {instanceTypes: [g5.xlarge], maxSize: 2}
`;

describe("name clashes between the deployments of one file", () => {
  it("warns once for each regional name both deployments create in one region, naming the two stacks", () => {
    const warnings = synthesize(parseConfig(twoDeployments("us-west-2", "usw2-az1, usw2-az2, usw2-az3"), "two.yaml"), outdir());
    expect(warnings).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"].map((zone) =>
      `warning: acme-default-nodes and acme-nodes both create aws_launch_template "acme-default-gpu-${zone}" (in us-west-2); applied in one account, the second apply fails; give one of the deployments other names`,
    ));
  });

  it("says nothing when the regional names are in different regions", () => {
    expect(synthesize(parseConfig(twoDeployments("us-east-2", "use2-az1, use2-az2, use2-az3"), "two.yaml"), outdir())).toEqual([]);
  });

  it("says nothing for the example with two deployments", () => {
    const yaml = fs.readFileSync(path.join(__dirname, "../../examples/two-deployments.yaml"), "utf8");
    expect(synthesize(parseConfig(yaml, "two-deployments.yaml"), outdir())).toEqual([]);
  });
});

describe("the bench's large configs", () => {
  it("are valid configs (a bench that cannot synth measures nothing)", () => {
    expect(parseConfig(largeConfig(2), "large.yaml").map((d) => d.nodePools.length)).toEqual([13, 13]);
  });
});
