/** Real cdktf output (deep provider imports only) passes, and a fault added through an escape hatch is caught. */
import { Release } from "@cdktf/provider-helm/lib/release";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { formatProblem } from "../../verify/problem";
import { runVerify } from "../../verify/verify";

/** Storage in one stack; versioning, policy and a helm release in another, joined by cross-stack references. */
function synthesize(breakIt: (parts: { launchTemplate: LaunchTemplate; versioning: S3BucketVersioningA }) => void): string {
  const app: App = Testing.app();
  const storage = new TerraformStack(app, "storage");
  new AwsProvider(storage, "aws", { region: "us-west-2" });
  const partition = new DataAwsPartition(storage, "partition");
  const key = new KmsKey(storage, "key", { enableKeyRotation: true, lifecycle: { preventDestroy: true } });
  const blobs = new Construct(storage, "blobs");
  const bucket = new S3Bucket(blobs, "bucket", { bucketPrefix: "domino-blobs-", forceDestroy: false, lifecycle: { preventDestroy: true } });
  new S3BucketServerSideEncryptionConfigurationA(blobs, "sse", {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
  });
  new S3BucketPublicAccessBlock(blobs, "pab", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(blobs, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  new S3BucketLoggingA(blobs, "logging", { bucket: bucket.id, targetBucket: "domino-access-logs", targetPrefix: "blobs/" });
  new S3BucketLifecycleConfiguration(blobs, "lifecycle", {
    bucket: bucket.id,
    rule: [{ id: "abort", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] }],
  });
  const launchTemplate = new LaunchTemplate(storage, "nodes", {
    namePrefix: "nodes-",
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: key.arn, volumeSize: 100 } }],
    tags: { policy: `arn:${partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` },
  });

  const platform = new TerraformStack(app, "platform");
  new AwsProvider(platform, "aws", { region: "us-west-2" });
  const versioning = new S3BucketVersioningA(platform, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
  const tls = new DataAwsIamPolicyDocument(platform, "tls", {
    statement: [
      {
        effect: "Deny",
        actions: ["s3:*"],
        resources: [bucket.arn, `${bucket.arn}/*`],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ],
  });
  new S3BucketPolicy(platform, "policy", { bucket: bucket.bucket, policy: tls.json });
  new HelmProvider(platform, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  new Release(platform, "autoscaler", {
    name: "cluster-autoscaler",
    chart: "cluster-autoscaler",
    repository: "https://kubernetes.github.io/autoscaler",
    version: "9.54.0",
    set: [{ name: "autoDiscovery.clusterName", value: "domino" }],
  });

  breakIt({ launchTemplate, versioning });
  app.synth();
  return app.outdir;
}

const verify = (outDir: string) => runVerify({ outDir }).problems.map(formatProblem);

test("synthesized cdktf stacks pass the schema and security checks", () => {
  expect(verify(synthesize(() => undefined))).toEqual([]);
});

test("faults added through escape hatches are reported with stack, resource and attribute", () => {
  const outDir = synthesize(({ launchTemplate, versioning }) => {
    versioning.addOverride("versioning_configuration.statuss", "Enabled");
    launchTemplate.addOverride("metadata_options.http_tokens", "optional");
  });
  expect(verify(outDir)).toEqual([
    "platform: aws_s3_bucket_versioning.versioning: versioning_configuration.statuss: unknown argument \"statuss\"; did you mean \"status\"?",
    'storage: aws_launch_template.nodes: metadata_options.http_tokens: IMDSv2 not enforced: http_tokens is "optional"; must be "required" [IMDSV2_REQUIRED]',
  ]);
});
