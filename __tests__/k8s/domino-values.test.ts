import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import type { DominoConfig } from "../../constructs/k8s/domino-config";
import { parseDominoConfig, processIo, run, toDominoYaml, type Io } from "../../cli/domino-values";
import { dominoConfigOutput, synthK8s } from "./fakes";

/** A domino_config as the default deployment's k8s stack renders it (literal upstream values). */
const SAMPLE = dominoConfigOutput(synthK8s().json) as DominoConfig;
const KMS = SAMPLE.kmsKeyArn;

interface Captured {
  io: Io;
  out: string[];
  err: string[];
  terraformCalls: string[][];
}

function fakeIo(options: { files?: Record<string, string>; dirs?: Record<string, string[]>; terraform?: Io["terraform"] } = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const terraformCalls: string[][] = [];
  const files = options.files ?? {};
  const dirs = options.dirs ?? {};
  return {
    out,
    err,
    terraformCalls,
    io: {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: (f) => {
        if (!(f in files)) throw new Error(`ENOENT ${f}`);
        return files[f];
      },
      exists: (f) => f in files || f in dirs,
      listDir: (d) => dirs[d] ?? [],
      terraform: (args) => {
        terraformCalls.push(args);
        return options.terraform ? options.terraform(args) : { status: 0, stdout: "", stderr: "", error: undefined };
      },
      env: {},
    },
  };
}

describe("domino.yml fragment", () => {
  const values = parse(toDominoYaml(SAMPLE));

  test("name, hostname and namespaces", () => {
    expect(values.name).toBe("domino");
    expect(values.hostname).toBe("domino.example.com");
    expect(values.namespaces).toEqual({
      platform: { name: "domino-platform" },
      compute: { name: "domino-compute" },
      system: { name: "domino-system" },
    });
  });

  test("storage classes: the k8s stage's EBS class (not created again) and EFS with its access point", () => {
    expect(values.storage_classes.block).toEqual({
      create: false,
      name: "dominodisk-gp3",
      type: "ebs",
      access_modes: ["ReadWriteOnce"],
      default: false,
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: KMS },
    });
    expect(values.storage_classes.shared).toEqual({
      create: true,
      name: "dominoshared",
      type: "efs",
      access_modes: ["ReadWriteMany"],
      efs: { region: "us-west-2", filesystem_id: "fs-0123456789abcdef0", access_point_id: "fsap-0123456789abcdef0" },
    });
  });

  test("blob storage and the internal registry in S3 with the deployment key", () => {
    const s3 = (bucket: string) => ({ type: "s3", s3: { region: "us-west-2", bucket, sse_kms_key_id: KMS } });
    expect(values.blob_storage).toEqual({ projects: s3("domino-blobs"), logs: s3("domino-logs"), backups: s3("domino-backups") });
    expect(values.internal_docker_registry).toEqual({ s3_override: { region: "us-west-2", bucket: "domino-registry", sse_kms_key_id: KMS } });
  });

  test("ECR as the external registry, the certificate on the ingress load balancer", () => {
    expect(values.external_docker_registry).toBe("111122223333.dkr.ecr.us-west-2.amazonaws.com/domino");
    expect(values.services.nginx_ingress.chart_values.controller.service.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:us-west-2:111122223333:certificate/abcd",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
    });
  });

  test("autoscaler: the installer must not add a second one; discovery settings for reference", () => {
    expect(values.autoscaler).toEqual({
      enabled: false,
      cloud_provider: "aws",
      auto_discovery: { cluster_name: "domino", tags: ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/domino"] },
      aws: { region: "us-west-2" },
    });
    const off = parse(toDominoYaml({ ...SAMPLE, autoscaler: { ...SAMPLE.autoscaler!, enabled: false } }));
    expect(off.autoscaler.enabled).toBeUndefined();
  });

  test("without the ebs-csi-driver and cluster-autoscaler add-ons, the installer's own block class and autoscaler apply", () => {
    const { storageClass: _class, autoscaler: _autoscaler, ...rest } = SAMPLE;
    const without = parse(toDominoYaml(rest));
    expect(without.storage_classes.block).toBeUndefined();
    expect(without.storage_classes.shared).toMatchObject({ type: "efs" });
    expect(without.autoscaler).toBeUndefined();
    expect(parseDominoConfig(JSON.stringify(rest), "out.json")).toEqual(rest);
  });

  test("without ECR the external registry is null", () => {
    expect(parse(toDominoYaml({ ...SAMPLE, ecr: null })).external_docker_registry).toBeNull();
  });

  test("documents where it goes and lists the node pools as comments", () => {
    const text = toDominoYaml(SAMPLE);
    expect(text).toMatch(/^# domino\.yml values for deployment domino/);
    expect(text).toMatch(/Merge these keys into domino\.yml/);
    expect(text).toMatch(/# +default-gpu: dominodatalab\.com\/node-pool=default-gpu \(GPU\)/);
  });
});

describe("parseDominoConfig input shapes", () => {
  const encoded = JSON.stringify(SAMPLE);
  test.each([
    ["the object", encoded],
    ["terraform output -json domino_config (a JSON string)", JSON.stringify(encoded)],
    ["terraform output -json (all outputs)", JSON.stringify({ domino_config: { sensitive: false, type: "string", value: encoded } })],
  ])("%s", (_name, text) => {
    expect(parseDominoConfig(text, "x")).toEqual(SAMPLE);
  });

  test("bad input is named", () => {
    expect(() => parseDominoConfig("{nope", "in.json")).toThrow(/in\.json is not JSON/);
    expect(() => parseDominoConfig("[1]", "in.json")).toThrow(/holds no domino_config object/);
    expect(() => parseDominoConfig('{"name":"x"}', "in.json")).toThrow(/lacks region, fqdn/);
  });
});

describe("domino-values command", () => {
  const text = JSON.stringify(JSON.stringify(SAMPLE));

  test("--from FILE prints the fragment", () => {
    const c = fakeIo({ files: { "out.json": text } });
    expect(run(["--from", "out.json"], c.io)).toBe(0);
    expect(parse(c.out.join("")).hostname).toBe("domino.example.com");
    expect(c.terraformCalls).toEqual([]);
  });

  test("--from - reads stdin", () => {
    const c = fakeIo({ files: { "-": text } });
    expect(run(["--from=-"], c.io)).toBe(0);
    expect(parse(c.out.join("")).name).toBe("domino");
  });

  test("a deployId runs terraform output in the k8s stack's folder", () => {
    const stackDir = path.join("cdktf.out", "stacks", "domino-k8s");
    const c = fakeIo({ dirs: { [stackDir]: [] }, terraform: () => ({ status: 0, stdout: text, stderr: "", error: undefined }) });
    expect(run(["domino"], c.io)).toBe(0);
    expect(c.terraformCalls).toEqual([[`-chdir=${stackDir}`, "output", "-json", "domino_config"]]);
    expect(parse(c.out.join("")).storage_classes.block.name).toBe("dominodisk-gp3");
  });

  test("with no deployId, the one deployment of synth's record in the output folder", () => {
    const stackDir = path.join("cdktf.out", "stacks", "acme-k8s");
    const record = (ids: string[]) => JSON.stringify({ format: 1, config: "x.yaml", sha256: "0", text: "", deployments: ids.map((deployId) => ({ deployId, region: "us-west-2", stacks: [] })) });
    const one = fakeIo({ dirs: { [stackDir]: [] }, files: { [path.join("cdktf.out", "domino-eks-config.json")]: record(["acme"]) }, terraform: () => ({ status: 0, stdout: text, stderr: "", error: undefined }) });
    expect(run([], one.io)).toBe(0);
    expect(one.terraformCalls).toEqual([[`-chdir=${stackDir}`, "output", "-json", "domino_config"]]);
    const two = fakeIo({ files: { [path.join("cdktf.out", "domino-eks-config.json")]: record(["acme", "beta"]) } });
    expect(run([], two.io)).toBe(1);
    expect(two.err.join("")).toMatch(/^domino-values: cdktf.out holds 2 deployments \(acme, beta\): name one/);
  });

  test("--out-dir picks another cdktf output folder", () => {
    const stackDir = path.join("build", "stacks", "domino-k8s");
    const c = fakeIo({ dirs: { [stackDir]: [] }, terraform: () => ({ status: 0, stdout: text, stderr: "", error: undefined }) });
    expect(run(["domino", "--out-dir", "build"], c.io)).toBe(0);
    expect(c.terraformCalls[0][0]).toBe(`-chdir=${stackDir}`);
  });

  test.each([
    ["unknown deployId", ["other"], /no synthesized k8s stack for deployId "other".*known deployIds: domino/],
    ["bad deployId", ["Bad_Id"], /"Bad_Id" is not a deployId/],
    ["no arguments", [], /a deployId or --from is required/],
    ["unknown option", ["--nope"], /unknown option --nope/],
    ["missing file", ["--from", "missing.json"], /--from: missing.json does not exist/],
    ["both inputs", ["domino", "--from", "x.json"], /not both/],
  ])("%s: a clear message, exit 1, no stack trace", (_name, argv, message) => {
    const c = fakeIo({ dirs: { [path.join("cdktf.out", "stacks")]: ["domino-infra", "domino-k8s"], [path.join("cdktf.out", "stacks", "domino-k8s")]: [] }, files: { "x.json": text } });
    expect(run(argv, c.io)).toBe(1);
    const err = c.err.join("");
    expect(err).toMatch(message);
    expect(err).toMatch(/^domino-values: /);
    expect(err).not.toMatch(/\n\s+at /);
    expect(c.out).toEqual([]);
  });

  test("no terraform on PATH", () => {
    const error = Object.assign(new Error("spawnSync terraform ENOENT"), { code: "ENOENT" });
    const c = fakeIo({ dirs: { [path.join("cdktf.out", "stacks", "domino-k8s")]: [] }, terraform: () => ({ status: null, stdout: "", stderr: "", error }) });
    expect(run(["domino"], c.io)).toBe(1);
    expect(c.err.join("")).toMatch(/terraform is not on PATH; install it, or pass the output JSON with --from FILE/);
  });

  test("terraform output failing (stage not applied)", () => {
    const c = fakeIo({
      dirs: { [path.join("cdktf.out", "stacks", "domino-k8s")]: [] },
      terraform: () => ({ status: 1, stdout: "", stderr: "│ Warning: Unable to open CLI configuration file\n│\n╵\n╷\n│ Error: Output \"domino_config\" not found\n╵\n", error: undefined }),
    });
    expect(run(["domino"], c.io)).toBe(1);
    const err = c.err.join("");
    expect(err).toMatch(/terraform output failed .*domino-k8s stage been applied[\s\S]*Output "domino_config" not found/);
    expect(err).not.toMatch(/Warning/);
  });

  test("bad JSON from the file", () => {
    const c = fakeIo({ files: { "bad.json": "not json" } });
    expect(run(["--from", "bad.json"], c.io)).toBe(1);
    expect(c.err.join("")).toMatch(/^domino-values: bad\.json is not JSON/);
  });

  test("--help", () => {
    const c = fakeIo();
    expect(run(["--help"], c.io)).toBe(0);
    expect(c.out.join("")).toMatch(/Usage: domino-eks values \[<deployId>\]/);
  });

  test("the real process io reads a file from disk", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-values-"));
    const file = path.join(dir, "out.json");
    fs.writeFileSync(file, text);
    expect(processIo.readFile(file)).toBe(text);
    expect(processIo.exists(file)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
