/** The consumer's deployment: Domino's four stages, a bucket of the team's own in the infra stage, and an add-on of its own. */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import type { App } from "cdktf";
import { DominoDeployment, protectBucket } from "domino-eks-cdktf";
import { ExternalSecretsAddon } from "./external-secrets-addon";

export function defineDeployment(app: App): DominoDeployment {
  const d = new DominoDeployment(
    app,
    {
      deployId: "acme",
      region: "us-east-1",
      fqdn: "domino.acme.example.com",
      availabilityZones: ["use1-az1", "use1-az2", "use1-az4"],
      nodePools: { highmem: { instanceTypes: ["r5.4xlarge"], maxSize: 10 } },
    },
    { addons: [new ExternalSecretsAddon({ secretPrefix: "acme/domino" })] },
  );
  // Your own resources live in a stage stack's state, next to Domino's. protectBucket gives the bucket what Domino's
  // buckets have (SSE-KMS with the deployment key, versioning, no public access, TLS only, server access logs to the
  // monitoring bucket), so validate passes.
  const bucket = new S3Bucket(d.infra, "team-bucket", { bucket: "acme-team", lifecycle: { preventDestroy: true } });
  protectBucket(bucket, { kmsKeyArn: d.infraOutputs.kmsKeyArn, accessLogs: d.infra.monitoringBucket });
  return d;
}
