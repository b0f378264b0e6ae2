import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { addBackend, localStatePath, s3StateKey } from "../../constructs/core/backend";
import { configOf } from "../helpers/config";

type Json = Record<string, any>;

/** Two stacks with the config's backend, the second reading a value of the first. */
function synthPair(backendYaml: string): { producer: Json; consumer: Json } {
  const backend = configOf(backendYaml).backend;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "domino-eks-backend-"));
  const app = new App({ outdir });
  const producer = new TerraformStack(app, "demo-infra");
  new AwsProvider(producer, "aws", { region: "us-west-2" });
  addBackend(producer, "demo-infra", backend);
  const partition = new DataAwsPartition(producer, "partition");
  const consumer = new TerraformStack(app, "demo-cluster");
  new AwsProvider(consumer, "aws", { region: "us-west-2" });
  addBackend(consumer, "demo-cluster", backend);
  new TerraformOutput(consumer, "partition", { value: partition.partition });
  app.synth();
  const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  return { producer: read("demo-infra"), consumer: read("demo-cluster") };
}

function remoteState(consumer: Json): Json {
  return Object.values(consumer.data.terraform_remote_state)[0] as Json;
}

describe("state backends", () => {
  it("local: one state file per stack beside cdktf.out, read by later stacks", () => {
    const { producer, consumer } = synthPair("{}");
    expect(producer.terraform.backend).toEqual({ local: { path: "../../../terraform.demo-infra.tfstate" } });
    expect(consumer.terraform.backend).toEqual({ local: { path: "../../../terraform.demo-cluster.tfstate" } });
    expect(remoteState(consumer)).toMatchObject({ backend: "local", config: { path: "../../../terraform.demo-infra.tfstate" } });
    expect(localStatePath("state", "x-infra")).toBe("../../../state/terraform.x-infra.tfstate");
  });

  it("s3: a key per stack under the prefix, encrypted, with S3-native locking", () => {
    const { producer, consumer } = synthPair("backend: {type: s3, bucket: acme-tfstate, region: us-east-1, keyPrefix: domino/prod}\n");
    expect(producer.terraform.backend).toEqual({
      s3: { bucket: "acme-tfstate", region: "us-east-1", key: "domino/prod/demo-infra.tfstate", encrypt: true, use_lockfile: true },
    });
    expect(consumer.terraform.backend.s3.key).toBe("domino/prod/demo-cluster.tfstate");
    expect(remoteState(consumer)).toMatchObject({
      backend: "s3",
      config: { bucket: "acme-tfstate", region: "us-east-1", key: "domino/prod/demo-infra.tfstate", encrypt: true },
    });
    expect(s3StateKey("", "a")).toBe("a.tfstate");
    expect(s3StateKey("p/", "a")).toBe("p/a.tfstate");
  });

  it("remote: one Terraform Cloud workspace per stack, named with the prefix", () => {
    const { producer, consumer } = synthPair("backend: {type: remote, organization: acme, workspacePrefix: domino-}\n");
    expect(producer.terraform.backend).toEqual({
      remote: { hostname: "app.terraform.io", organization: "acme", workspaces: { name: "domino-demo-infra" } },
    });
    expect(consumer.terraform.backend.remote.workspaces).toEqual({ name: "domino-demo-cluster" });
    expect(remoteState(consumer)).toMatchObject({
      backend: "remote",
      config: { hostname: "app.terraform.io", organization: "acme", workspaces: { name: "domino-demo-infra" } },
    });
  });

  it("rejects incomplete backends", () => {
    expect(() => configOf("backend: {type: remote}\n")).toThrow(/backend\.organization: is required/);
    expect(() => configOf("backend: {type: s3, region: us-east-1}\n")).toThrow(/backend\.bucket: is required/);
    expect(() => configOf("backend: {type: gcs}\n")).toThrow(/backend\.type: type must be one of local, s3, remote/);
  });
});
