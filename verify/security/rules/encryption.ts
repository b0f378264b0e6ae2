/** Encryption at rest for EBS and EFS volumes, and KMS key rotation. */
import { asList, firstObject, formatPath, isObject, literalBool, PathSegment } from "../../json";
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
  check: (context) =>
    resourcesOfType(context.stack, "aws_efs_file_system").flatMap((fs) =>
      requireTrue(fs, fs.body.encrypted, ["encrypted"], "unencrypted file system"),
    ),
};

const kmsKeyRotation: SecurityRule = {
  id: "KMS_KEY_ROTATION",
  rationale: "Yearly automatic rotation limits how much data any one key version protects.",
  check: (context) =>
    resourcesOfType(context.stack, "aws_kms_key").flatMap((key) =>
      requireTrue(key, key.body.enable_key_rotation, ["enable_key_rotation"], "key rotation disabled"),
    ),
};

export const ENCRYPTION_RULES: readonly SecurityRule[] = [ebsEncrypted, efsEncrypted, kmsKeyRotation];
