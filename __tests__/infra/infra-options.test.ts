import { BASTION_AMI_PARAMETER } from "../../constructs/infra/bastion";
import { exampleYaml, problemsOf } from "../helpers/config";
import { bodies, dataSources, type Json, policyDocument, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { ingressCidrs, only, refName, synthInfra } from "./helpers";

const BYO_VPC = `
network:
  existingVpc:
    vpcId: vpc-0123456789abcdef0
    privateSubnetIds: [subnet-0000000000000000a, subnet-0000000000000000b, subnet-0000000000000000c]
    publicSubnetIds: [subnet-0000000000000001a, subnet-0000000000000001b, subnet-0000000000000001c]
    podSubnetIds: [subnet-0000000000000002a, subnet-0000000000000002b, subnet-0000000000000002c]
`;
const BYO_KEY = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/11111111-2222-4333-8444-555555555555";

function expectSecure(json: Json): void {
  expect(schemaProblems(json)).toEqual([]);
  expect(ingressCidrs(json)).not.toContain("0.0.0.0/0");
  expect(ingressCidrs(json)).not.toContain("::/0");
}

describe("single NAT gateway", () => {
  const { json } = synthInfra("network: { singleNatGateway: true }");

  test("one NAT gateway, in the first zone, shared by every zone's private route table", () => {
    expectSecure(json);
    const nat = only(json, "aws_nat_gateway");
    expect(resources(json, "aws_subnet")[refName(nat.subnet_id)].availability_zone_id).toBe("usw2-az1");
    expect(Object.keys(resources(json, "aws_eip"))).toHaveLength(1);
    const routes = bodies(json, "aws_route").filter((r: Json) => r.nat_gateway_id) as Json[];
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map((r) => r.nat_gateway_id))).toEqual(new Set([`\${aws_nat_gateway.${Object.keys(resources(json, "aws_nat_gateway"))[0]}.id}`]));
    expect(Object.keys(resources(json, "aws_route_table"))).toHaveLength(4);
  });
});

describe("pod CIDR and interface endpoints", () => {
  const { stack, json } = synthInfra("network: { podCidr: 100.64.0.0/16, interfaceEndpoints: true, flowLogRetentionDays: 90 }");

  test("secondary CIDR and per-zone pod subnets routed through the zone's NAT", () => {
    expectSecure(json);
    expect(only(json, "aws_vpc_ipv4_cidr_block_association")).toMatchObject({ cidr_block: "100.64.0.0/16" });
    const subnets = resources(json, "aws_subnet");
    const pods = Object.entries(subnets).filter(([, s]: [string, Json]) => s.tags.Name.startsWith("domino-pod-"));
    expect(pods.map(([, s]: [string, Json]) => s.cidr_block)).toEqual(["100.64.0.0/19", "100.64.32.0/19", "100.64.64.0/19"]);
    for (const [, s] of pods as [string, Json][]) {
      expect(s.depends_on).toEqual([expect.stringMatching(/^aws_vpc_ipv4_cidr_block_association\./)]);
      expect(s.tags["kubernetes.io/role/internal-elb"]).toBeUndefined();
    }
    const tables = resources(json, "aws_route_table");
    const associations = bodies(json, "aws_route_table_association");
    for (const [name, s] of pods as [string, Json][]) {
      const association = associations.find((a) => refName(a.subnet_id) === name);
      expect(tables[refName(association.route_table_id)].tags.Name).toBe(`domino-private-${s.availability_zone_id}`);
    }
    expect(stack.outputs.podSubnetIds).toHaveLength(3);
    expect(json.output.pod_subnet_ids.value).toHaveLength(3);
  });

  test("interface endpoints for ECR api, ECR dkr and STS with private DNS, 443 from the VPC's CIDRs only", () => {
    const endpoints = bodies(json, "aws_vpc_endpoint").filter((e: Json) => e.vpc_endpoint_type === "Interface") as Json[];
    expect(endpoints).toHaveLength(3);
    const services = dataSources(json, "aws_vpc_endpoint_service");
    expect(endpoints.map((e) => services[/data\.aws_vpc_endpoint_service\.([^.]+)\./.exec(e.service_name)![1]].service)).toEqual(["ecr.api", "ecr.dkr", "sts"]);
    const sgName = Object.keys(resources(json, "aws_security_group")).find((k) => k.startsWith("endpoints_sg"))!;
    for (const e of endpoints) {
      expect(e.private_dns_enabled).toBe(true);
      expect(e.subnet_ids).toHaveLength(3);
      expect(e.security_group_ids).toEqual([`\${aws_security_group.${sgName}.id}`]);
    }
    const sg = resources(json, "aws_security_group")[sgName];
    expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16", "100.64.0.0/16"] })]);
    expect(sg.egress).toBeUndefined();
  });

  test("flow-log retention from the config", () => {
    expect(only(json, "aws_cloudwatch_log_group").retention_in_days).toBe(90);
  });
});

describe("bring your own VPC", () => {
  const { stack, json } = synthInfra(BYO_VPC);

  test("creates nothing network-wide", () => {
    expectSecure(json);
    for (const type of [
      "aws_vpc",
      "aws_subnet",
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_eip",
      "aws_route_table",
      "aws_route",
      "aws_default_security_group",
      "aws_flow_log",
      "aws_vpc_endpoint",
      "aws_vpc_ipv4_cidr_block_association",
    ]) {
      expect([type, resources(json, type)]).toEqual([type, {}]);
    }
  });

  test("passes the given ids through and mounts EFS in the given private subnets", () => {
    expect(stack.outputs.vpcId).toBe("vpc-0123456789abcdef0");
    expect(stack.outputs.privateSubnetIds).toEqual(["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]);
    expect(stack.outputs.publicSubnetIds).toEqual(["subnet-0000000000000001a", "subnet-0000000000000001b", "subnet-0000000000000001c"]);
    expect(stack.outputs.podSubnetIds).toEqual(["subnet-0000000000000002a", "subnet-0000000000000002b", "subnet-0000000000000002c"]);
    expect(json.output.vpc_id.value).toBe("vpc-0123456789abcdef0");
    expect(json.output.private_subnet_ids.value).toEqual(stack.outputs.privateSubnetIds);
    expect(bodies(json, "aws_efs_mount_target").map((t: Json) => t.subnet_id)).toEqual(stack.outputs.privateSubnetIds);
    expect(only(json, "aws_security_group").vpc_id).toBe("vpc-0123456789abcdef0");
    expect(Object.values(dataSources(json, "aws_vpc"))).toEqual([{ id: "vpc-0123456789abcdef0" }]);
    expect(json.output.vpc_cidr.value).toMatch(/^\$\{data\.aws_vpc\.[^.]+\.cidr_block\}$/);
  });

  test("stateful resources keep the same addresses as with a created VPC", () => {
    expect(Object.keys(resources(json, "aws_efs_file_system"))).toEqual(["datasets_file-system_9497CC56"]);
    expect(Object.keys(resources(json, "aws_s3_bucket"))).toHaveLength(5);
  });
});

describe("bring your own KMS key", () => {
  const { stack, json } = synthInfra(`region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]\nkms: { keyArn: "${BYO_KEY}" }`);

  test("creates no key or alias and uses the given one everywhere", () => {
    expectSecure(json);
    expect(resources(json, "aws_kms_key")).toEqual({});
    expect(resources(json, "aws_kms_alias")).toEqual({});
    expect(Object.values(dataSources(json, "aws_kms_key"))).toEqual([{ key_id: BYO_KEY }]);
    expect(stack.outputs.kmsKeyArn).toMatch(/^\$\{TfToken/);
    const keyArn = `\${data.aws_kms_key.${Object.keys(dataSources(json, "aws_kms_key"))[0]}.arn}`;
    const sse = bodies(json, "aws_s3_bucket_server_side_encryption_configuration");
    // The monitoring bucket is SSE-S3 (log deliveries need it); the four others use the given key.
    expect(sse.filter((c) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm === "AES256").map((c) => c.bucket)).toEqual([
      `\${aws_s3_bucket.${Object.keys(resources(json, "aws_s3_bucket")).find((k) => k.startsWith("monitoring_"))}.id}`,
    ]);
    for (const c of sse.filter((c) => c.rule[0].apply_server_side_encryption_by_default.sse_algorithm !== "AES256")) {
      expect(c.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(keyArn);
    }
    expect(sse).toHaveLength(5);
    expect(only(json, "aws_efs_file_system").kms_key_id).toBe(keyArn);
    expect(json.output.kms_key_arn.value).toBe(keyArn);
  });
});

describe("test installs: force destroy and force delete", () => {
  const { json } = synthInfra("storage: { s3: { forceDestroy: true }, ecr: { forceDelete: true } }");

  test("buckets and repositories can be destroyed; EFS and the key stay protected", () => {
    expectSecure(json);
    for (const b of bodies(json, "aws_s3_bucket")) {
      expect(b.force_destroy).toBe(true);
      expect(b.lifecycle).toBeUndefined();
    }
    for (const r of bodies(json, "aws_ecr_repository")) {
      expect(r.force_delete).toBe(true);
      expect(r.lifecycle).toBeUndefined();
    }
    expect(only(json, "aws_efs_file_system").lifecycle).toEqual({ prevent_destroy: true });
    expect(only(json, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("options switched off", () => {
  const { stack, json } = synthInfra("storage: { ecr: { enabled: false }, efs: { backup: false } }");

  test("no ECR: no repositories, no ECR policy, no registry URL", () => {
    expectSecure(json);
    expect(resources(json, "aws_ecr_repository")).toEqual({});
    expect(Object.keys(resources(json, "aws_iam_policy"))).toEqual(["node-s3-policy_EAA112DF"]);
    expect(stack.outputs.nodePolicyArns).toHaveLength(1);
    expect(stack.outputs.ecrRegistryUrl).toBeUndefined();
    expect(json.output.ecr_registry_url).toBeUndefined();
  });

  test("no EFS backup", () => {
    for (const type of ["aws_backup_vault", "aws_backup_plan", "aws_backup_selection"]) expect(resources(json, type)).toEqual({});
    expect(only(json, "aws_efs_file_system")).toBeDefined();
  });
});

describe("certificate validation without Route53 (dns.certificateValidation)", () => {
  test("pending (the default without a zone): the certificate and the records to create as an output, nothing waits", () => {
    const { json } = synthInfra("fqdn: ml.example.org");
    expect(resources(json, "aws_acm_certificate_validation")).toEqual({});
    expect(resources(json, "aws_route53_record")).toEqual({});
    expect(json.output.certificate_validation_records.value).toBe("${tolist(aws_acm_certificate.domain_certificate_B29D45B6.domain_validation_options)}");
    expect(json.output.certificate_arn.value).toBe("${aws_acm_certificate.domain_certificate_B29D45B6.arn}");
  });

  test("external: the records exist, so the stage waits for the certificate, at route53's validation address, writing no record", () => {
    const { json } = synthInfra("fqdn: ml.example.org\ndns: { certificateValidation: external }");
    expect(resources(json, "aws_route53_record")).toEqual({});
    const zoned = synthInfra("fqdn: ml.example.org\ndns: { hostedZoneId: Z0123456789ABCDEFGHIJ }").json;
    expect(Object.keys(resources(json, "aws_acm_certificate_validation"))).toEqual(Object.keys(resources(zoned, "aws_acm_certificate_validation")));
    expect(only(json, "aws_acm_certificate_validation")).toEqual({ certificate_arn: "${aws_acm_certificate.domain_certificate_B29D45B6.arn}" });
    expect(json.output.certificate_arn.value).toMatch(/^\$\{aws_acm_certificate_validation\.domain_validation_[0-9A-F]{8}\.certificate_arn\}$/);
    expect(json.output.certificate_validation_records).toBeDefined();
  });

  test("route53 needs the zone; an unknown mode is refused by name", () => {
    expect(problemsOf("dns: { certificateValidation: route53 }")).toEqual([
      "dns.certificateValidation: route53 writes the validation records into dns.hostedZoneId, which is not set; set it, or use pending (records to create by hand) or external (records already created)",
    ]);
    expect(problemsOf("dns: { certificateValidation: email }")).toEqual(["dns.certificateValidation: must be route53, pending or external"]);
    expect(problemsOf("dns: { hostedZoneId: Z0123456789ABCDEFGHIJ, certificateValidation: pending }")).toEqual([]);
  });
});

describe("domain with a Route53 hosted zone", () => {
  const { stack, json } = synthInfra("fqdn: ml.example.org\ndns: { hostedZoneId: Z0123456789ABCDEFGHIJ }");

  test("validation records in the zone and a certificate validation", () => {
    expectSecure(json);
    const record = only(json, "aws_route53_record");
    expect(record).toMatchObject({ zone_id: "Z0123456789ABCDEFGHIJ", allow_overwrite: true, ttl: 300 });
    expect(record.for_each).toMatch(/domain_validation_options/);
    expect(record.name).toBe("${each.value.resource_record_name}");
    const validation = only(json, "aws_acm_certificate_validation");
    expect(validation.certificate_arn).toBe("${aws_acm_certificate.domain_certificate_B29D45B6.arn}");
    expect(validation.depends_on).toEqual([`aws_route53_record.${Object.keys(resources(json, "aws_route53_record"))[0]}`]);
    expect(json.output.certificate_validation_records).toBeUndefined();
    expect(json.output.certificate_arn.value).toMatch(/^\$\{aws_acm_certificate_validation\./);
    expect(only(json, "aws_acm_certificate").subject_alternative_names).toEqual(["*.ml.example.org"]);
    expect(typeof stack.outputs.certificateArn).toBe("string");
  });
});

describe("bastion", () => {
  function bastionOf(json: Json) {
    const instance = only(json, "aws_instance");
    const sg = resources(json, "aws_security_group")[refName(instance.vpc_security_group_ids[0])];
    const subnet = resources(json, "aws_subnet")[refName(instance.subnet_id)];
    return { instance, sg, subnet };
  }

  test("Session Manager only: private subnet, no ingress, IMDSv2, encrypted root volume", () => {
    const { stack, json } = synthInfra("bastion: { enabled: true }");
    expectSecure(json);
    const { instance, sg, subnet } = bastionOf(json);
    expect(sg.ingress).toEqual([]);
    expect(subnet.tags.Name).toBe("domino-private-usw2-az1");
    expect(instance.associate_public_ip_address).toBe(false);
    expect(instance.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1, http_endpoint: "enabled" });
    expect(instance.root_block_device).toMatchObject({ encrypted: true, kms_key_id: "${aws_kms_key.kms_key_28C05A0F.arn}" });
    expect(instance.ami).toMatch(/^\$\{data\.aws_ssm_parameter\.[^.]+\.insecure_value\}$/);
    expect(Object.values(dataSources(json, "aws_ssm_parameter"))).toEqual([{ name: BASTION_AMI_PARAMETER }]);
    expect(BASTION_AMI_PARAMETER).toBe("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");
    const profile = resources(json, "aws_iam_instance_profile")[refName(instance.iam_instance_profile)];
    const attachments = bodies(json, "aws_iam_role_policy_attachment");
    expect(attachments).toContainEqual({
      role: profile.role,
      policy_arn: "arn:${data.aws_partition.account_partition_32ACE770.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
    });
    expect(stack.outputs.bastionSecurityGroupId).toBeDefined();
    expect(json.output.bastion_security_group_id.value).toBe(`\${aws_security_group.${refName(instance.vpc_security_group_ids[0])}.id}`);
  });

  test("SSH from the allowed networks only: public subnet, port 22 from those CIDRs", () => {
    const { json } = synthInfra("bastion: { enabled: true, allowedCidrs: [203.0.113.0/24] }");
    expectSecure(json);
    const { instance, sg, subnet } = bastionOf(json);
    expect(subnet.tags.Name).toBe("domino-public-usw2-az1");
    expect(instance.associate_public_ip_address).toBe(true);
    expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["203.0.113.0/24"] })]);
    expect(sg.egress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443 })]);
  });

  test("SSH with a brought VPC that has no public subnets is refused", () => {
    const yaml = `${BYO_VPC.replace(/ {4}publicSubnetIds: .*\n/, "")}bastion: { enabled: true, allowedCidrs: [203.0.113.0/24] }\n`;
    expect(() => synthInfra(yaml)).toThrow(/public subnet/);
  });
});

test("flow-log retention must be a period CloudWatch Logs accepts", () => {
  expect(() => synthInfra("network: { flowLogRetentionDays: 100 }")).toThrow(/network\.flowLogRetentionDays.*retention periods CloudWatch Logs accepts/s);
});

describe("bucket lifecycles (storage.s3.noncurrentVersionExpirationDays)", () => {
  const lifecycles = (json: Json) => bodies(json, "aws_s3_bucket_lifecycle_configuration") as Json[];

  test("every bucket aborts incomplete multipart uploads after 7 days and expires noncurrent versions after 90 by default", () => {
    const { json } = synthInfra();
    const buckets = resources(json, "aws_s3_bucket");
    const all = lifecycles(json);
    expect(all.map((l) => refName(l.bucket)).sort()).toEqual(Object.keys(buckets).sort());
    for (const l of all) {
      expect(l.rule).toEqual([
        { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] },
        { id: "expire-noncurrent-versions", status: "Enabled", filter: [{}], noncurrent_version_expiration: [{ noncurrent_days: 90 }] },
      ]);
    }
  });

  test("a configured number of days, and null keeps old versions (the abort rule stays)", () => {
    expect(lifecycles(synthInfra("storage: { s3: { noncurrentVersionExpirationDays: 30 } }").json)[0].rule[1].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    const off = lifecycles(synthInfra("storage: { s3: { noncurrentVersionExpirationDays: null } }").json);
    expect(off).toHaveLength(5);
    for (const l of off) expect(l.rule.map((r: Json) => r.id)).toEqual(["abort-incomplete-multipart-uploads"]);
  });

  test("bad values are refused by field name", () => {
    expect(() => synthInfra("storage: { s3: { noncurrentVersionExpirationDays: 0 } }")).toThrow(/storage\.s3\.noncurrentVersionExpirationDays: must be 1 day or more, or null to keep old versions/);
    expect(() => synthInfra("storage: { s3: { noncurrentVersionExpirationDays: 1.5 } }")).toThrow(/storage\.s3\.noncurrentVersionExpirationDays: must be a whole number/);
  });
});

describe("EFS throughput and performance modes (storage.efs)", () => {
  test("elastic and generalPurpose by default, no provisioned throughput", () => {
    const fs = only(synthInfra().json, "aws_efs_file_system");
    expect(fs).toMatchObject({ throughput_mode: "elastic", performance_mode: "generalPurpose" });
    expect(fs.provisioned_throughput_in_mibps).toBeUndefined();
  });

  test("provisioned with MiB/s, and maxIO with bursting", () => {
    expect(only(synthInfra("storage: { efs: { throughputMode: provisioned, provisionedThroughputMibps: 256 } }").json, "aws_efs_file_system"))
      .toMatchObject({ throughput_mode: "provisioned", provisioned_throughput_in_mibps: 256 });
    expect(only(synthInfra("storage: { efs: { throughputMode: bursting, performanceMode: maxIO } }").json, "aws_efs_file_system"))
      .toMatchObject({ throughput_mode: "bursting", performance_mode: "maxIO" });
  });

  test("bad combinations are refused by field name", () => {
    expect(() => synthInfra("storage: { efs: { throughputMode: provisioned } }")).toThrow(/storage\.efs\.provisionedThroughputMibps: is required with throughputMode provisioned/);
    expect(() => synthInfra("storage: { efs: { provisionedThroughputMibps: 100 } }")).toThrow(/storage\.efs\.provisionedThroughputMibps: only applies to throughputMode provisioned/);
    expect(() => synthInfra("storage: { efs: { throughputMode: provisioned, provisionedThroughputMibps: 20000 } }")).toThrow(/storage\.efs\.provisionedThroughputMibps: must be 1 to 10240 MiB\/s/);
    expect(() => synthInfra("storage: { efs: { performanceMode: maxIO } }")).toThrow(/storage\.efs\.performanceMode: maxIO cannot be combined with throughputMode elastic/);
    expect(() => synthInfra("storage: { efs: { throughputMode: fast } }")).toThrow(/storage\.efs\.throughputMode: must be one of elastic, bursting, provisioned/);
  });
});

describe("EFS backup schedule and cold storage (storage.efs)", () => {
  const rule = (yaml: string): Json => only(synthInfra(yaml).json, "aws_backup_plan").rule;

  test("by default the rule is unchanged: daily at 05:00 UTC, 35 days, no cold storage", () => {
    expect(rule("")).toEqual([{
      rule_name: "daily",
      target_vault_name: "${aws_backup_vault.datasets-backup_vault_8929BCC2.name}",
      schedule: "cron(0 5 * * ? *)",
      start_window: 60,
      completion_window: 480,
      lifecycle: { delete_after: 35 },
    }]);
  });

  test("schedule and cold storage from the config, at the same addresses", () => {
    const { json } = synthInfra("storage: { efs: { backupSchedule: \"cron(30 2 ? * MON-FRI *)\", coldStorageAfterDays: 7, backupRetentionDays: 97 } }");
    expect(Object.keys(resources(json, "aws_backup_plan"))).toEqual(["datasets-backup_plan_EE685896"]);
    expect(Object.keys(resources(json, "aws_backup_vault"))).toEqual(["datasets-backup_vault_8929BCC2"]);
    expect(only(json, "aws_backup_plan").rule).toEqual([expect.objectContaining({
      rule_name: "daily",
      schedule: "cron(30 2 ? * MON-FRI *)",
      lifecycle: { cold_storage_after: 7, delete_after: 97 },
    })]);
  });

  test("the custom-pools example: weekly, cold after 30 days, kept a year", () => {
    expect(rule(exampleYaml("custom-pools.yaml"))[0]).toMatchObject({ schedule: "cron(0 3 ? * SUN *)", lifecycle: { cold_storage_after: 30, delete_after: 365 } });
  });

  test("AWS Backup's cron syntax is checked at the door", () => {
    const bad = (expression: string) => problemsOf(`storage: { efs: { backupSchedule: "${expression}" } }`);
    const form = "storage.efs.backupSchedule: must be an AWS cron expression: cron(minutes hours day-of-month month day-of-week year), such as cron(0 5 * * ? *) for daily at 05:00 UTC";
    expect(bad("0 5 * * *")).toEqual([form]);
    expect(bad("rate(1 day)")).toEqual([form]);
    expect(bad("cron(0 5 * * *)")).toEqual([`storage.efs.backupSchedule: has 5 fields; ${form.replace("storage.efs.backupSchedule: ", "")}`]);
    expect(bad("cron(0 5 * * * *)")).toEqual(["storage.efs.backupSchedule: must have ? in exactly one of day-of-month (third field) and day-of-week (fifth field), such as cron(0 5 * * ? *) or cron(0 5 ? * MON *)"]);
    expect(bad("cron(0 5 ? * ? *)")).toHaveLength(1);
    expect(bad("cron(0 25 * * ? *)")).toEqual(["storage.efs.backupSchedule: hours \"25\" is not valid: hours takes 0-23, *, ranges (a-b), lists (a,b) and steps (*/n, a/n)"]);
    expect(bad("cron(0 5 ? * FUNDAY *)")).toEqual(["storage.efs.backupSchedule: day-of-week \"FUNDAY\" is not valid: day-of-week takes 1-7 or SUN-SAT, *, ranges (a-b), lists (a,b) and steps (*/n, a/n)"]);
    expect(bad("cron(0 5 ? * FRI-MON *)")).toEqual(["storage.efs.backupSchedule: day-of-week \"FRI-MON\": the range FRI-MON runs backwards; write the lower value first"]);
    expect(bad("cron(0 */0 * * ? *)")).toEqual(["storage.efs.backupSchedule: hours \"*/0\": a step is /<whole number of 1 or more>; hours takes 0-23, *, ranges (a-b), lists (a,b) and steps (*/n, a/n)"]);
    expect(bad("cron(*/30 5 * * ? *)")).toEqual(["storage.efs.backupSchedule: minutes \"*/30\" runs more than once an hour; AWS Backup needs at least 60 minutes between backups: give one minute, such as 0"]);
    for (const good of ["cron(0 5 * * ? *)", "cron(0 */12 * * ? *)", "cron(15 1,13 ? * MON-FRI *)", "cron(0 5 L * ? *)", "cron(0 5 ? * 6L *)", "cron(0 5 ? * 2#1 *)", "cron(0 5 1 JAN-JUN ? 2027-2030)", "cron(0 5 15W * ? *)"]) {
      expect([good, problemsOf(`storage: { efs: { backupSchedule: "${good}" } }`)]).toEqual([good, []]);
    }
  });

  test("cold storage needs retention of at least 90 days more, and a backup", () => {
    expect(problemsOf("storage: { efs: { coldStorageAfterDays: 30 } }")).toEqual([
      "storage.efs.backupRetentionDays: is 35, but with coldStorageAfterDays 30 it must be at least 120: AWS Backup keeps a recovery point in cold storage at least 90 days (delete_after >= cold_storage_after + 90); raise backupRetentionDays or lower coldStorageAfterDays",
    ]);
    expect(problemsOf("storage: { efs: { coldStorageAfterDays: 30, backupRetentionDays: 120 } }")).toEqual([]);
    expect(problemsOf("storage: { efs: { coldStorageAfterDays: 30, backupRetentionDays: 119 } }")).toHaveLength(1);
    expect(problemsOf("storage: { efs: { backup: false, coldStorageAfterDays: 30, backupRetentionDays: 365 } }")).toEqual([
      "storage.efs.coldStorageAfterDays: only applies with backup: true (there are no recovery points to move); remove it",
    ]);
    expect(problemsOf("storage: { efs: { coldStorageAfterDays: 0 } }")).toEqual(["storage.efs.coldStorageAfterDays: must be at least 1 day"]);
    expect(problemsOf("storage: { efs: { coldStorageAfterDays: 1.5, backupRetentionDays: 365 } }")).toEqual(["storage.efs.coldStorageAfterDays: must be a whole number, not number 1.5"]);
  });
});

describe("S3 interface endpoint (network.s3InterfaceEndpoint)", () => {
  const yaml = "network: { s3InterfaceEndpoint: true, peerCidrs: [192.168.0.0/16] }";
  const { json } = synthInfra(yaml);
  const endpoints = resources(json, "aws_vpc_endpoint");
  const gatewayName = Object.keys(endpoints).find((k) => endpoints[k].vpc_endpoint_type === "Gateway")!;
  const iface = endpoints["endpoints_s3-interface_897B29A6"];

  test("an interface endpoint for S3 whose private DNS answers only the inbound resolver, created after the gateway endpoint", () => {
    expectSecure(json);
    expect(Object.keys(endpoints).sort()).toEqual(["endpoints_s3-interface_897B29A6", "endpoints_s3_6279BB42"]);
    const services = dataSources(json, "aws_vpc_endpoint_service");
    expect(services["endpoints_s3-interface-service_96740FBC"]).toEqual({ service: "s3", service_type: "Interface" });
    expect(iface).toEqual({
      vpc_id: "${aws_vpc.network_vpc_4E8F0223.id}",
      service_name: "${data.aws_vpc_endpoint_service.endpoints_s3-interface-service_96740FBC.service_name}",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      dns_options: { private_dns_only_for_inbound_resolver_endpoint: true },
      subnet_ids: ["${aws_subnet.network_private-usw2-az1_70C6B83C.id}", "${aws_subnet.network_private-usw2-az2_2EC7A430.id}", "${aws_subnet.network_private-usw2-az3_CA5D8F1B.id}"],
      security_group_ids: ["${aws_security_group.endpoints_s3-interface-sg_9FD934E8.id}"],
      depends_on: [`aws_vpc_endpoint.${gatewayName}`],
      tags: { Name: "domino-s3-interface" },
    });
    // The gateway endpoint stays as it was: the VPC's own S3 traffic keeps using it.
    expect(endpoints[gatewayName].route_table_ids).toHaveLength(4);
  });

  const S3_SG = "endpoints_s3-interface-sg_9FD934E8";
  const httpsRule = (description: string, cidrs: string[]) => ({
    description, protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: cidrs,
    ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false,
  });

  test("a security group of its own, with HTTPS from the VPC and from the peered networks, and no egress", () => {
    const groups = resources(json, "aws_security_group");
    // Without interfaceEndpoints there is no ECR/STS endpoint, so no shared group either.
    expect(Object.keys(groups).filter((k) => k.startsWith("endpoints"))).toEqual([S3_SG]);
    expect(groups[S3_SG]).toEqual({
      name: "domino-s3-interface-endpoint",
      description: "HTTPS to the S3 interface endpoint, from the VPC and the peered and VPN networks only",
      vpc_id: "${aws_vpc.network_vpc_4E8F0223.id}",
      ingress: [httpsRule("HTTPS from the VPC", ["10.0.0.0/16"]), httpsRule("HTTPS from the peered and VPN networks", ["192.168.0.0/16"])],
      tags: { Name: "domino-s3-interface-endpoint" },
    });
  });

  test("the ECR and STS endpoints' shared group stays VPC-only: the peered networks never reach those endpoints", () => {
    const { json: both } = synthInfra("network: { s3InterfaceEndpoint: true, interfaceEndpoints: true, peerCidrs: [192.168.0.0/16] }");
    const groups = resources(both, "aws_security_group");
    const shared = groups["endpoints_sg_06C06DFF"];
    // Exactly the group interfaceEndpoints alone makes, whatever s3InterfaceEndpoint and peerCidrs say.
    const plain = resources(synthInfra("network: { interfaceEndpoints: true, peerCidrs: [192.168.0.0/16] }").json, "aws_security_group")["endpoints_sg_06C06DFF"];
    expect(shared).toEqual(plain);
    expect(shared).toEqual({
      name: "domino-vpc-endpoints",
      description: "HTTPS to the VPC interface endpoints, from inside the VPC only",
      vpc_id: "${aws_vpc.network_vpc_4E8F0223.id}",
      ingress: [httpsRule("HTTPS from the VPC", ["10.0.0.0/16"])],
      tags: { Name: "domino-vpc-endpoints" },
    });
    const endpoints = resources(both, "aws_vpc_endpoint");
    for (const key of ["endpoints_ecr-api_7E5A1F17", "endpoints_ecr-dkr_13D062EC", "endpoints_sts_3937C745"]) {
      expect(endpoints[key].security_group_ids).toEqual(["${aws_security_group.endpoints_sg_06C06DFF.id}"]);
    }
    expect(endpoints["endpoints_s3-interface_897B29A6"].security_group_ids).toEqual([`\${aws_security_group.${S3_SG}.id}`]);
    // No rule of the shared group names a peer network.
    expect(shared.ingress.flatMap((i: Json) => i.cidr_blocks)).not.toContain("192.168.0.0/16");
    expectSecure(both);
  });

  test("with restrictEndpoints, the gateway's endpoint policy; beside the ECR and STS endpoints, in its own group", () => {
    const { json: both } = synthInfra("network: { s3InterfaceEndpoint: true, interfaceEndpoints: true, restrictEndpoints: true, peerCidrs: [192.168.0.0/16] }");
    const all = bodies(both, "aws_vpc_endpoint") as Json[];
    const gateway = all.find((e) => e.vpc_endpoint_type === "Gateway");
    const s3Interface = resources(both, "aws_vpc_endpoint")["endpoints_s3-interface_897B29A6"];
    expect(s3Interface.policy).toBe(gateway.policy);
    expect(policyDocument(both, s3Interface.policy).statement.map((s: Json) => s.sid)).toEqual(["OwnAccountBuckets", "AwsOwnedBuckets"]);
    const interfaces = all.filter((e) => e.vpc_endpoint_type === "Interface");
    expect(interfaces).toHaveLength(4);
    expect(new Set(interfaces.map((e) => e.security_group_ids[0]))).toEqual(new Set(["${aws_security_group.endpoints_sg_06C06DFF.id}", `\${aws_security_group.${S3_SG}.id}`]));
    expect(Object.keys(resources(both, "aws_security_group")).filter((k) => k.startsWith("endpoints")).sort()).toEqual([S3_SG, "endpoints_sg_06C06DFF"]);
    // Without restrictEndpoints, no policy (any bucket), as on the gateway.
    expect(iface.policy).toBeUndefined();
  });

  test("off by default", () => {
    expect(bodies(synthInfra().json, "aws_vpc_endpoint").map((e: Json) => e.vpc_endpoint_type)).toEqual(["Gateway"]);
  });

  test("the govcloud example has it", () => {
    const gov = synthInfra(exampleYaml("govcloud.yaml")).json;
    expect(resources(gov, "aws_vpc_endpoint")["endpoints_s3-interface_897B29A6"]).toMatchObject({ dns_options: { private_dns_only_for_inbound_resolver_endpoint: true } });
    const groups = resources(gov, "aws_security_group");
    expect(groups[S3_SG].ingress.map((i: Json) => i.cidr_blocks)).toEqual([["10.50.0.0/16"], ["172.16.0.0/12"]]);
    expect(groups["endpoints_sg_06C06DFF"].ingress.map((i: Json) => i.cidr_blocks)).toEqual([["10.50.0.0/16"]]);
  });

  test("refused without peer networks, and with a brought VPC", () => {
    expect(problemsOf("network: { s3InterfaceEndpoint: true }")).toEqual([
      "network.s3InterfaceEndpoint: serves clients outside the VPC (in-VPC traffic uses the gateway endpoint), and network.peerCidrs lists none: add the VPN, Direct Connect or peered networks that reach S3 through it to peerCidrs (its security group takes HTTPS from them), or leave s3InterfaceEndpoint false",
    ]);
    expect(problemsOf(`${BYO_VPC}  s3InterfaceEndpoint: true\n  peerCidrs: [192.168.0.0/16]`)).toEqual([
      "network.s3InterfaceEndpoint: cannot be combined with network.existingVpc: no endpoints are created in a brought VPC (its S3 gateway endpoint, which the interface endpoint's inbound-only private DNS needs, is yours); create the S3 interface endpoint with the VPC, or leave existingVpc out",
    ]);
    expect(problemsOf("network: { s3InterfaceEndpoint: 1 }")).toEqual(["network.s3InterfaceEndpoint: must be a boolean, not number 1"]);
  });
});

describe("VPC flow logs (network.flowLogs)", () => {
  const CLOUDWATCH_ADDRESSES = [
    "aws_cloudwatch_log_group.flow-logs_log-group_BD9661F8",
    "aws_flow_log.flow-logs_flow-log_2E4F04EC",
    "aws_iam_role.flow-logs_role_B4B87A12",
    "aws_iam_role_policy.flow-logs_role-policy_2C333CA0",
    "data.aws_iam_policy_document.flow-logs_permissions_2279D85A",
    "data.aws_iam_policy_document.flow-logs_trust_D378090D",
  ];
  const flowLogAddresses = (json: Json) =>
    [
      ...["aws_cloudwatch_log_group", "aws_flow_log", "aws_iam_role", "aws_iam_role_policy"].flatMap((t) => Object.keys(resources(json, t)).map((n) => `${t}.${n}`)),
      ...Object.keys(dataSources(json, "aws_iam_policy_document")).map((n) => `data.aws_iam_policy_document.${n}`),
    ].filter((a) => a.includes("flow-logs_")).sort();

  test("default: cloudwatch, ALL traffic, today's addresses and fields", () => {
    const { json } = synthInfra();
    expect(flowLogAddresses(json)).toEqual(CLOUDWATCH_ADDRESSES);
    const log = only(json, "aws_flow_log");
    expect(log).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs", max_aggregation_interval: 600 });
    expect(refName(log.log_destination)).toMatch(/^flow-logs_log-group_/);
    expect(refName(log.iam_role_arn)).toMatch(/^flow-logs_role_/);
    // No flow-log grant in the monitoring bucket's policy.
    const write = bodies(json, "aws_s3_bucket_policy").map((p) => policyDocument(json, p.policy).statement).flat().find((s: Json) => s.sid === "LogDeliveryWrite");
    expect(write.resources.some((r: string) => r.includes("vpc-flow-logs/"))).toBe(false);
  });

  test.each(["ACCEPT", "REJECT"])("cloudwatch with trafficType %s keeps the addresses and the retention", (trafficType) => {
    const { json } = synthInfra(`network: { flowLogs: { trafficType: ${trafficType} }, flowLogRetentionDays: 90 }`);
    expect(flowLogAddresses(json)).toEqual(CLOUDWATCH_ADDRESSES);
    expect(only(json, "aws_flow_log").traffic_type).toBe(trafficType);
    expect(only(json, "aws_cloudwatch_log_group").retention_in_days).toBe(90);
  });

  test.each([
    ["aws", "", "us-west-2"],
    ["aws-us-gov", "region: us-gov-west-1\navailabilityZones: [usgw1-az1, usgw1-az2, usgw1-az3]\n", "us-gov-west-1"],
  ])("s3 (%s): to the monitoring bucket under vpc-flow-logs/, no log group or role, delivery.logs granted for this account", (_p, yaml, region) => {
    const { json } = synthInfra(`${yaml}network: { flowLogs: { destination: s3, trafficType: REJECT } }`);
    expectSecure(json);
    const bucket = Object.keys(resources(json, "aws_s3_bucket")).find((n) => n.startsWith("monitoring_bucket_"));
    const policyName = Object.keys(resources(json, "aws_s3_bucket_policy")).find((n) => n.startsWith("monitoring_bucket-policy_"));
    expect(only(json, "aws_flow_log")).toEqual({
      vpc_id: expect.stringMatching(/^\$\{aws_vpc\.network_vpc_/),
      traffic_type: "REJECT",
      log_destination_type: "s3",
      log_destination: `\${aws_s3_bucket.${bucket}.arn}/vpc-flow-logs/`,
      max_aggregation_interval: 600,
      tags: { Name: "domino" },
      depends_on: [`aws_s3_bucket_policy.${policyName}`],
    });
    expect(flowLogAddresses(json)).toEqual(["aws_flow_log.flow-logs_flow-log_2E4F04EC"]);
    expect(resources(json, "aws_cloudwatch_log_group")).toEqual(expect.not.objectContaining({ "flow-logs_log-group_BD9661F8": expect.anything() }));
    const partition = Object.keys(dataSources(json, "aws_partition"))[0];
    const account = `\${data.aws_caller_identity.${Object.keys(dataSources(json, "aws_caller_identity"))[0]}.account_id}`;
    const statements = policyDocument(json, resources(json, "aws_s3_bucket_policy")[policyName!].policy).statement as Json[];
    const write = statements.find((s) => s.sid === "LogDeliveryWrite");
    expect(write.resources).toEqual([`\${aws_s3_bucket.${bucket}.arn}/elb/AWSLogs/${account}/*`, `\${aws_s3_bucket.${bucket}.arn}/vpc-flow-logs/AWSLogs/${account}/*`]);
    expect(write.principals).toEqual([{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }]);
    expect(write.condition).toEqual([
      { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
      { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:\${data.aws_partition.${partition}.partition}:logs:${region}:${account}:*`] },
    ]);
  });

  test("no monitoring bucket, no access logs: refused unless S3_ACCESS_LOGGING is waived", () => {
    expect(problemsOf("storage: { s3: { monitoring: { enabled: false } } }")).toEqual([
      "storage.s3.monitoring.enabled: false leaves the buckets nowhere to send their server access logs, which the S3_ACCESS_LOGGING check requires: keep the monitoring bucket, or waive that rule in waivers with your reason",
    ]);
    expect(problemsOf("storage: { s3: { monitoring: { enabled: false } } }\nwaivers: [{ rule: S3_ACCESS_LOGGING, reason: \"access logs go to the central log account\" }]")).toEqual([]);
    const allBrought = ["blobs", "logs", "backups", "registry"].map((r) => `${r}: { create: false, name: acme-${r} }`).join(", ");
    expect(problemsOf(`storage: { s3: { monitoring: { enabled: false }, buckets: { ${allBrought} } } }`)).toEqual([]);
  });

  test("bad values are refused by field name; s3 needs the monitoring bucket", () => {
    expect(problemsOf("network: { flowLogs: { destination: kinesis } }")).toEqual(["network.flowLogs.destination: must be cloudwatch or s3"]);
    expect(problemsOf("network: { flowLogs: { trafficType: all } }")).toEqual(["network.flowLogs.trafficType: must be ALL, ACCEPT or REJECT"]);
    expect(problemsOf("network: { flowLogs: { destination: s3 } }\nstorage: { s3: { monitoring: { enabled: false } } }\nwaivers: [{ rule: S3_ACCESS_LOGGING, reason: \"access logs go to the central log account\" }]")).toEqual([
      "network.flowLogs.destination: s3 sends the flow logs to the monitoring bucket, which storage.s3.monitoring.enabled false turns off; enable it or use cloudwatch",
    ]);
  });

  test("a brought VPC gets no flow logs: a flowLogs other than the default is refused, not ignored", () => {
    const why = "a brought VPC (network.existingVpc) gets no flow logs from this project; configure flow logs on that VPC yourself, or leave network.flowLogs out";
    expect(problemsOf(`${BYO_VPC}  flowLogs: { destination: s3 }`)).toEqual([`network.flowLogs.destination: s3 is ignored: ${why}`]);
    expect(problemsOf(`${BYO_VPC}  flowLogs: { trafficType: REJECT }`)).toEqual([`network.flowLogs.trafficType: REJECT is ignored: ${why}`]);
    expect(problemsOf(`${BYO_VPC}  flowLogs: { destination: s3, trafficType: ACCEPT }`)).toEqual([
      `network.flowLogs.destination: s3 is ignored: ${why}`,
      `network.flowLogs.trafficType: ACCEPT is ignored: ${why}`,
    ]);
    // The monitoring bucket's absence is beside the point there: only the brought-VPC problem is reported.
    expect(problemsOf(`${BYO_VPC}  flowLogs: { destination: s3 }\nstorage: { s3: { monitoring: { enabled: false } } }\nwaivers: [{ rule: S3_ACCESS_LOGGING, reason: "access logs go to the central log account" }]`)).toEqual([`network.flowLogs.destination: s3 is ignored: ${why}`]);
    // The default (cloudwatch, ALL), written out or left out, is accepted, and makes no flow log, group or role.
    expect(problemsOf(`${BYO_VPC}  flowLogs: { destination: cloudwatch, trafficType: ALL }`)).toEqual([]);
    const { json } = synthInfra(`${BYO_VPC}  flowLogs: { destination: cloudwatch, trafficType: ALL }`);
    expect(bodies(json, "aws_flow_log")).toEqual([]);
    expect(bodies(json, "aws_cloudwatch_log_group")).toEqual([]);
  });
});

describe("adoption: names and descriptions AWS cannot change in place", () => {
  const ADOPTED = `
bastion: {enabled: true}
adoption:
  names: {nodeS3Policy: domino-S3, registryPolicy: domino-ECR, datasetsCreationToken: terraform-20240101000000000000000001}
  descriptions:
    nodeS3Policy: ""
    registryPolicy: ECR access for the nodes
    datasetsSecurityGroup: EFS security group
    bastionSecurityGroup: Bastion security group
`;
  const { json } = synthInfra(ADOPTED);

  test("the node policies, the EFS creation token and the security groups take the adopted values", () => {
    expectSecure(json);
    const policies = Object.fromEntries(bodies(json, "aws_iam_policy").map((p: Json) => [p.name, p.description]));
    expect(policies).toMatchObject({ "domino-S3": "", "domino-ECR": "ECR access for the nodes" });
    expect(policies).not.toHaveProperty("domino-s3");
    expect(only(json, "aws_efs_file_system").creation_token).toBe("terraform-20240101000000000000000001");
    expect(only(json, "aws_security_group", "domino-efs").description).toBe("EFS security group");
    expect(only(json, "aws_security_group", "domino-bastion").description).toBe("Bastion security group");
  });

  test("the addresses do not change with the overrides", () => {
    const plain = synthInfra("bastion: {enabled: true}").json;
    for (const type of ["aws_iam_policy", "aws_efs_file_system", "aws_security_group"]) {
      expect(Object.keys(resources(json, type))).toEqual(Object.keys(resources(plain, type)));
    }
  });

  test("left out, this project's names and texts", () => {
    const plain = synthInfra("bastion: {enabled: true}").json;
    const policies = Object.fromEntries(bodies(plain, "aws_iam_policy").map((p: Json) => [p.name, p.description]));
    expect(policies).toMatchObject({
      "domino-s3": "Domino nodes: read and write the deployment's S3 buckets",
      "domino-ecr": "Domino nodes: pull from and push to the deployment's ECR repositories",
    });
    expect(only(plain, "aws_efs_file_system").creation_token).toBe("domino-datasets");
    expect(only(plain, "aws_security_group", "domino-bastion").description).toBe("Domino bastion: Session Manager only, no ingress");
  });

  test("names and descriptions are checked by field with what AWS allows", () => {
    expect(problemsOf("adoption:\n  names: {clusterRole: 'a b', nodeS3Policy: '', datasetsCreationToken: '" + "x".repeat(65) + "'}\n")).toEqual([
      "adoption.names.clusterRole: must be letters, digits and + = , . @ _ - only (an IAM role name)",
      "adoption.names.nodeS3Policy: must be 1-128 characters (an IAM policy name)",
      "adoption.names.datasetsCreationToken: must be 1-64 characters (an EFS creation token)",
    ]);
    expect(problemsOf(`adoption:\n  names: {clusterRole: '${"r".repeat(65)}', registryPolicy: '${"p".repeat(129)}'}\n`)).toEqual([
      "adoption.names.clusterRole: must be 1-64 characters (an IAM role name)",
      "adoption.names.registryPolicy: must be 1-128 characters (an IAM policy name)",
    ]);
    expect(problemsOf(`adoption:\n  descriptions: {clusterSecurityGroup: "EKS cluster's group", nodesSecurityGroup: '${"n".repeat(256)}', registryPolicy: '${"d".repeat(1001)}'}\n`)).toEqual([
      "adoption.descriptions.registryPolicy: must be at most 1000 characters (IAM's limit for policy descriptions)",
      "adoption.descriptions.clusterSecurityGroup: must use only the characters EC2 allows in a security group description: a-z A-Z 0-9 space . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *",
      "adoption.descriptions.nodesSecurityGroup: must be at most 255 characters (EC2's limit for security group descriptions)",
    ]);
    expect(problemsOf("adoption:\n  descriptions: {clusterSecurityGroup: 'EKS cluster security group (a-z, 0-9) [x] {y} #1 @2 +=&;!$*:/'}\n")).toEqual([]);
  });
});
