import { userSuppliedArns } from "../../cli/validate-config";
import { checkSecurity } from "../../verify/security/check";
import { exampleYaml } from "../helpers/config";
import { bodies, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { ingressCidrs, only, synthInfra } from "./helpers";

describe("infra examples", () => {
  test.each(["byo-vpc.yaml", "byo-kms.yaml", "single-zone.yaml"])("%s passes the security rules (with its own waivers and ARNs)", (name) => {
    const { stack, json } = synthInfra(exampleYaml(name));
    const result = checkSecurity([{ name: stack.plan.stacks.infra, json }], {
      waivers: stack.plan.config.waivers,
      userArnsByStack: { [stack.plan.stacks.infra]: userSuppliedArns(stack.plan.config) },
    });
    expect(result.problems).toEqual([]);
    expect(result.unusedWaivers).toEqual([]);
  });

  test("byo-vpc.yaml: no network resources, the given subnets, Route53 validation, Session Manager bastion", () => {
    const { stack, json } = synthInfra(exampleYaml("byo-vpc.yaml"));
    expect(schemaProblems(json)).toEqual([]);
    expect(resources(json, "aws_vpc")).toEqual({});
    expect(resources(json, "aws_subnet")).toEqual({});
    expect(stack.outputs.privateSubnetIds).toEqual(["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"]);
    expect(stack.outputs.podSubnetIds).toHaveLength(3);
    expect(only(json, "aws_acm_certificate_validation")).toBeDefined();
    expect(only(json, "aws_security_group", "domino-byo-bastion").ingress).toEqual([]);
    expect(ingressCidrs(json)).toEqual([]);
  });

  test("byo-kms.yaml: no key, GovCloud, interface endpoints", () => {
    const { json } = synthInfra(exampleYaml("byo-kms.yaml"));
    expect(schemaProblems(json)).toEqual([]);
    expect(resources(json, "aws_kms_key")).toEqual({});
    expect(Object.values(json.data.aws_kms_key)).toEqual([{ key_id: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }]);
    expect(bodies(json, "aws_vpc_endpoint")).toHaveLength(4);
    expect(only(json, "aws_cloudwatch_log_group").retention_in_days).toBe(731);
    expect(json.provider.aws[0].region).toBe("us-gov-west-1");
    const lifecycles = bodies(json, "aws_s3_bucket_lifecycle_configuration") as { rule: { noncurrent_version_expiration?: unknown }[] }[];
    // The five buckets of the default (four and monitoring) and costs (storage.s3.costs.enabled).
    expect(lifecycles.map((l) => l.rule[1].noncurrent_version_expiration)).toEqual(Array(6).fill([{ noncurrent_days: 365 }]));
    const costsEncryption = Object.entries(resources(json, "aws_s3_bucket_server_side_encryption_configuration")).find(([n]) => n.startsWith("buckets_costs-encryption"))![1];
    expect(costsEncryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: `\${data.aws_kms_key.${Object.keys(json.data.aws_kms_key)[0]}.arn}` });
    expect(only(json, "aws_efs_file_system")).toMatchObject({ throughput_mode: "provisioned", provisioned_throughput_in_mibps: 128, performance_mode: "generalPurpose" });
  });

  test("single-zone.yaml: one zone, one NAT, destroyable buckets, no backup", () => {
    const { json } = synthInfra(exampleYaml("single-zone.yaml"));
    expect(schemaProblems(json)).toEqual([]);
    // A private and a public subnet in the zone, and the control-plane subnet in a second zone (EKS needs two).
    expect(Object.keys(resources(json, "aws_subnet"))).toHaveLength(3);
    expect(Object.keys(resources(json, "aws_nat_gateway"))).toHaveLength(1);
    expect(Object.keys(resources(json, "aws_efs_mount_target"))).toHaveLength(1);
    expect(bodies(json, "aws_s3_bucket").every((b) => (b as { force_destroy: boolean }).force_destroy)).toBe(true);
    expect(resources(json, "aws_backup_plan")).toEqual({});
  });
});
