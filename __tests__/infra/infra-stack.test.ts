import { SPEC_S3_BUCKET_ACTIONS, SPEC_S3_OBJECT_ACTIONS } from "../../constructs/config/defaults";
import { NODE_S3_KMS_ACTIONS } from "../../constructs/infra/node-s3-policy";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { ingressCidrs, only, refName, synthInfra } from "./helpers";

const PARTITION = "${data.aws_partition.account_partition_32ACE770.partition}";
const ACCOUNT = "${data.aws_caller_identity.account_caller_1C5BE04F.account_id}";
const KEY_ARN = "${aws_kms_key.kms_key_28C05A0F.arn}";

describe("infra stack, default deployment", () => {
  const { stack, json } = synthInfra();

  test("passes the aws provider schema", () => {
    expect(schemaProblems(json)).toEqual([]);
  });

  test("stateful resources keep their Terraform addresses", () => {
    expect(Object.keys(resources(json, "aws_s3_bucket")).sort()).toEqual([
      "buckets_backups_29F3762B",
      "buckets_blobs_8D4B1527",
      "buckets_logs_DA2553B8",
      "buckets_registry_7A9BDF06",
      "monitoring_bucket_7CAF8FBD",
    ]);
    expect(Object.keys(resources(json, "aws_kms_key"))).toEqual(["kms_key_28C05A0F"]);
    expect(Object.keys(resources(json, "aws_efs_file_system"))).toEqual(["datasets_file-system_9497CC56"]);
    expect(Object.keys(resources(json, "aws_efs_access_point"))).toEqual(["datasets_access-point_63E038AE"]);
    expect(Object.keys(resources(json, "aws_ecr_repository")).sort()).toEqual([
      "registry_repository-environment_378913AF",
      "registry_repository-model_2DFEB964",
    ]);
    expect(Object.keys(resources(json, "aws_vpc"))).toEqual(["network_vpc_4E8F0223"]);
    expect(Object.keys(resources(json, "aws_backup_vault"))).toEqual(["datasets-backup_vault_8929BCC2"]);
  });

  test("no ingress from the whole internet anywhere, even with every option that opens ingress on", () => {
    expect(ingressCidrs(json)).toEqual([]);
    const open = synthInfra(
      "network: {interfaceEndpoints: true, podCidr: 100.64.0.0/16}\nbastion: {enabled: true, allowedCidrs: [198.51.100.0/24]}\n",
    ).json;
    // Only the VPC's own ranges (endpoints) and the listed SSH network (bastion) get in.
    expect(ingressCidrs(open).sort()).toEqual(["10.0.0.0/16", "100.64.0.0/16", "198.51.100.0/24"].sort());
  });

  test("ARNs are partition-agnostic", () => {
    expect(JSON.stringify(json)).not.toMatch(/arn:aws[:-]/);
  });

  describe("network", () => {
    test("VPC with DNS support", () => {
      expect(only(json, "aws_vpc")).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    });

    test("per zone a /19 private and a /27 public subnet, tagged for load balancers and the cluster", () => {
      const subnets = bodies(json, "aws_subnet");
      const priv = subnets.filter((s: Json) => s.tags["kubernetes.io/role/internal-elb"] === "1");
      const pub = subnets.filter((s: Json) => s.tags["kubernetes.io/role/elb"] === "1");
      expect(subnets).toHaveLength(6);
      expect(priv.map((s: Json) => s.availability_zone_id)).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"]);
      expect(pub.map((s: Json) => s.availability_zone_id)).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"]);
      expect(priv.map((s: Json) => s.cidr_block)).toEqual(["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"]);
      expect(pub.every((s: Json) => s.cidr_block.endsWith("/27"))).toBe(true);
      for (const s of subnets) {
        expect(s.tags["kubernetes.io/cluster/domino"]).toBe("shared");
        expect(s.map_public_ip_on_launch).toBe(false);
      }
      expect(priv.some((s: Json) => "kubernetes.io/role/elb" in s.tags)).toBe(false);
    });

    test("one NAT gateway per zone, each in its zone's public subnet; private routes go through the zone's NAT", () => {
      const nats = resources(json, "aws_nat_gateway");
      expect(Object.keys(nats)).toHaveLength(3);
      expect(Object.keys(resources(json, "aws_eip"))).toHaveLength(3);
      const subnets = resources(json, "aws_subnet");
      expect(Object.values(nats).map((n: Json) => subnets[refName(n.subnet_id)].availability_zone_id)).toEqual(["usw2-az1", "usw2-az2", "usw2-az3"]);
      const routes = bodies(json, "aws_route").filter((r: Json) => r.nat_gateway_id);
      expect(new Set(routes.map((r: Json) => r.nat_gateway_id)).size).toBe(3);
      expect(routes.every((r: Json) => r.destination_cidr_block === "0.0.0.0/0")).toBe(true);
      const igwRoutes = bodies(json, "aws_route").filter((r: Json) => r.gateway_id);
      expect(igwRoutes).toHaveLength(1);
      expect(igwRoutes[0].gateway_id).toMatch(/^\$\{aws_internet_gateway\./);
    });

    test("private subnets route only to their zone's private route table", () => {
      const subnets = resources(json, "aws_subnet");
      const tables = resources(json, "aws_route_table");
      for (const a of bodies(json, "aws_route_table_association")) {
        const subnet = subnets[refName(a.subnet_id)];
        const table = tables[refName(a.route_table_id)];
        if (subnet.tags["kubernetes.io/role/internal-elb"]) expect(table.tags.Name).toBe(`domino-private-${subnet.availability_zone_id}`);
        else expect(table.tags.Name).toBe("domino-public");
      }
    });

    test("the default security group holds no rules", () => {
      const sg = only(json, "aws_default_security_group");
      expect(sg.vpc_id).toBe("${aws_vpc.network_vpc_4E8F0223.id}");
      expect(sg.ingress).toBeUndefined();
      expect(sg.egress).toBeUndefined();
    });

    test("flow logs of rejected traffic to a KMS-encrypted log group with the configured retention", () => {
      const log = only(json, "aws_flow_log");
      expect(log).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", vpc_id: "${aws_vpc.network_vpc_4E8F0223.id}" });
      const group = only(json, "aws_cloudwatch_log_group");
      expect(group).toMatchObject({ name: "/aws/vpc-flow-logs/domino", retention_in_days: 365, kms_key_id: KEY_ARN });
      expect(log.log_destination).toBe(`\${aws_cloudwatch_log_group.${Object.keys(resources(json, "aws_cloudwatch_log_group"))[0]}.arn}`);
    });

    test("the flow-log role trusts only the flow-log service of this account and can only write to its group", () => {
      const role = resources(json, "aws_iam_role")[refName(only(json, "aws_flow_log").iam_role_arn)];
      const trust = policyDocument(json, role.assume_role_policy).statement[0];
      expect(trust.principals).toEqual([{ type: "Service", identifiers: ["vpc-flow-logs.amazonaws.com"] }]);
      expect(trust.condition).toContainEqual({ test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] });
      const permissions = policyDocument(json, only(json, "aws_iam_role_policy").policy).statement;
      const group = `\${aws_cloudwatch_log_group.${Object.keys(resources(json, "aws_cloudwatch_log_group"))[0]}.arn}`;
      expect(permissions[0]).toMatchObject({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        resources: [group, `${group}:*`],
      });
      expect(permissions[1]).toMatchObject({ actions: ["logs:DescribeLogGroups"], resources: [`arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:*`] });
      expect(permissions.flatMap((s: Json) => s.resources)).not.toContain("*");
    });

    test("S3 gateway endpoint on the private and public route tables; no interface endpoints by default", () => {
      const endpoints = bodies(json, "aws_vpc_endpoint");
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]).toMatchObject({ vpc_endpoint_type: "Gateway" });
      expect(endpoints[0].route_table_ids).toHaveLength(4);
      expect(Object.values(dataSources(json, "aws_vpc_endpoint_service"))).toEqual([{ service: "s3", service_type: "Gateway" }]);
    });
  });

  describe("KMS", () => {
    test("one key with rotation and the deployment's alias", () => {
      expect(only(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
      expect(only(json, "aws_kms_alias")).toMatchObject({ name: "alias/domino", target_key_id: "${aws_kms_key.kms_key_28C05A0F.key_id}" });
      expect(dataSources(json, "aws_kms_key")).toEqual({});
    });

    test("key policy: the account administers; autoscaling and CloudWatch Logs use it", () => {
      const statements = policyDocument(json, only(json, "aws_kms_key").policy).statement as Json[];
      const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
      expect(bySid.AccountAdministers).toMatchObject({
        principals: [{ type: "AWS", identifiers: [`arn:${PARTITION}:iam::${ACCOUNT}:root`] }],
        actions: ["kms:*"],
      });
      const slr = `arn:${PARTITION}:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
      // The service-linked role may not exist yet when the key is created, so it is matched by condition.
      const onlyTheRole = [
        { test: "StringEquals", variable: "kms:CallerAccount", values: [ACCOUNT] },
        { test: "ArnEquals", variable: "aws:PrincipalArn", values: [slr] },
      ];
      expect(bySid.AutoScalingUsesKey).toMatchObject({ principals: [{ type: "AWS", identifiers: ["*"] }], condition: onlyTheRole });
      expect(bySid.AutoScalingUsesKey.actions).toEqual(expect.arrayContaining(["kms:Decrypt", "kms:GenerateDataKey*"]));
      expect(bySid.AutoScalingUsesKey.actions).not.toContain("kms:*");
      expect(bySid.AutoScalingGrantsToAwsResources).toMatchObject({
        principals: [{ type: "AWS", identifiers: ["*"] }],
        actions: ["kms:CreateGrant"],
        condition: [...onlyTheRole, { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
      });
      expect(bySid.CloudWatchLogsUsesKey).toMatchObject({
        principals: [{ type: "Service", identifiers: ["logs.us-west-2.${data.aws_partition.account_partition_32ACE770.dns_suffix}"] }],
        // Only the deployment's own log groups (EKS control plane, VPC flow logs), never log-group:*.
        condition: [{
          test: "ArnEquals",
          variable: "kms:EncryptionContext:aws:logs:arn",
          values: [`arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/eks/domino/cluster`, `arn:${PARTITION}:logs:us-west-2:${ACCOUNT}:log-group:/aws/vpc-flow-logs/domino`],
        }],
      });
      expect(statements.map((s) => s.sid)).toEqual(["AccountAdministers", "AutoScalingUsesKey", "AutoScalingGrantsToAwsResources", "CloudWatchLogsUsesKey"]);
      expect(bySid.CloudWatchLogsUsesKey.actions).not.toContain("kms:*");
    });
  });

  describe("S3", () => {
    const buckets = resources(json, "aws_s3_bucket");
    const nameOf = (reference: string) => buckets[refName(reference)].bucket;

    const ALL = ["domino-backups", "domino-blobs", "domino-logs", "domino-monitoring", "domino-registry"];

    test("the four buckets and the monitoring bucket, named from the deployId, protected from destroy", () => {
      expect(Object.values(buckets).map((b: Json) => b.bucket).sort()).toEqual(ALL);
      for (const b of Object.values(buckets) as Json[]) {
        expect(b.force_destroy).toBe(false);
        expect(b.lifecycle).toEqual({ prevent_destroy: true });
      }
    });

    test("SSE-KMS with the deployment key and bucket keys (the monitoring bucket: SSE-S3, see monitoring-bucket.test.ts)", () => {
      const all = bodies(json, "aws_s3_bucket_server_side_encryption_configuration");
      expect(all.map((c) => nameOf(c.bucket)).sort()).toEqual(ALL);
      const configs = all.filter((c) => nameOf(c.bucket) !== "domino-monitoring");
      for (const c of configs) {
        expect(c.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY_ARN }, bucket_key_enabled: true }]);
      }
    });

    test("versioning, all four public access blocks, owner-enforced objects", () => {
      const versioning = bodies(json, "aws_s3_bucket_versioning");
      expect(versioning).toHaveLength(5);
      for (const v of versioning) expect(v.versioning_configuration).toEqual({ status: "Enabled" });
      const blocks = bodies(json, "aws_s3_bucket_public_access_block");
      expect(blocks).toHaveLength(5);
      for (const b of blocks) {
        expect(b).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      }
      const ownership = bodies(json, "aws_s3_bucket_ownership_controls");
      expect(ownership.map((o) => nameOf(o.bucket)).sort()).toEqual(ALL);
      for (const o of ownership) expect(o.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    test("bucket policies deny non-TLS requests on the bucket and its objects", () => {
      const policies = bodies(json, "aws_s3_bucket_policy");
      expect(policies).toHaveLength(5);
      for (const p of policies) {
        const bucket = `aws_s3_bucket.${refName(p.bucket)}`;
        const [deny] = policyDocument(json, p.policy).statement;
        expect(deny).toEqual({
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [`\${${bucket}.arn}`, `\${${bucket}.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        });
      }
    });

    test("the node policy is the spec's, plus SSE-KMS use of the deployment key only", () => {
      const policy = resources(json, "aws_iam_policy")["node-s3-policy_EAA112DF"];
      expect(policy.name).toBe("domino-s3");
      const arns = ["blobs", "registry", "logs", "backups"].map((r) => `arn:${PARTITION}:s3:::domino-${r}`);
      expect(policyDocument(json, policy.policy).statement).toEqual([
        { sid: "DominoBuckets", effect: "Allow", actions: [...SPEC_S3_BUCKET_ACTIONS], resources: arns },
        { sid: "DominoObjects", effect: "Allow", actions: [...SPEC_S3_OBJECT_ACTIONS], resources: arns.map((a) => `${a}/*`) },
        { sid: "DeploymentKeyForSseKms", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [KEY_ARN] },
      ]);
      expect([...SPEC_S3_BUCKET_ACTIONS]).toEqual(["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]);
      expect([...SPEC_S3_OBJECT_ACTIONS]).toEqual(["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"]);
      expect([...NODE_S3_KMS_ACTIONS]).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
    });
  });

  describe("EFS", () => {
    test("encrypted with the deployment key, protected from destroy", () => {
      expect(only(json, "aws_efs_file_system")).toMatchObject({ encrypted: true, kms_key_id: KEY_ARN, lifecycle: { prevent_destroy: true } });
    });

    test("a mount target in every private subnet, behind the EFS security group", () => {
      const targets = bodies(json, "aws_efs_mount_target");
      const subnets = resources(json, "aws_subnet");
      expect(targets.map((t) => subnets[refName(t.subnet_id)].tags.Name)).toEqual(["domino-private-usw2-az1", "domino-private-usw2-az2", "domino-private-usw2-az3"]);
      for (const t of targets) expect(t.security_groups).toEqual(["${aws_security_group.datasets_sg_78D12114.id}"]);
    });

    test("the security group has no ingress here (the cluster stage adds NFS from the nodes)", () => {
      const sg = resources(json, "aws_security_group")["datasets_sg_78D12114"];
      expect(sg.ingress).toBeUndefined();
      expect(sg.description).toMatch(/cluster stage/);
    });

    test("the access point is exactly the spec's", () => {
      const ap = only(json, "aws_efs_access_point");
      expect(ap.posix_user).toEqual({ uid: 0, gid: 0 });
      expect(ap.root_directory).toEqual({ path: "/domino", creation_info: { owner_uid: 0, owner_gid: 0, permissions: "777" } });
    });

    test("AWS Backup: vault with the key, plan with the retention, selection of the file system, managed-policy role", () => {
      expect(only(json, "aws_backup_vault")).toMatchObject({
        name: "domino-efs", kms_key_arn: KEY_ARN, force_destroy: false, lifecycle: { prevent_destroy: true },
      });
      expect(only(json, "aws_backup_plan").rule[0]).toMatchObject({ schedule: "cron(0 5 * * ? *)", lifecycle: { delete_after: 35 } });
      expect(only(json, "aws_backup_plan").rule[0].lifecycle.cold_storage_after).toBeUndefined();
      expect(only(json, "aws_backup_selection").resources).toEqual(["${aws_efs_file_system.datasets_file-system_9497CC56.arn}"]);
      const attachments = bodies(json, "aws_iam_role_policy_attachment").map((a: Json) => a.policy_arn);
      expect(attachments).toContain(`arn:${PARTITION}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup`);
    });
  });

  describe("ECR", () => {
    test("repositories under <deployId>/, KMS, scan on push, immutable tags, protected", () => {
      const repos = bodies(json, "aws_ecr_repository");
      expect(repos.map((r) => r.name)).toEqual(["domino/environment", "domino/model"]);
      for (const r of repos) {
        expect(r).toMatchObject({
          image_tag_mutability: "IMMUTABLE",
          image_scanning_configuration: { scan_on_push: true },
          encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY_ARN }],
          force_delete: false,
          lifecycle: { prevent_destroy: true },
        });
      }
    });

    test("node policy: login on *, pull and push on the repositories only", () => {
      const policy = resources(json, "aws_iam_policy")["registry_policy_E9F40E0B"];
      const [login, pullPush] = policyDocument(json, policy.policy).statement;
      expect(login).toMatchObject({ actions: ["ecr:GetAuthorizationToken"], resources: ["*"] });
      expect(pullPush.actions).toEqual(expect.arrayContaining(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage", "ecr:UploadLayerPart"]));
      expect(pullPush.resources).toEqual(["${aws_ecr_repository.registry_repository-environment_378913AF.arn}", "${aws_ecr_repository.registry_repository-model_2DFEB964.arn}"]);
    });

    test("registry URL from the account, region and partition DNS suffix", () => {
      expect(json.output.ecr_registry_url.value).toBe(`${ACCOUNT}.dkr.ecr.us-west-2.\${data.aws_partition.account_partition_32ACE770.dns_suffix}`);
    });
  });

  describe("domain", () => {
    test("a DNS-validated certificate for the FQDN and its wildcard", () => {
      expect(only(json, "aws_acm_certificate")).toMatchObject({
        domain_name: "domino.example.com",
        subject_alternative_names: ["*.domino.example.com"],
        validation_method: "DNS",
      });
    });

    test("without a hosted zone the validation records are a stack output", () => {
      expect(resources(json, "aws_route53_record")).toEqual({});
      expect(resources(json, "aws_acm_certificate_validation")).toEqual({});
      expect(json.output.certificate_validation_records.value).toBe("${tolist(aws_acm_certificate.domain_certificate_B29D45B6.domain_validation_options)}");
    });
  });

  test("no bastion by default", () => {
    expect(resources(json, "aws_instance")).toEqual({});
    expect(stack.outputs.bastionSecurityGroupId).toBeUndefined();
  });

  test("named outputs for people and the installer", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "bucket_names",
      "certificate_arn",
      "certificate_validation_records",
      "control_plane_subnet_ids",
      "ecr_registry_url",
      "efs_access_point_id",
      "efs_file_system_id",
      "efs_security_group_id",
      "kms_key_arn",
      "monitoring_bucket_arn",
      "monitoring_bucket_name",
      "node_policy_arns",
      "pod_subnet_ids",
      "private_subnet_ids",
      "public_subnet_ids",
      "vpc_cidr",
      "vpc_id",
    ]);
    expect(json.output.bucket_names.value).toEqual({
      blobs: "${aws_s3_bucket.buckets_blobs_8D4B1527.bucket}",
      registry: "${aws_s3_bucket.buckets_registry_7A9BDF06.bucket}",
      logs: "${aws_s3_bucket.buckets_logs_DA2553B8.bucket}",
      backups: "${aws_s3_bucket.buckets_backups_29F3762B.bucket}",
    });
  });

  test("InfraOutputs carries every value later stages need", () => {
    const o = stack.outputs;
    expect(o.privateSubnetIds).toHaveLength(3);
    expect(o.publicSubnetIds).toHaveLength(3);
    expect(o.podSubnetIds).toEqual([]);
    expect(o.controlPlaneSubnetIds).toEqual([]);
    expect(o.nodePolicyArns).toHaveLength(2);
    expect(o.ecrRegistryUrl).toBeDefined();
    for (const value of [o.vpcId, o.vpcCidr, o.kmsKeyArn, o.kmsKeyId, o.efsFileSystemId, o.efsAccessPointId, o.efsSecurityGroupId, o.certificateArn]) {
      expect(typeof value).toBe("string");
    }
    expect(Object.keys(o.bucketNames).sort()).toEqual(["backups", "blobs", "logs", "registry"]);
    expect(Object.keys(o.bucketArns).sort()).toEqual(["backups", "blobs", "logs", "registry"]);
  });
});
