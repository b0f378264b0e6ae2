/**
 * Hand-written stacks shaped like cdktf output. `infraStack()` and `k8sStack()` pass every schema and security
 * check; tests take a fresh copy and break one thing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { JsonObject } from "../../verify/json";
import { SynthesizedStack } from "../../verify/stacks";

const PARTITION = "${data.aws_partition.current.partition}";
const ACCOUNT = "${data.aws_caller_identity.current.account_id}";

const metadata = (constructPath: string, uniqueId: string): JsonObject => ({ metadata: { path: constructPath, uniqueId } });
const keep = { prevent_destroy: true };

export function infraStack(): JsonObject {
  return {
    "//": { metadata: { backend: "local", stackName: "infra", version: "0.21.0" }, outputs: {} },
    terraform: {
      required_providers: { aws: { source: "aws", version: "6.25.0" } },
      backend: { local: { path: "terraform.infra.tfstate" } },
    },
    provider: { aws: [{ region: "us-west-2", default_tags: [{ tags: { deployment: "test" } }] }] },
    data: {
      aws_partition: { current: { "//": metadata("infra/partition", "current") } },
      aws_caller_identity: { current: {} },
      aws_iam_policy_document: {
        key_policy: {
          statement: [
            {
              sid: "AccountRoot",
              effect: "Allow",
              actions: ["kms:*"],
              resources: ["*"],
              principals: [{ type: "AWS", identifiers: [`arn:${PARTITION}:iam::${ACCOUNT}:root`] }],
            },
          ],
        },
        shared_tls: {
          statement: [
            {
              sid: "DenyInsecureTransport",
              effect: "Deny",
              actions: ["*"],
              resources: ["${aws_efs_file_system.shared.arn}"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
          ],
        },
        flow_logs_trust: {
          statement: [
            {
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }],
              condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] }],
            },
          ],
        },
        blobs_tls: {
          statement: [
            {
              sid: "DenyInsecureTransport",
              effect: "Deny",
              actions: ["s3:*"],
              resources: ["${aws_s3_bucket.blobs.arn}", "${aws_s3_bucket.blobs.arn}/*"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
            },
          ],
        },
      },
    },
    resource: {
      aws_kms_key: {
        key: {
          "//": metadata("infra/kms/key", "key"),
          description: "domino",
          enable_key_rotation: true,
          policy: "${data.aws_iam_policy_document.key_policy.json}",
          lifecycle: keep,
        },
      },
      aws_s3_bucket: {
        blobs: { "//": metadata("infra/storage/blobs", "blobs"), bucket: "domino-blobs", force_destroy: false, lifecycle: keep },
      },
      aws_s3_bucket_server_side_encryption_configuration: {
        blobs_sse: {
          bucket: "${aws_s3_bucket.blobs.id}",
          rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key.arn}" }, bucket_key_enabled: true }],
        },
      },
      aws_s3_bucket_versioning: {
        blobs_versioning: { bucket: "${aws_s3_bucket.blobs.id}", versioning_configuration: { status: "Enabled" } },
      },
      aws_s3_bucket_public_access_block: {
        blobs_pab: {
          bucket: "${aws_s3_bucket.blobs.id}",
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      },
      aws_s3_bucket_lifecycle_configuration: {
        blobs_lifecycle: {
          bucket: "${aws_s3_bucket.blobs.id}",
          rule: [{ id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }],
        },
      },
      aws_s3_bucket_logging: {
        // Server access logs to a log bucket kept outside these stacks (S3_ACCESS_LOGGING).
        blobs_logging: { bucket: "${aws_s3_bucket.blobs.id}", target_bucket: "domino-access-logs", target_prefix: "s3-access-logs/blobs/" },
      },
      aws_s3_bucket_ownership_controls: {
        blobs_ownership: { bucket: "${aws_s3_bucket.blobs.id}", rule: { object_ownership: "BucketOwnerEnforced" } },
      },
      aws_s3_bucket_policy: {
        blobs_policy: { bucket: "${aws_s3_bucket.blobs.bucket}", policy: "${data.aws_iam_policy_document.blobs_tls.json}" },
      },
      aws_efs_file_system: {
        shared: { encrypted: true, kms_key_id: "${aws_kms_key.key.arn}", lifecycle: keep },
      },
      aws_efs_access_point: {
        shared: {
          file_system_id: "${aws_efs_file_system.shared.id}",
          posix_user: { uid: 1000, gid: 1000 },
          root_directory: { path: "/domino", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "750" } },
        },
      },
      aws_efs_file_system_policy: {
        shared: { file_system_id: "${aws_efs_file_system.shared.id}", policy: "${data.aws_iam_policy_document.shared_tls.json}" },
      },
      aws_vpc: {
        main: { cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true },
      },
      aws_default_security_group: {
        main: { vpc_id: "${aws_vpc.main.id}" },
      },
      aws_cloudwatch_log_group: {
        flow: { name: "/aws/vpc-flow-logs/domino", kms_key_id: "${aws_kms_key.key.arn}", retention_in_days: 365 },
      },
      aws_flow_log: {
        main: {
          vpc_id: "${aws_vpc.main.id}",
          traffic_type: "ALL",
          log_destination_type: "cloud-watch-logs",
          log_destination: "${aws_cloudwatch_log_group.flow.arn}",
          iam_role_arn: "${aws_iam_role.flow_logs.arn}",
        },
      },
      aws_iam_role: {
        flow_logs: { name: "domino-flow-logs", assume_role_policy: "${data.aws_iam_policy_document.flow_logs_trust.json}" },
        cluster: {
          name: "domino-eks",
          assume_role_policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "eks.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
              },
            ],
          }),
        },
      },
      aws_iam_policy: {
        autoscaler: {
          name: "domino-autoscaler",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["autoscaling:Describe*", "ec2:DescribeLaunchTemplateVersions"], Resource: "*" },
              {
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/domino": "owned" } },
              },
            ],
          }),
        },
      },
      aws_eks_cluster: {
        cluster: {
          "//": metadata("infra/eks/cluster", "cluster"),
          name: "domino",
          role_arn: "${aws_iam_role.cluster.arn}",
          version: "1.33",
          vpc_config: { subnet_ids: ["subnet-1", "subnet-2"], endpoint_private_access: true, endpoint_public_access: false },
          encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.key.arn}" } },
          enabled_cluster_log_types: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
          lifecycle: keep,
        },
      },
      aws_launch_template: {
        nodes: {
          name_prefix: "domino-nodes-",
          metadata_options: { http_tokens: "required", http_put_response_hop_limit: 2 },
          block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true", kms_key_id: "${aws_kms_key.key.arn}", volume_size: 100, volume_type: "gp3" } }],
        },
      },
      aws_security_group: {
        nodes: {
          name: "domino-nodes",
          description: "EKS nodes",
          vpc_id: "vpc-1",
          ingress: [
            {
              cidr_blocks: ["10.0.0.0/16"],
              description: "HTTPS from the VPC",
              from_port: 443,
              ipv6_cidr_blocks: null,
              prefix_list_ids: null,
              protocol: "tcp",
              security_groups: null,
              self: null,
              to_port: 443,
            },
          ],
        },
      },
      aws_vpc_security_group_ingress_rule: {
        https: {
          security_group_id: "${aws_security_group.nodes.id}",
          description: "HTTPS from the VPC",
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
          cidr_ipv4: "10.0.0.0/16",
        },
      },
      aws_ecr_repository: {
        images: {
          name: "domino",
          force_delete: false,
          image_tag_mutability: "IMMUTABLE",
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: "KMS", kms_key: "${aws_kms_key.key.arn}" }],
          lifecycle: keep,
        },
      },
    },
  };
}

/** Kubernetes and helm resources, plus a cross-stack reference the way cdktf writes it. */
export function k8sStack(): JsonObject {
  return {
    "//": { metadata: { backend: "local", stackName: "k8s", version: "0.21.0" }, outputs: {} },
    terraform: {
      required_providers: {
        kubernetes: { source: "kubernetes", version: "2.38.0" },
        helm: { source: "hashicorp/helm", version: "3.0.2" },
      },
      backend: { local: { path: "terraform.k8s.tfstate" } },
    },
    provider: { kubernetes: [{ config_path: "~/.kube/config" }], helm: [{ kubernetes: { config_path: "~/.kube/config" } }] },
    data: {
      terraform_remote_state: {
        "cross-stack-reference-input-infra": {
          backend: "local",
          config: { path: "terraform.infra.tfstate" },
          workspace: "${terraform.workspace}",
        },
      },
    },
    resource: {
      kubernetes_namespace: {
        platform: { metadata: { name: "domino-platform", labels: { "domino-platform": "true" } } },
      },
      helm_release: {
        autoscaler: {
          name: "cluster-autoscaler",
          chart: "cluster-autoscaler",
          repository: "https://kubernetes.github.io/autoscaler",
          namespace: "${kubernetes_namespace.platform.metadata[0].name}",
          version: "9.37.0",
          timeout: "600",
          set: [{ name: "autoDiscovery.clusterName", value: "domino" }],
        },
      },
    },
  };
}

export function stack(name: string, json: JsonObject): SynthesizedStack {
  return { name, json };
}

export function cleanStacks(): SynthesizedStack[] {
  return [stack("infra", infraStack()), stack("k8s", k8sStack())];
}

/** The resource body at `type.name` of a fixture, for tests that break one thing. */
export function resource(json: JsonObject, type: string, name: string): JsonObject {
  return ((json.resource as JsonObject)[type] as JsonObject)[name] as JsonObject;
}

export function dataSource(json: JsonObject, type: string, name: string): JsonObject {
  return ((json.data as JsonObject)[type] as JsonObject)[name] as JsonObject;
}

export function addResource(json: JsonObject, type: string, name: string, body: JsonObject): void {
  const resources = json.resource as JsonObject;
  resources[type] = { ...((resources[type] as JsonObject | undefined) ?? {}), [name]: body };
}

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory made by `writeOutDir` and `writeTempFile`; call it from `afterAll`. */
export function removeTempDirs(): void {
  tempDirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
}

/** A temporary cdktf output directory holding `stacks/<name>/cdk.tf.json` for each stack. */
export function writeOutDir(stacks: readonly SynthesizedStack[]): string {
  const outDir = tempDir("verify-out-");
  for (const { name, json } of stacks) {
    fs.mkdirSync(path.join(outDir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(outDir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
  }
  return outDir;
}

export function writeTempFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir("verify-file-"), name);
  fs.writeFileSync(file, content);
  return file;
}
