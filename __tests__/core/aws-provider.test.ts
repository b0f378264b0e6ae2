/** aws.useFipsEndpoints and aws.ignoreTags: the AWS provider of every stack that has one. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { FIPS_ENDPOINT_REGIONS } from "../../constructs/config/aws-facts";
import { exampleYaml, problemsOf } from "../helpers/config";
import { synthCluster, synthNodes } from "../helpers/fake-upstream";
import type { Json } from "../helpers/json";
import { synthInfra } from "../infra/helpers";
import { synthK8s } from "../k8s/fakes";

function synthApp(yaml: string): Record<string, Json> {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-provider-")), "cdktf.out");
  try {
    synthesize(parseConfig(yaml, "test.yaml"), outdir);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    return Object.fromEntries(Object.keys(manifest.stacks).map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]));
  } finally {
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  }
}

const SETTINGS = "aws:\n  useFipsEndpoints: true\n  ignoreTags:\n    keys: [scan-date, owner-team]\n    keyPrefixes: [\"cost:\"]\n";

describe("the AWS provider of every stage", () => {
  const stacks = {
    infra: synthInfra(SETTINGS).json,
    cluster: synthCluster(SETTINGS),
    nodes: synthNodes(SETTINGS),
  };

  test.each(Object.keys(stacks))("%s: use_fips_endpoint and ignore_tags, with the region and default tags", (stage) => {
    expect(stacks[stage as keyof typeof stacks].provider.aws).toEqual([{
      region: "us-west-2",
      default_tags: [{ tags: { "domino-deploy-id": "domino" } }],
      use_fips_endpoint: true,
      ignore_tags: [{ keys: ["scan-date", "owner-team"], key_prefixes: ["cost:"] }],
    }]);
  });

  test("k8s has no AWS provider (kubernetes and helm authenticate with aws eks get-token): nothing to set", () => {
    const { json } = synthK8s(SETTINGS);
    expect(json.provider.aws).toBeUndefined();
    expect(Object.keys(json.provider).sort()).toEqual(["helm", "kubernetes"]);
  });

  test("by default neither is set, so existing stacks do not change", () => {
    for (const json of [synthInfra().json, synthCluster(), synthNodes()]) {
      expect(json.provider.aws).toEqual([{ region: "us-west-2", default_tags: [{ tags: { "domino-deploy-id": "domino" } }] }]);
    }
  });

  test("only key prefixes: the block carries only key_prefixes", () => {
    expect(synthInfra("aws: { ignoreTags: { keyPrefixes: [\"team:\"] } }").json.provider.aws[0].ignore_tags).toEqual([{ key_prefixes: ["team:"] }]);
  });
});

describe("govcloud.yaml: FIPS and ignored tags in every stack with an AWS provider", () => {
  const stacks = synthApp(exampleYaml("govcloud.yaml"));

  test("all four stacks synthesized; infra, cluster and nodes call FIPS endpoints and ignore the agency's tags", () => {
    expect(Object.keys(stacks).sort()).toEqual(["domino-gov-cluster", "domino-gov-infra", "domino-gov-k8s", "domino-gov-nodes"]);
    const withAws = Object.entries(stacks).filter(([, json]) => json.provider.aws).map(([name]) => name).sort();
    expect(withAws).toEqual(["domino-gov-cluster", "domino-gov-infra", "domino-gov-nodes"]);
    for (const name of withAws) {
      expect(stacks[name].provider.aws).toEqual([expect.objectContaining({
        region: "us-gov-west-1",
        use_fips_endpoint: true,
        ignore_tags: [{ keys: ["compliance-scan-date"], key_prefixes: ["agency:"] }],
      })]);
    }
  });
});

describe("aws: bad input is refused by field", () => {
  test("FIPS endpoints only where AWS has them", () => {
    expect(problemsOf("region: eu-west-1\navailabilityZones: [euw1-az1, euw1-az2, euw1-az3]\naws: { useFipsEndpoints: true }")).toEqual([
      `aws.useFipsEndpoints: AWS has no FIPS endpoints for EKS and the other services the stacks call in eu-west-1, so their API calls would fail; they all have them in ${FIPS_ENDPOINT_REGIONS.join(", ")}: deploy there, or leave useFipsEndpoints false`,
    ]);
    expect(FIPS_ENDPOINT_REGIONS).toEqual(["us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1"]);
    // Canada has FIPS endpoints for some services, but not for EKS.
    expect(problemsOf("region: ca-central-1\navailabilityZones: [cac1-az1, cac1-az2, cac1-az4]\naws: { useFipsEndpoints: true }")[0]).toMatch(/^aws\.useFipsEndpoints: AWS has no FIPS endpoints for EKS and the other services the stacks call in ca-central-1/);
    for (const [region, zone] of [["us-east-1", "use1"], ["us-west-1", "usw1"], ["us-gov-east-1", "usge1"]]) {
      expect(problemsOf(`region: ${region}\navailabilityZones: [${zone}-az1, ${zone}-az2, ${zone}-az4]\naws: { useFipsEndpoints: true }`)).toEqual([]);
    }
    expect(problemsOf("aws: { useFipsEndpoints: yes please }")).toEqual(["aws.useFipsEndpoints: must be a boolean, not string \"yes please\""]);
  });

  test("ignoreTags never covers a tag the deployment sets, and lists each entry once", () => {
    expect(problemsOf("tags: { cost-center: ds-42 }\naws: { ignoreTags: { keys: [cost-center, Name, scan-date, scan-date], keyPrefixes: [\"domino-\", \"kubernetes.io/\", \"agency:\"] } }")).toEqual([
      "aws.ignoreTags.keys[0]: is cost-center, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets",
      "aws.ignoreTags.keys[1]: is Name, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets",
      "aws.ignoreTags.keys[3]: scan-date is listed twice",
      "aws.ignoreTags.keyPrefixes[0]: covers domino-deploy-id, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets",
      "aws.ignoreTags.keyPrefixes[1]: covers kubernetes.io/role/elb, a tag this deployment sets (tags, domino-deploy-id, Name, the Kubernetes subnet tags or Karpenter's discovery tag); the provider would stop managing it: ignore only tags another system sets",
    ]);
    expect(problemsOf("aws: { ignoreTags: { keys: [\"\"], other: [] } }")).toEqual([
      "aws.ignoreTags.keys[0]: must not be empty",
      expect.stringMatching(/^aws\.ignoreTags\.other: is not a known field; allowed here: keys, keyPrefixes$/),
    ]);
  });
});
