/** Encryption at rest for EBS and EFS volumes, with the deployment's own key; KMS key rotation and deletion safety. */
import { asList, firstObject, formatPath, isExpression, isObject, literalBool, PathSegment } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, Violation } from "../context";

function requireTrue(block: TerraformBlock, value: unknown, path: readonly PathSegment[], what: string): Violation[] {
  if (literalBool(value) === true) return [];
  const found = value === undefined ? "not set" : `is ${JSON.stringify(value)}`;
  return [{ address: block.address, path: formatPath(path), message: `${what} (${found}); must be true` }];
}

/** Account-level default EBS encryption encrypts every new volume, whatever the volume's own setting. */
function ebsEncryptedByDefault(context: RuleContext): boolean {
  return context.stacks.some((stack) =>
    resourcesOfType(stack, "aws_ebs_encryption_by_default").some((block) => literalBool(block.body.enabled ?? true) === true),
  );
}

function launchTemplateVolumes(template: TerraformBlock): Violation[] {
  const mappings = template.body.block_device_mappings;
  if (asList(mappings).length === 0) {
    const message = "no block_device_mappings: the root volume's encryption depends on the AMI; map it with ebs.encrypted = true";
    return [{ address: template.address, path: "block_device_mappings", message }];
  }
  return asList(mappings).flatMap((mapping, index) => {
    if (!isObject(mapping) || mapping.ebs === undefined || mapping.ebs === null) return [];
    const path = [...(Array.isArray(mappings) ? ["block_device_mappings", index] : ["block_device_mappings"]), "ebs", "encrypted"];
    return requireTrue(template, firstObject(mapping.ebs)?.encrypted, path, "unencrypted EBS volume");
  });
}

function instanceVolumes(instance: TerraformBlock): Violation[] {
  const root = firstObject(instance.body.root_block_device);
  const rootViolations =
    root === undefined
      ? [{ address: instance.address, path: "root_block_device", message: "no root_block_device: set root_block_device.encrypted = true" }]
      : requireTrue(instance, root.encrypted, ["root_block_device", "encrypted"], "unencrypted root volume");
  const devices = instance.body.ebs_block_device;
  const deviceViolations = asList(devices).flatMap((device, index) =>
    isObject(device) ? requireTrue(instance, device.encrypted, ["ebs_block_device", ...(Array.isArray(devices) ? [index] : []), "encrypted"], "unencrypted EBS volume") : [],
  );
  return [...rootViolations, ...deviceViolations];
}

const ebsEncrypted: SecurityRule = {
  id: "EBS_ENCRYPTED",
  rationale: "Node and instance volumes hold container images, logs and scratch data; they must be encrypted at rest.",
  checkov: ["CKV_AWS_3", "CKV_AWS_8"],
  trivy: ["AVD-AWS-0008", "AVD-AWS-0026", "AVD-AWS-0131"],
  check: (context) => {
    if (ebsEncryptedByDefault(context)) return [];
    return [
      ...resourcesOfType(context.stack, "aws_launch_template").flatMap(launchTemplateVolumes),
      ...resourcesOfType(context.stack, "aws_instance").flatMap(instanceVolumes),
      ...resourcesOfType(context.stack, "aws_ebs_volume").flatMap((volume) =>
        requireTrue(volume, volume.body.encrypted, ["encrypted"], "unencrypted EBS volume"),
      ),
    ];
  },
};

const efsEncrypted: SecurityRule = {
  id: "EFS_ENCRYPTED",
  rationale: "EFS holds Domino shared datasets; encryption at rest can only be chosen when the file system is created.",
  checkov: ["CKV_AWS_42"],
  trivy: ["AVD-AWS-0037"],
  check: (context) =>
    resourcesOfType(context.stack, "aws_efs_file_system").flatMap((fs) =>
      requireTrue(fs, fs.body.encrypted, ["encrypted"], "unencrypted file system"),
    ),
};

const kmsKeyRotation: SecurityRule = {
  id: "KMS_KEY_ROTATION",
  rationale: "Yearly automatic rotation limits how much data any one key version protects.",
  checkov: ["CKV_AWS_7"],
  trivy: ["AVD-AWS-0065"],
  check: (context) =>
    resourcesOfType(context.stack, "aws_kms_key").flatMap((key) =>
      requireTrue(key, key.body.enable_key_rotation, ["enable_key_rotation"], "key rotation disabled"),
    ),
};

/** A customer-managed key: set, and not the AWS-managed alias of the service (`alias/aws/ebs`). */
function customerKeyViolation(block: TerraformBlock, value: unknown, path: readonly PathSegment[], what: string): Violation[] {
  if (typeof value === "string" && value !== "" && !/(^|:)alias\/aws\//.test(value)) return [];
  const found = value === undefined || value === null || value === "" ? "no kms_key_id" : `kms key ${JSON.stringify(value)} is AWS-managed`;
  return [{ address: block.address, path: formatPath(path), message: `${what} not encrypted with a customer-managed KMS key (${found})` }];
}

/** An account-wide default customer key for EBS (`aws_ebs_default_kms_key`) covers volumes that name none. */
function ebsDefaultKey(context: RuleContext): boolean {
  return context.stacks.some((stack) => resourcesOfType(stack, "aws_ebs_default_kms_key").length > 0);
}

function launchTemplateKeys(template: TerraformBlock): Violation[] {
  const mappings = template.body.block_device_mappings;
  return asList(mappings).flatMap((mapping, index) => {
    if (!isObject(mapping) || mapping.ebs === undefined || mapping.ebs === null) return [];
    const path = [...(Array.isArray(mappings) ? ["block_device_mappings", index] : ["block_device_mappings"]), "ebs", "kms_key_id"];
    return customerKeyViolation(template, firstObject(mapping.ebs)?.kms_key_id, path, "EBS volume");
  });
}

function instanceKeys(instance: TerraformBlock): Violation[] {
  const root = firstObject(instance.body.root_block_device);
  const devices = instance.body.ebs_block_device;
  return [
    ...customerKeyViolation(instance, root?.kms_key_id, root === undefined ? ["root_block_device"] : ["root_block_device", "kms_key_id"], "root volume"),
    ...asList(devices).flatMap((device, index) =>
      isObject(device) ? customerKeyViolation(instance, device.kms_key_id, ["ebs_block_device", ...(Array.isArray(devices) ? [index] : []), "kms_key_id"], "EBS volume") : [],
    ),
  ];
}

const ebsCustomerKey: SecurityRule = {
  id: "EBS_KMS_CMK",
  rationale: "Node and instance volumes use the deployment's KMS key, not the AWS-managed aws/ebs key, so its key policy (and its deletion) govern the data.",
  checkov: [],
  trivy: [],
  check: (context) => {
    if (ebsDefaultKey(context)) return [];
    return [
      ...resourcesOfType(context.stack, "aws_launch_template").flatMap(launchTemplateKeys),
      ...resourcesOfType(context.stack, "aws_instance").flatMap(instanceKeys),
      ...resourcesOfType(context.stack, "aws_ebs_volume").flatMap((volume) => customerKeyViolation(volume, volume.body.kms_key_id, ["kms_key_id"], "EBS volume")),
    ];
  },
};

const efsCustomerKey: SecurityRule = {
  id: "EFS_KMS_CMK",
  rationale: "EFS is encrypted with the deployment's KMS key rather than the AWS-managed aws/elasticfilesystem key, so the key policy controls the datasets.",
  checkov: ["CKV_AWS_184"],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, "aws_efs_file_system").flatMap((fs) => customerKeyViolation(fs, fs.body.kms_key_id, ["kms_key_id"], "file system")),
};

const KEY_TYPES = ["aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key"];

const keyDeletionWindow: SecurityRule = {
  id: "KMS_KEY_DELETION_WINDOW",
  rationale: "A key scheduled for deletion can be recovered only during its waiting period; keep it at least the minimum (7 days, a parameter), 30 if unset.",
  checkov: [],
  trivy: [],
  check: (context) =>
    KEY_TYPES.flatMap((type) => resourcesOfType(context.stack, type)).flatMap((key): Violation[] => {
      const days = key.body.deletion_window_in_days;
      if (days === undefined || days === null || isExpression(days)) return [];
      const value = Number(days);
      const minimum = context.parameters.minKeyDeletionWindowDays;
      if (Number.isFinite(value) && value >= minimum) return [];
      return [{ address: key.address, path: "deletion_window_in_days", message: `deletion window of ${JSON.stringify(days)} days; must be at least ${minimum}` }];
    }),
};

const noLockoutBypass: SecurityRule = {
  id: "KMS_NO_LOCKOUT_BYPASS",
  rationale: "bypass_policy_lockout_safety_check lets a key policy lock every administrator out of the key for good, and the data with it.",
  checkov: [],
  trivy: [],
  check: (context) =>
    [...KEY_TYPES, "aws_kms_key_policy"]
      .flatMap((type) => resourcesOfType(context.stack, type))
      .flatMap((key): Violation[] => {
        const value = key.body.bypass_policy_lockout_safety_check;
        if (value === undefined || value === null || literalBool(value) === false) return [];
        return [{ address: key.address, path: "bypass_policy_lockout_safety_check", message: "the key policy lockout safety check is bypassed; must be false" }];
      }),
};

export const ENCRYPTION_RULES: readonly SecurityRule[] = [
  ebsEncrypted,
  efsEncrypted,
  kmsKeyRotation,
  ebsCustomerKey,
  efsCustomerKey,
  keyDeletionWindow,
  noLockoutBypass,
];
