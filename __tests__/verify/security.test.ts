import { JsonObject } from "../../verify/json";
import { formatProblem } from "../../verify/problem";
import { checkSecurity, SecurityOptions } from "../../verify/security/check";
import { isRangeAllowed, parsePortSpec } from "../../verify/security/ports";
import { parseReference } from "../../verify/security/references";
import { isReadOnlyAction } from "../../verify/security/rules/iam";
import { describeRules, SECURITY_RULES } from "../../verify/security/rules";
import { SynthesizedStack } from "../../verify/stacks";
import { addResource, dataSource, infraStack, k8sStack, resource, stack } from "./fixtures";

function problems(stacks: readonly SynthesizedStack[], options: SecurityOptions = {}): string[] {
  return checkSecurity(stacks, options).problems.map(formatProblem);
}

/** Problems after `change` breaks a fresh infra stack (the k8s stack rides along unchanged). */
function infraProblems(change: (json: JsonObject) => void, options: SecurityOptions = {}): string[] {
  const json = infraStack();
  change(json);
  return problems([stack("infra", json), stack("k8s", k8sStack())], options);
}

const policyJson = (statement: object): string => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

/** Options running only the named rules, for tests about one rule when a fault also trips others. */
const only = (...ids: string[]): SecurityOptions => ({ rules: SECURITY_RULES.filter((rule) => ids.includes(rule.id)) });

test("the clean fixtures pass every rule that is on by default", () => {
  const result = checkSecurity([stack("infra", infraStack()), stack("k8s", k8sStack())]);
  const defaults = SECURITY_RULES.filter((rule) => rule.defaultEnabled !== false).map((rule) => rule.id);
  expect(result).toEqual({ rules: defaults, problems: [], waived: [], unusedWaivers: [] });
});

test("rules have unique ids, a one-line rationale and lists of checkov and trivy ids; the existing ids stay", () => {
  const ids = describeRules().map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeGreaterThanOrEqual(40);
  // Waivers name these: they never change.
  expect(ids).toEqual(
    expect.arrayContaining([
      "S3_KMS_ENCRYPTION", "S3_VERSIONING", "S3_PUBLIC_ACCESS_BLOCK", "S3_TLS_ONLY", "EBS_ENCRYPTED", "EFS_ENCRYPTED", "KMS_KEY_ROTATION",
      "EKS_SECRETS_ENCRYPTION", "EKS_PRIVATE_ENDPOINT", "EKS_CONTROL_PLANE_LOGS", "IMDSV2_REQUIRED", "NO_PUBLIC_INGRESS",
      "IAM_NO_WILDCARD_ACTION", "IAM_NO_UNSCOPED_MUTATION", "NO_HARDCODED_PARTITION", "PREVENT_DESTROY", "NO_FORCE_DESTROY",
    ]),
  );
  for (const rule of describeRules()) {
    expect([rule.id, rule.id]).toEqual([rule.id, expect.stringMatching(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/)]);
    expect([rule.id, rule.rationale]).toEqual([rule.id, expect.stringMatching(/^[^\n|]{20,200}$/)]);
    for (const id of rule.checkov) expect([rule.id, id]).toEqual([rule.id, expect.stringMatching(/^CKV2?_AWS_\d+$/)]);
    for (const id of rule.trivy) expect([rule.id, id]).toEqual([rule.id, expect.stringMatching(/^AVD-AWS-\d{4}$/)]);
  }
  // S3_ACCESS_LOGGING was the one rule off by default, until the deployment had its monitoring bucket.
  expect(describeRules().filter((rule) => !rule.defaultEnabled).map((rule) => rule.id)).toEqual([]);
});

describe("the three security faults name stack, resource and attribute", () => {
  test("bucket without a public access block", () => {
    expect(infraProblems((json) => delete (json.resource as JsonObject).aws_s3_bucket_public_access_block)).toEqual([
      "infra: aws_s3_bucket.blobs: no aws_s3_bucket_public_access_block for this bucket; all four public access flags must be true [S3_PUBLIC_ACCESS_BLOCK]",
    ]);
  });

  test("SSH open to 0.0.0.0/0", () => {
    const ssh = { cidr_blocks: ["0.0.0.0/0"], description: "SSH", from_port: 22, to_port: 22, protocol: "tcp" };
    expect(infraProblems((json) => (resource(json, "aws_security_group", "nodes").ingress as JsonObject[]).push(ssh))).toEqual([
      "infra: aws_security_group.nodes: ingress[1].cidr_blocks[0]: public ingress from 0.0.0.0/0 on tcp port 22, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
      "infra: aws_security_group.nodes: ingress[1].cidr_blocks[0]: SSH (22) open to 0.0.0.0/0 [NO_SSH_RDP_FROM_INTERNET]",
    ]);
  });

  test("launch template without IMDSv2", () => {
    expect(infraProblems((json) => delete resource(json, "aws_launch_template", "nodes").metadata_options)).toEqual([
      'infra: aws_launch_template.nodes: metadata_options.http_tokens: IMDSv2 not enforced: http_tokens not set (defaults to "optional"); must be "required" [IMDSV2_REQUIRED]',
    ]);
  });
});

describe("S3", () => {
  test("S3_KMS_ENCRYPTION: missing, or not KMS", () => {
    expect(infraProblems((json) => delete (json.resource as JsonObject).aws_s3_bucket_server_side_encryption_configuration)).toEqual([
      "infra: aws_s3_bucket.blobs: no aws_s3_bucket_server_side_encryption_configuration for this bucket; SSE-KMS (aws:kms) required [S3_KMS_ENCRYPTION]",
    ]);
    const aes = (json: JsonObject) => {
      resource(json, "aws_s3_bucket_server_side_encryption_configuration", "blobs_sse").rule = [
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ];
    };
    expect(infraProblems(aes)).toEqual([
      'infra: aws_s3_bucket.blobs: server-side encryption uses "AES256"; SSE-KMS (aws:kms or aws:kms:dsse) required [S3_KMS_ENCRYPTION]',
    ]);
  });

  test("companions are found through cdktf cross-stack references", () => {
    const infra = infraStack();
    const sse = resource(infra, "aws_s3_bucket_server_side_encryption_configuration", "blobs_sse");
    delete (infra.resource as JsonObject).aws_s3_bucket_server_side_encryption_configuration;
    infra.output = { "cross-stack-output-aws_s3_bucketblobsid": { sensitive: true, value: "${aws_s3_bucket.blobs.id}" } };
    const k8s = k8sStack();
    const remote = "${data.terraform_remote_state.cross-stack-reference-input-infra.outputs.cross-stack-output-aws_s3_bucketblobsid}";
    addResource(k8s, "aws_s3_bucket_server_side_encryption_configuration", "blobs_sse", { ...sse, bucket: remote });
    expect(problems([stack("infra", infra), stack("k8s", k8s)])).toEqual([]);
  });

  test("references are parsed with data prefixes, indexes and nested attributes", () => {
    expect(parseReference("${aws_s3_bucket.logs[0].id}")).toEqual({ address: "aws_s3_bucket.logs", attributes: ["id"] });
    expect(parseReference("${data.aws_iam_policy_document.doc.json}")).toEqual({ address: "data.aws_iam_policy_document.doc", attributes: ["json"] });
    expect(parseReference("${aws_eks_cluster.c.identity[0].oidc[0].issuer}")).toEqual({
      address: "aws_eks_cluster.c",
      attributes: ["identity", "oidc", "issuer"],
    });
    expect(parseReference("arn:${data.aws_partition.p.partition}:s3:::b")).toBeUndefined();
  });

  test("S3_VERSIONING: missing, or suspended", () => {
    expect(infraProblems((json) => delete (json.resource as JsonObject).aws_s3_bucket_versioning)).toEqual([
      "infra: aws_s3_bucket.blobs: no aws_s3_bucket_versioning for this bucket; versioning must be Enabled [S3_VERSIONING]",
    ]);
    const suspend = (json: JsonObject) => {
      resource(json, "aws_s3_bucket_versioning", "blobs_versioning").versioning_configuration = { status: "Suspended" };
    };
    expect(infraProblems(suspend)).toEqual(['infra: aws_s3_bucket.blobs: versioning status is "Suspended"; must be "Enabled" [S3_VERSIONING]']);
  });

  test("S3_PUBLIC_ACCESS_BLOCK: a flag left false; an account-wide block also counts", () => {
    const relax = (json: JsonObject) => {
      resource(json, "aws_s3_bucket_public_access_block", "blobs_pab").restrict_public_buckets = false;
    };
    expect(infraProblems(relax)).toEqual([
      "infra: aws_s3_bucket.blobs: aws_s3_bucket_public_access_block.blobs_pab: restrict_public_buckets not true [S3_PUBLIC_ACCESS_BLOCK]",
    ]);
    const accountWide = (json: JsonObject) => {
      delete (json.resource as JsonObject).aws_s3_bucket_public_access_block;
      const flags = { block_public_acls: true, block_public_policy: "true", ignore_public_acls: true, restrict_public_buckets: true };
      addResource(json, "aws_s3_account_public_access_block", "account", flags);
    };
    expect(infraProblems(accountWide)).toEqual([]);
  });

  test("S3_TLS_ONLY: missing policy, policy without the deny, JSON policy matched by literal bucket name", () => {
    expect(infraProblems((json) => delete (json.resource as JsonObject).aws_s3_bucket_policy)).toEqual([
      "infra: aws_s3_bucket.blobs: no aws_s3_bucket_policy for this bucket; a Deny on aws:SecureTransport = false is required [S3_TLS_ONLY]",
    ]);
    const allowInsecure = (json: JsonObject) => {
      const statement = (dataSource(json, "aws_iam_policy_document", "blobs_tls").statement as JsonObject[])[0];
      statement.condition = [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }];
    };
    expect(infraProblems(allowInsecure)).toEqual([
      "infra: aws_s3_bucket.blobs: bucket policy has no Deny statement with condition aws:SecureTransport = false [S3_TLS_ONLY]",
    ]);
    const jsonPolicy = (json: JsonObject) => {
      Object.assign(resource(json, "aws_s3_bucket_policy", "blobs_policy"), {
        bucket: "domino-blobs",
        policy: policyJson({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:${data.aws_partition.current.partition}:s3:::domino-blobs/*"],
          Condition: { Bool: { "aws:SecureTransport": false } },
        }),
      });
    };
    expect(infraProblems(jsonPolicy)).toEqual([]);
  });
});

describe("encryption at rest", () => {
  test("EFS_ENCRYPTED", () => {
    expect(infraProblems((json) => (resource(json, "aws_efs_file_system", "shared").encrypted = false))).toEqual([
      "infra: aws_efs_file_system.shared: encrypted: unencrypted file system (is false); must be true [EFS_ENCRYPTED]",
    ]);
  });

  test("EBS_ENCRYPTED: launch templates, instances, volumes", () => {
    const breakAll = (json: JsonObject) => {
      const template = resource(json, "aws_launch_template", "nodes");
      template.block_device_mappings = [{ device_name: "/dev/xvda", ebs: { volume_size: 100 } }];
      addResource(json, "aws_launch_template", "bare", { metadata_options: { http_tokens: "required" } });
      addResource(json, "aws_instance", "bastion", {
        metadata_options: { http_tokens: "required" },
        ebs_block_device: [{ device_name: "/dev/sdf", encrypted: "false" }],
      });
      addResource(json, "aws_ebs_volume", "data", { availability_zone: "us-west-2a", size: 10 });
    };
    expect(infraProblems(breakAll, only("EBS_ENCRYPTED"))).toEqual([
      "infra: aws_ebs_volume.data: encrypted: unencrypted EBS volume (not set); must be true [EBS_ENCRYPTED]",
      "infra: aws_instance.bastion: ebs_block_device[0].encrypted: unencrypted EBS volume (is \"false\"); must be true [EBS_ENCRYPTED]",
      "infra: aws_instance.bastion: root_block_device: no root_block_device: set root_block_device.encrypted = true [EBS_ENCRYPTED]",
      "infra: aws_launch_template.bare: block_device_mappings: no block_device_mappings: the root volume's encryption depends on the AMI; map it with ebs.encrypted = true [EBS_ENCRYPTED]",
      "infra: aws_launch_template.nodes: block_device_mappings[0].ebs.encrypted: unencrypted EBS volume (not set); must be true [EBS_ENCRYPTED]",
    ]);
    const encryptedByDefault = (json: JsonObject) => {
      breakAll(json);
      addResource(json, "aws_ebs_encryption_by_default", "default", { enabled: true });
    };
    expect(infraProblems(encryptedByDefault, only("EBS_ENCRYPTED"))).toEqual([]);
  });

  test("KMS_KEY_ROTATION", () => {
    expect(infraProblems((json) => delete resource(json, "aws_kms_key", "key").enable_key_rotation)).toEqual([
      "infra: aws_kms_key.key: enable_key_rotation: key rotation disabled (not set); must be true [KMS_KEY_ROTATION]",
    ]);
  });
});

describe("EKS", () => {
  const cluster = (json: JsonObject) => resource(json, "aws_eks_cluster", "cluster");

  test("EKS_SECRETS_ENCRYPTION", () => {
    expect(infraProblems((json) => delete cluster(json).encryption_config)).toEqual([
      "infra: aws_eks_cluster.cluster: encryption_config: no encryption_config; secrets must be encrypted with a KMS key [EKS_SECRETS_ENCRYPTION]",
    ]);
    expect(infraProblems((json) => (cluster(json).encryption_config = [{ resources: [], provider: [{ key_arn: "k" }] }]))).toEqual([
      'infra: aws_eks_cluster.cluster: encryption_config: encryption_config must cover resources ["secrets"] with provider.key_arn [EKS_SECRETS_ENCRYPTION]',
    ]);
  });

  test("EKS_PRIVATE_ENDPOINT", () => {
    expect(infraProblems((json) => (cluster(json).vpc_config = { subnet_ids: ["subnet-1"] }), only("EKS_PRIVATE_ENDPOINT"))).toEqual([
      "infra: aws_eks_cluster.cluster: vpc_config.endpoint_private_access: private endpoint access not set; must be true [EKS_PRIVATE_ENDPOINT]",
    ]);
  });

  test("EKS_CONTROL_PLANE_LOGS", () => {
    expect(infraProblems((json) => (cluster(json).enabled_cluster_log_types = ["api", "audit"]))).toEqual([
      "infra: aws_eks_cluster.cluster: enabled_cluster_log_types: control-plane log types not enabled: authenticator, controllerManager, scheduler [EKS_CONTROL_PLANE_LOGS]",
    ]);
  });
});

describe("IMDSV2_REQUIRED", () => {
  test("instances need http_tokens = required; a disabled endpoint is fine", () => {
    const instances = (json: JsonObject) => {
      const volume = { root_block_device: { encrypted: true } };
      addResource(json, "aws_instance", "optional", { ...volume, metadata_options: { http_tokens: "optional" } });
      addResource(json, "aws_instance", "disabled", { ...volume, metadata_options: { http_endpoint: "disabled" } });
    };
    expect(infraProblems(instances, only("IMDSV2_REQUIRED"))).toEqual([
      'infra: aws_instance.optional: metadata_options.http_tokens: IMDSv2 not enforced: http_tokens is "optional"; must be "required" [IMDSV2_REQUIRED]',
    ]);
  });
});

describe("NO_PUBLIC_INGRESS", () => {
  const openRules = (json: JsonObject) => {
    addResource(json, "aws_security_group_rule", "https_v6", {
      type: "ingress",
      security_group_id: "sg-1",
      protocol: "tcp",
      from_port: 443,
      to_port: 443,
      ipv6_cidr_blocks: ["::/0"],
    });
    addResource(json, "aws_security_group_rule", "egress", { type: "egress", security_group_id: "sg-1", protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] });
    addResource(json, "aws_vpc_security_group_ingress_rule", "everything", { security_group_id: "sg-1", ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" });
  };

  test("reports every public ingress", () => {
    expect(infraProblems(openRules, only("NO_PUBLIC_INGRESS"))).toEqual([
      "infra: aws_security_group_rule.https_v6: ipv6_cidr_blocks[0]: public ingress from ::/0 on tcp port 443, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
      "infra: aws_vpc_security_group_ingress_rule.everything: cidr_ipv4: public ingress from 0.0.0.0/0 on all protocols and ports, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
    ]);
  });

  test("explicitly allowed ports pass; all-protocol rules need every port allowed", () => {
    expect(infraProblems(openRules, { ...only("NO_PUBLIC_INGRESS"), allowedIngressPorts: [443] })).toEqual([
      "infra: aws_vpc_security_group_ingress_rule.everything: cidr_ipv4: public ingress from 0.0.0.0/0 on all protocols and ports, not an explicitly allowed public port [NO_PUBLIC_INGRESS]",
    ]);
    const allowed = { from: 0, to: 1000 };
    expect(infraProblems(openRules, { ...only("NO_PUBLIC_INGRESS"), allowedIngressPortsByStack: { infra: [allowed, { from: 1001, to: 65535 }] } })).toEqual([]);
    expect(infraProblems(openRules, { ...only("NO_PUBLIC_INGRESS"), allowedIngressPortsByStack: { k8s: [{ port: 443 }] } })).toHaveLength(2);
  });

  test("port helpers", () => {
    expect(parsePortSpec("30000-32767")).toEqual({ from: 30000, to: 32767 });
    expect(() => parsePortSpec("70000")).toThrow("invalid port or port range");
    expect(isRangeAllowed({ from: 80, to: 443 }, [{ from: 80, to: 100 }, { from: 101, to: 443 }])).toBe(true);
    expect(isRangeAllowed({ from: 80, to: 443 }, [{ from: 80, to: 100 }, { from: 102, to: 443 }])).toBe(false);
  });
});

describe("IAM", () => {
  const rolePolicy = (statement: object) => (json: JsonObject) =>
    addResource(json, "aws_iam_role_policy", "extra", { role: "${aws_iam_role.cluster.id}", policy: policyJson(statement) });

  test("IAM_NO_WILDCARD_ACTION: JSON policies, policy documents, NotAction; Deny is fine", () => {
    expect(infraProblems(rolePolicy({ Effect: "Allow", Action: "*", Resource: "*" }))).toEqual([
      'infra: aws_iam_role_policy.extra: policy.Statement[0].Action: Allow statement grants every action ("*") [IAM_NO_WILDCARD_ACTION]',
      'infra: aws_iam_role_policy.extra: policy.Statement[0].Action: privilege escalation: grants iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:PassRole, iam:AttachRolePolicy, ... (13 in all) (through "*") [IAM_PRIVILEGE_ESCALATION]',
    ]);
    expect(infraProblems(rolePolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).toEqual([
      "infra: aws_iam_role_policy.extra: policy.Statement[0].NotAction: Allow with NotAction grants every action not listed [IAM_NO_WILDCARD_ACTION]",
    ]);
    expect(infraProblems(rolePolicy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }))).toEqual([]);
    const documentWildcard = (json: JsonObject) => {
      (dataSource(json, "aws_iam_policy_document", "key_policy").statement as JsonObject[])[0].actions = ["*:*"];
    };
    expect(infraProblems(documentWildcard)).toEqual([
      'infra: data.aws_iam_policy_document.key_policy: statement[0].actions: Allow statement grants every action ("*:*") [IAM_NO_WILDCARD_ACTION]',
    ]);
  });

  test("IAM_NO_UNSCOPED_MUTATION: mutating actions on * need a condition; reads are fine", () => {
    expect(infraProblems(rolePolicy({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "ec2:*"], Resource: "*" }))).toEqual([
      'infra: aws_iam_role_policy.extra: policy.Statement[0].Action: mutating actions on Resource "*" without a condition: s3:PutObject, ec2:* [IAM_NO_UNSCOPED_MUTATION]',
    ]);
    expect(infraProblems(rolePolicy({ Effect: "Allow", Action: ["s3:Get*", "ec2:Describe*", "s3:ListBucket"], Resource: "*" }))).toEqual([]);
    const scoped = { Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } } };
    expect(infraProblems(rolePolicy(scoped))).toEqual([]);
    expect(isReadOnlyAction("dynamodb:BatchGetItem")).toBe(true);
    expect(isReadOnlyAction("s3:*")).toBe(false);
  });

  test("key policies may use Resource * for mutations, unless the same document also grants a role", () => {
    expect(infraProblems(() => undefined)).toEqual([]);
    const reuse = (json: JsonObject) =>
      addResource(json, "aws_iam_role_policy", "reuse", { role: "r", policy: "${data.aws_iam_policy_document.key_policy.json}" });
    expect(infraProblems(reuse)).toEqual([
      'infra: data.aws_iam_policy_document.key_policy: statement[0].actions: mutating actions on Resource "*" without a condition: kms:* [IAM_NO_UNSCOPED_MUTATION]',
    ]);
    const literalKeyPolicy = (json: JsonObject) => {
      const root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root";
      resource(json, "aws_kms_key", "key").policy = policyJson({ Effect: "Allow", Principal: { AWS: root }, Action: "kms:*", Resource: "*" });
      delete ((json.data as JsonObject).aws_iam_policy_document as JsonObject).key_policy;
    };
    expect(infraProblems(literalKeyPolicy)).toEqual([]);
  });

  test("unparseable policies (jsonencode expressions) are skipped", () => {
    const encoded = (json: JsonObject) => {
      resource(json, "aws_iam_policy", "autoscaler").policy = '${jsonencode({"Statement" = [{"Action" = "*"}]})}';
    };
    expect(infraProblems(encoded)).toEqual([]);
  });
});

describe("NO_HARDCODED_PARTITION", () => {
  test("literal partitions in any string are reported; // metadata is exempt", () => {
    const literal = (json: JsonObject) => {
      addResource(json, "aws_iam_role_policy_attachment", "ssm", { role: "r", policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
      resource(json, "aws_iam_policy", "autoscaler").policy = policyJson({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws-us-gov:s3:::b/*" });
      resource(json, "aws_s3_bucket", "blobs")["//"] = { metadata: { path: "arn:aws:in-metadata" } };
      json.output = { role: { value: "arn:aws:iam::123456789012:role/x" } };
    };
    expect(infraProblems(literal)).toEqual([
      'infra: aws_iam_policy.autoscaler: policy: hard-coded partition in "arn:aws-us-gov:s3:::b/*"; use arn:${data.aws_partition.<name>.partition}:... [NO_HARDCODED_PARTITION]',
      'infra: aws_iam_role_policy_attachment.ssm: policy_arn: hard-coded partition in "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"; use arn:${data.aws_partition.<name>.partition}:... [NO_HARDCODED_PARTITION]',
      'infra: output.role: value: hard-coded partition in "arn:aws:iam::123456789012:role/x"; use arn:${data.aws_partition.<name>.partition}:... [NO_HARDCODED_PARTITION]',
    ]);
  });
});

describe("NO_HARDCODED_PARTITION and the user's own ARNs", () => {
  test("an ARN the user wrote into the config is accepted with its partition; others in the same stack are not", () => {
    const literal = (json: JsonObject) => {
      addResource(json, "aws_eks_access_entry", "admin", { cluster_name: "c", principal_arn: "arn:aws:iam::111122223333:role/admins" });
      json.output = { role: { value: "arn:aws:iam::123456789012:role/x" } };
    };
    expect(infraProblems(literal, { userArnsByStack: { infra: ["arn:aws:iam::111122223333:role/admins"] } })).toEqual([
      'infra: output.role: value: hard-coded partition in "arn:aws:iam::123456789012:role/x"; use arn:${data.aws_partition.<name>.partition}:... [NO_HARDCODED_PARTITION]',
    ]);
    expect(infraProblems(literal, { userArnsByStack: { k8s: ["arn:aws:iam::111122223333:role/admins"] } })).toHaveLength(2);
  });
});

describe("destroy protection", () => {
  test("PREVENT_DESTROY on stateful resources", () => {
    const unprotect = (json: JsonObject) => {
      delete resource(json, "aws_s3_bucket", "blobs").lifecycle;
      resource(json, "aws_eks_cluster", "cluster").lifecycle = { prevent_destroy: false };
      addResource(json, "aws_db_instance", "db", { instance_class: "db.t3.micro", storage_encrypted: true });
    };
    expect(infraProblems(unprotect)).toEqual([
      "infra: aws_db_instance.db: lifecycle.prevent_destroy: stateful resource without lifecycle.prevent_destroy = true [PREVENT_DESTROY]",
      "infra: aws_eks_cluster.cluster: lifecycle.prevent_destroy: stateful resource without lifecycle.prevent_destroy = true [PREVENT_DESTROY]",
      "infra: aws_s3_bucket.blobs: lifecycle.prevent_destroy: stateful resource without lifecycle.prevent_destroy = true [PREVENT_DESTROY]",
    ]);
  });

  test("NO_FORCE_DESTROY on buckets and repositories", () => {
    const force = (json: JsonObject) => {
      resource(json, "aws_s3_bucket", "blobs").force_destroy = true;
      resource(json, "aws_ecr_repository", "images").force_delete = "true";
    };
    expect(infraProblems(force)).toEqual([
      "infra: aws_ecr_repository.images: force_delete: force_delete is true: destroying the resource would delete every image [NO_FORCE_DESTROY]",
      "infra: aws_s3_bucket.blobs: force_destroy: force_destroy is true: destroying the resource would delete every object [NO_FORCE_DESTROY]",
    ]);
  });
});
