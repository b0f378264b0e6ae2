/** The whole app: four stacks per deployment, wired only through cross-stack references, each with its own providers. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseConfig } from "../../cli/config-file";
import { synthesize } from "../../cli/synth";
import { renderJsonSchema, JSON_SCHEMA_FILE } from "../../cli/write-json-schema";
import { describeRules, readmeRuleRow } from "../../verify/security/rules";

type Json = Record<string, any>;

function synthApp(yaml: string): { manifest: Json; stacks: Record<string, Json> } {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-app-")), "cdktf.out");
  synthesize(parseConfig(yaml, "test.yaml"), outdir);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const stacks = Object.fromEntries(
    Object.keys(manifest.stacks).map((name) => [name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8"))]),
  );
  return { manifest, stacks };
}

/** The order `cdktf deploy` applies the stacks in: each after everything it depends on. */
function applyOrder(manifest: Json): string[] {
  const done: string[] = [];
  const names = Object.keys(manifest.stacks);
  while (done.length < names.length) {
    const next = names.find((n) => !done.includes(n) && manifest.stacks[n].dependencies.every((d: string) => done.includes(d)));
    if (!next) throw new Error("dependency cycle between stacks");
    done.push(next);
  }
  return done;
}

const remoteStates = (stack: Json): string[] =>
  Object.values((stack.data?.terraform_remote_state ?? {}) as Record<string, Json>).map((r) => r.config.path as string).sort();

describe("the app", () => {
  const { manifest, stacks } = synthApp("tags: {cost-center: ds-42}\n");

  it("has the four stages, each depending only on the stages before it", () => {
    expect(applyOrder(manifest)).toEqual(["domino-infra", "domino-cluster", "domino-nodes", "domino-k8s"]);
    const deps = (s: string) => [...manifest.stacks[s].dependencies].sort();
    expect(deps("domino-infra")).toEqual([]);
    expect(deps("domino-cluster")).toEqual(["domino-infra"]);
    expect(deps("domino-nodes")).toEqual(["domino-cluster", "domino-infra"]);
    expect(deps("domino-k8s")).toEqual(["domino-cluster", "domino-infra", "domino-nodes"]);
  });

  it("reads earlier stages only through terraform_remote_state of their own state files", () => {
    const state = (s: string) => `../../../terraform.domino-${s}.tfstate`;
    expect(remoteStates(stacks["domino-infra"])).toEqual([]);
    expect(remoteStates(stacks["domino-cluster"])).toEqual([state("infra")]);
    expect(remoteStates(stacks["domino-nodes"])).toEqual([state("cluster"), state("infra")]);
    expect(remoteStates(stacks["domino-k8s"])).toEqual([state("cluster"), state("infra"), state("nodes")]);
  });

  it("configures in each stack only the providers it uses, with relaxed version constraints", () => {
    const providers = (s: string) => Object.keys(stacks[s].provider).sort();
    expect(providers("domino-infra")).toEqual(["aws"]);
    expect(providers("domino-cluster")).toEqual(["aws"]);
    expect(providers("domino-nodes")).toEqual(["aws"]);
    expect(providers("domino-k8s")).toEqual(["helm", "kubernetes"]);
    expect(stacks["domino-infra"].terraform.required_providers).toEqual({ aws: { source: "hashicorp/aws", version: "~> 6.25" } });
    expect(stacks["domino-k8s"].terraform.required_providers).toEqual({
      helm: { source: "hashicorp/helm", version: "~> 3.1" },
      kubernetes: { source: "hashicorp/kubernetes", version: "~> 2.38" },
    });
  });

  it("puts the region and the deployment's tags on every AWS provider", () => {
    for (const s of ["domino-infra", "domino-cluster", "domino-nodes"]) {
      expect(stacks[s].provider.aws).toEqual([
        { region: "us-west-2", default_tags: [{ tags: { "cost-center": "ds-42", "domino-deploy-id": "domino" } }] },
      ]);
    }
  });

  it("takes provider version constraints from the config", () => {
    const { stacks: pinned } = synthApp("providers: {aws: '= 6.25.0', helm: '~> 3.0'}\n");
    expect(pinned["domino-cluster"].terraform.required_providers.aws.version).toBe("= 6.25.0");
    expect(pinned["domino-k8s"].terraform.required_providers.helm.version).toBe("~> 3.0");
  });

  it("gives every deployment of a file its own four stacks", () => {
    const { manifest: m } = synthApp(
      "deployments:\n  - {deployId: prod, fqdn: domino.example.com}\n  - {deployId: dev, fqdn: domino-dev.example.com}\n",
    );
    expect(Object.keys(m.stacks).sort()).toEqual([
      "dev-cluster", "dev-infra", "dev-k8s", "dev-nodes", "prod-cluster", "prod-infra", "prod-k8s", "prod-nodes",
    ]);
    expect(applyOrder(m).filter((s) => s.startsWith("dev-"))).toEqual(["dev-infra", "dev-cluster", "dev-nodes", "dev-k8s"]);
    expect(m.stacks["dev-cluster"].dependencies).toEqual(["dev-infra"]);
  });
});

describe("domino-eks.schema.json", () => {
  it("is generated from the current config schema (run `npm run schema` after changing it)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "../..", JSON_SCHEMA_FILE), "utf8");
    expect(committed).toBe(renderJsonSchema());
  });
  it("describes the fixed contract fields", () => {
    const schema = JSON.parse(renderJsonSchema());
    const single = schema.anyOf[0].properties;
    expect(Object.keys(single)).toEqual(expect.arrayContaining([
      "deployId", "region", "fqdn", "kubernetesVersion", "tags", "availabilityZones", "network", "nodePools", "otherDominoFqdns", "backend",
    ]));
    expect(Object.keys(single.network.properties)).toEqual(expect.arrayContaining([
      "vpcCidr", "privateSubnetPrefix", "publicSubnetPrefix", "peerCidrs", "apiPublicAccessCidrs",
    ]));
    expect(schema.anyOf[1].properties.deployments.type).toBe("array");
  });
});

describe("README", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
  it("starts with the two commands that set up, synthesize and test on a fresh machine", () => {
    expect(readme).toContain("```sh\nnpm ci && npm run synth     # synthesizes the default deployment into cdktf.out/\nnpm ci && npm test ");
  });
  it("lists every security rule that `npm run validate` runs, with its rationale and checkov and trivy ids, and no other", () => {
    for (const rule of describeRules()) expect(readme).toContain(`\n${readmeRuleRow(rule)}\n`);
    const rows = readme.split("\n").filter((line) => /^\| `[A-Z0-9_]+` \| .* \| .* \| .* \|$/.test(line) && line.split(" | ").length === 4);
    expect(rows.map((row) => row.slice(3, row.indexOf("`", 3)))).toEqual(describeRules().map((rule) => rule.id));
  });
  it("is what .ci/run runs", () => {
    const ci = fs.readFileSync(path.resolve(__dirname, "../../.ci/run"), "utf8");
    expect(ci).toContain("npm ci --no-audit --no-fund\nnpm test\n");
  });
});

describe("imports", () => {
  it("never load a provider package from its root (seconds and hundreds of MB); every class from its own module", () => {
    const root = path.resolve(__dirname, "../..");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    ["constructs", "__tests__", "scripts"].forEach((d) => walk(path.join(root, d)));
    files.push(path.join(root, "main.ts"));
    const rootImport = /from\s+["']@cdktf\/provider-[a-z]+["']|require\(["']@cdktf\/provider-[a-z]+["']\)/;
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => rootImport.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(root, f))).toEqual([]);
  });
});
