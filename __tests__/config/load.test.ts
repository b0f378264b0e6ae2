import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SPEC_NODE_POOLS } from "../../constructs/config/defaults";
import { CONFIG_ENV, DEFAULT_CONFIG_FILE, EMBEDDED_DEFAULT, findConfigSource, loadConfig, MAX_CONFIG_BYTES, parseConfig } from "../../cli/config-file";
import { ConfigError } from "../../constructs/config/problems";
import { problemsOf } from "../helpers/config";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-load-"));
}

describe("config sources", () => {
  it("uses the embedded default, the spec's reference deployment, when there is no file", () => {
    const dir = tempDir();
    expect(findConfigSource({}, dir).name).toBe(EMBEDDED_DEFAULT);
    const [d] = loadConfig({}, dir);
    expect(d.deployId).toBe("domino");
    expect(d.region).toBe("us-west-2");
    expect(d.availabilityZones).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"]);
    const pools = Object.fromEntries(d.nodePools.map((p) => [p.name, p]));
    expect(Object.keys(pools)).toEqual(["platform", "default", "default-gpu"]);
    expect(pools.platform).toMatchObject({ instanceTypes: ["m5.4xlarge"], minSize: 4, maxSize: 6, diskSizeGiB: 128, role: "platform" });
    expect(pools.default).toMatchObject({ instanceTypes: ["m5.2xlarge"], minSize: 1, maxSize: 20, diskSizeGiB: 400, role: "compute" });
    expect(pools["default-gpu"]).toMatchObject({
      instanceTypes: ["p3.2xlarge"], minSize: 0, maxSize: 5, diskSizeGiB: 400, gpu: true, amiType: "AL2023_x86_64_NVIDIA",
      taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
    });
    expect(pools.platform.labels).toEqual({ "dominodatalab.com/node-pool": "platform", "dominodatalab.com/calico-controlplane": "true", "dominodatalab.com/domino-node": "true" });
    expect(pools.default.labels).toEqual({ "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true" });
    expect(pools["default-gpu"].labels).toEqual({ "dominodatalab.com/node-pool": "default-gpu", "nvidia.com/gpu": "true", "dominodatalab.com/domino-node": "true" });
  });

  it("reads domino-eks.yaml from the working directory", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DEFAULT_CONFIG_FILE), "deployId: from-cwd\n");
    expect(loadConfig({}, dir)[0].deployId).toBe("from-cwd");
  });

  it("finds domino-eks.yml like domino-eks.yaml, and refuses both at once", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "domino-eks.yml"), "deployId: from-yml\n");
    expect(findConfigSource({}, dir).name).toBe("domino-eks.yml");
    expect(loadConfig({}, dir)[0].deployId).toBe("from-yml");
    fs.writeFileSync(path.join(dir, DEFAULT_CONFIG_FILE), "deployId: from-yaml\n");
    expect(() => loadConfig({}, dir)).toThrow(`domino-eks.yaml and domino-eks.yml: 1 problem(s) in the deployment config:\n  both files are in ${dir}; keep one, or name the one to use with DOMINO_EKS_CONFIG`);
    expect(loadConfig({ [CONFIG_ENV]: "domino-eks.yaml" }, dir)[0].deployId).toBe("from-yaml");
  });

  it("prefers the file named by DOMINO_EKS_CONFIG, in JSON too", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DEFAULT_CONFIG_FILE), "deployId: from-cwd\n");
    fs.writeFileSync(path.join(dir, "other.json"), JSON.stringify({ deployId: "from-env", region: "eu-central-1", availabilityZones: ["euc1-az1"] }));
    const [d] = loadConfig({ [CONFIG_ENV]: "other.json" }, dir);
    expect(d).toMatchObject({ deployId: "from-env", region: "eu-central-1", availabilityZones: ["euc1-az1"] });
  });

  it("reports a DOMINO_EKS_CONFIG that names no file", () => {
    expect(() => loadConfig({ [CONFIG_ENV]: "missing.yaml" }, tempDir())).toThrow(/DOMINO_EKS_CONFIG: names .*missing\.yaml, which does not exist/);
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problemsOf("deployId: a\nregion: [unclosed\n")[0]).toMatch(/^line \d+, column \d+: /);
    expect(problemsOf("deployId: one\ndeployId: two\n")[0]).toMatch(/^line 2, column 1: Map keys must be unique/);
  });

  it("rejects a config that is not a mapping", () => {
    expect(problemsOf("- a\n- b\n")).toEqual(["the config must be a mapping of fields (one deployment) or hold a deployments list"]);
  });

  it("merges a spec pool's fields over the spec's values", () => {
    const [d] = parseConfig("nodePools:\n  default: {maxSize: 40, labels: {team: ds}}\n", "t.yaml");
    const pool = d.nodePools.find((p) => p.name === "default")!;
    expect(pool).toMatchObject({ maxSize: 40, minSize: SPEC_NODE_POOLS.default.minSize, instanceTypes: ["m5.2xlarge"] });
    expect(pool.labels).toEqual({ "dominodatalab.com/node-pool": "default", "domino/build-node": "true", "dominodatalab.com/domino-node": "true", team: "ds" });
  });

  it("drops the optional GPU pool when disabled and adds custom pools with their own label", () => {
    const [d] = parseConfig("nodePools:\n  default-gpu: {enabled: false}\n  highmem: {instanceTypes: [r5.4xlarge], maxSize: 10}\n", "t.yaml");
    expect(d.nodePools.map((p) => p.name)).toEqual(["platform", "default", "highmem"]);
    expect(d.nodePools[2]).toMatchObject({ minSize: 0, desiredSize: 0, diskSizeGiB: 400, gpu: false, amiType: "AL2023_x86_64_STANDARD", labels: { "dominodatalab.com/node-pool": "highmem" } });
  });

  it("detects GPU instance types and picks the accelerated AMI and the GPU taint", () => {
    const [d] = parseConfig("nodePools:\n  a100: {instanceTypes: [p4d.24xlarge], maxSize: 2}\n", "t.yaml");
    expect(d.nodePools.find((p) => p.name === "a100")).toMatchObject({
      gpu: true, amiType: "AL2023_x86_64_NVIDIA", taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
      labels: { "dominodatalab.com/node-pool": "a100", "nvidia.com/gpu": "true" },
    });
  });

  it("accepts several deployments, sharing settings with YAML merge keys", () => {
    const text = `
deployments:
  - &prod
    deployId: prod
    region: us-east-1
    availabilityZones: [use1-az1, use1-az2, use1-az4]
    fqdn: domino.example.com
  - <<: *prod
    deployId: staging
    fqdn: domino-staging.example.com
`;
    const ds = parseConfig(text, "t.yaml");
    expect(ds.map((d) => [d.deployId, d.region, d.fqdn])).toEqual([
      ["prod", "us-east-1", "domino.example.com"],
      ["staging", "us-east-1", "domino-staging.example.com"],
    ]);
  });

  it("allows only deployments beside a deployments list", () => {
    expect(problemsOf("region: us-east-1\ndeployments: [{deployId: abc}]\n")).toEqual([
      "region: is not a known field; allowed here: deployments",
    ]);
  });

  it("throws a ConfigError naming the source", () => {
    try {
      parseConfig("deployId: X\n", "my.yaml");
      throw new Error("expected a ConfigError");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toMatch(/^my\.yaml: 1 problem\(s\) in the deployment config:\n {2}deployId: must be 3-32 characters/);
    }
  });
});

describe("reading a config file: only regular files, size-capped, never empty", () => {
  const problemOf = (env: NodeJS.ProcessEnv, cwd: string): string => {
    try {
      findConfigSource(env, cwd);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`).join("\n");
      throw error;
    }
    return "accepted";
  };

  test("a folder, a FIFO and a device are refused without being opened", () => {
    const dir = tempDir();
    expect(problemOf({ [CONFIG_ENV]: dir }, dir)).toBe(`${CONFIG_ENV}: names ${dir}, which is a folder; name the YAML or JSON file in it`);
    const fifo = path.join(dir, "config.fifo");
    spawnSync("mkfifo", [fifo]);
    expect(problemOf({ [CONFIG_ENV]: fifo }, dir)).toBe(`${CONFIG_ENV}: names ${fifo}, which is not a regular file (a pipe, socket or device); name a YAML or JSON file`);
    expect(problemOf({ [CONFIG_ENV]: "/dev/zero" }, dir)).toBe(`${CONFIG_ENV}: names /dev/zero, which is not a regular file (a pipe, socket or device); name a YAML or JSON file`);
  });

  test("a missing file, and one over the size cap", () => {
    const dir = tempDir();
    expect(problemOf({ [CONFIG_ENV]: "nope.yaml" }, dir)).toBe(`${CONFIG_ENV}: names ${path.join(dir, "nope.yaml")}, which does not exist`);
    const big = path.join(dir, "big.yaml");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, MAX_CONFIG_BYTES + 1);
    expect(problemOf({ [CONFIG_ENV]: big }, dir)).toBe(`${CONFIG_ENV}: names ${big}, which is ${MAX_CONFIG_BYTES + 1} bytes; a config file is at most ${MAX_CONFIG_BYTES} bytes`);
  });

  test.each([["empty", ""], ["whitespace", "  \n\n"], ["comments only", "# a deployment, some day\n"], ["null", "null\n"], ["tilde", "~\n"]])(
    "%s: the file is named instead of silently becoming the default deployment",
    (_what, text) => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, DEFAULT_CONFIG_FILE), text);
      expect(problemOf({}, dir)).toBe(
        `${DEFAULT_CONFIG_FILE}: names ${path.join(dir, DEFAULT_CONFIG_FILE)}, which holds no deployment (empty, only comments, or null); write its fields, or remove the file to use the embedded default`,
      );
    },
  );
});

describe("YAML that expands or nests without bound", () => {
  test("an alias bomb is refused, not expanded", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const started = Date.now();
    const lines = problemsOf(`${bomb}\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines).toEqual([expect.stringMatching(/^line 3, column 8: the YAML cannot be read: .*alias/i)]);
  });

  test("an unresolved alias, in text or in a file, is a config problem, not an internal error", () => {
    expect(problemsOf("tags: *nowhere\n")).toEqual(["line 1, column 7: the YAML cannot be read: Unresolved alias (the anchor must be set before the alias): nowhere"]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, DEFAULT_CONFIG_FILE), "tags: *nowhere\n");
    expect(() => loadConfig({}, dir)).toThrow(ConfigError);
  });

  test("a merge key whose value is not a mapping names its line and column", () => {
    expect(problemsOf("base: &b 5\n<<: *b\n")).toEqual(["line 2, column 5: the YAML cannot be read: Merge sources must be maps or map aliases"]);
    expect(problemsOf("base: &b {deployId: abc}\nnetwork:\n  <<: [*b, 3]\n")).toEqual(["line 3, column 7: the YAML cannot be read: Merge sources must be maps or map aliases"]);
  });

  test("deep nesting is refused", () => {
    const deep = `tags: ${"[".repeat(40)}${"]".repeat(40)}\n`;
    expect(problemsOf(deep)).toEqual(["nests more than 32 levels deep; a deployment config needs a handful"]);
  });
});

describe("values echoed in messages", () => {
  test("NaN and infinity are named as such, not as null", () => {
    expect(problemsOf("nodePools: {default: {maxSize: .nan}}\n")).toEqual(["nodePools.default.maxSize: must be a number, not NaN"]);
    expect(problemsOf("region: .inf\n")).toEqual(["region: must be a string, not infinity"]);
  });

  test("a long value is shortened to its start and its length", () => {
    const [line] = problemsOf(`nodePools: {default: {maxSize: "${"x".repeat(300)}"}}\n`);
    expect(line).toBe(`nodePools.default.maxSize: must be a number, not string "${"x".repeat(79)}... (302 characters)`);
  });
});
