/** Import blocks on their own: the JSON fragment, and instance keys against resources with count or for_each. */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { TerraformIterator, TerraformStack, Testing } from "cdktf";
import { addImportBlock, importBlocksOf, importProblems } from "../../constructs/core/imports";
import { addressOf } from "../../constructs/core/moved";

function stackWithBuckets(): { stack: TerraformStack; single: string; each: string; counted: string } {
  const stack = new TerraformStack(Testing.app(), "demo");
  new AwsProvider(stack, "aws", { region: "us-west-2" });
  const single = new S3Bucket(stack, "single", { bucket: "single" });
  const iterator = TerraformIterator.fromList(["a", "b"]);
  const each = new S3Bucket(stack, "each", { forEach: iterator, bucket: iterator.value });
  const counted = new S3Bucket(stack, "counted", { count: 2, bucket: "counted" });
  return { stack, single: addressOf(single), each: addressOf(each), counted: addressOf(counted) };
}

describe("import blocks", () => {
  test("one top-level import list in the order of the calls, with exactly to and id", () => {
    const { stack, single, each } = stackWithBuckets();
    addImportBlock(stack, { stage: "infra", to: single, id: "single" });
    addImportBlock(stack, { stage: "infra", to: `${each}["a"]`, id: "a" });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.import).toEqual([{ to: "aws_s3_bucket.single", id: "single" }, { to: 'aws_s3_bucket.each["a"]', id: "a" }]);
    expect(importBlocksOf(stack).map((b) => b.to)).toEqual(["aws_s3_bucket.single", 'aws_s3_bucket.each["a"]']);
  });

  test("instances only of resources with count or for_each, and each of those by instance", () => {
    const { stack, single, each, counted } = stackWithBuckets();
    const stacks = { infra: stack, cluster: stack, nodes: stack, k8s: stack };
    expect(importProblems([
      { stage: "infra", to: `${each}["b"]`, id: "b" },
      { stage: "infra", to: `${counted}[1]`, id: "counted" },
      { stage: "infra", to: single, id: "single" },
    ], stacks, "imports")).toEqual([]);
    expect(importProblems([
      { stage: "infra", to: each, id: "a" },
      { stage: "infra", to: `${single}[0]`, id: "single" },
      { stage: "infra", to: "data.aws_s3_bucket.single", id: "single" },
    ], stacks, "imports")).toEqual([
      { path: "imports[0]", message: 'aws_s3_bucket.each of stack demo has count or for_each; import each instance, such as aws_s3_bucket.each[0] or aws_s3_bucket.each["key"]' },
      { path: "imports[1]", message: "aws_s3_bucket.single[0]: aws_s3_bucket.single of stack demo has neither count nor for_each, so it has no instance [0]; import to aws_s3_bucket.single" },
      { path: "imports[2]", message: "data.aws_s3_bucket.single is not a resource of stack demo; give the address of a managed resource as in that stack's cdk.tf.json (<type>.<logical id>)" },
    ]);
  });
});
