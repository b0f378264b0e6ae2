/** EFS access and transport, the backup vault, and ECR repositories. */
import { firstObject, isObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, Violation } from "../context";
import { deniesInsecureTransport, resolvePolicyStatements } from "../iam-policy";
import { blocksReferencing } from "../references";

const FILE_SYSTEM = "aws_efs_file_system";

function accessPointViolations(fs: TerraformBlock, context: RuleContext): Violation[] {
  const points = blocksReferencing(context.stacks, context.stack, fs, "aws_efs_access_point", "file_system_id");
  if (points.length === 0) {
    return [{ address: fs.address, path: "", message: "no aws_efs_access_point for this file system; clients would mount its root with their own identity" }];
  }
  return [];
}

function accessPointShape(point: TerraformBlock): Violation[] {
  const violations: Violation[] = [];
  const path = firstObject(point.body.root_directory)?.path;
  if (typeof path !== "string" || path === "" || path === "/") {
    const found = path === undefined ? "no root_directory.path" : `root_directory.path ${JSON.stringify(path)}`;
    violations.push({ address: point.address, path: "root_directory.path", message: `${found}: the access point exposes the whole file system` });
  }
  if (firstObject(point.body.posix_user) === undefined) {
    violations.push({ address: point.address, path: "posix_user", message: "no posix_user: clients keep their own uid and gid" });
  }
  return violations;
}

const efsAccessPoint: SecurityRule = {
  id: "EFS_ACCESS_POINT",
  rationale: "Clients mount EFS through an access point that pins a directory below / and a POSIX identity, not the file system's root as any user.",
  checkov: [],
  trivy: [],
  check: (context) => [
    ...resourcesOfType(context.stack, FILE_SYSTEM).flatMap((fs) => accessPointViolations(fs, context)),
    ...resourcesOfType(context.stack, "aws_efs_access_point").flatMap(accessPointShape),
  ],
};

const efsTlsOnly: SecurityRule = {
  id: "EFS_TLS_ONLY",
  rationale: "A file-system policy denying aws:SecureTransport=false refuses NFS mounts without TLS, so dataset traffic is encrypted in transit.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, FILE_SYSTEM).flatMap((fs): Violation[] => {
      const policies = blocksReferencing(context.stacks, context.stack, fs, "aws_efs_file_system_policy", "file_system_id");
      const enforced = policies.some((c) => (resolvePolicyStatements(c.block.body.policy, c.stack, context.stacks) ?? []).some(deniesInsecureTransport));
      if (enforced) return [];
      const message =
        policies.length === 0
          ? "no aws_efs_file_system_policy for this file system; a Deny on aws:SecureTransport = false is required"
          : "file-system policy has no Deny statement with condition aws:SecureTransport = false";
      return [{ address: fs.address, path: "", message }];
    }),
};

const backupVaultKms: SecurityRule = {
  id: "BACKUP_VAULT_KMS",
  rationale: "Backup recovery points are copies of the datasets; the vault encrypts them with the deployment key, not the AWS-managed backup key.",
  checkov: ["CKV_AWS_166"],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, "aws_backup_vault").flatMap((vault): Violation[] => {
      const key = vault.body.kms_key_arn;
      if (typeof key === "string" && key !== "") return [];
      return [{ address: vault.address, path: "kms_key_arn", message: "backup vault without kms_key_arn: recovery points use the AWS-managed key" }];
    }),
};

const REPOSITORY = "aws_ecr_repository";

const ecrImmutableTags: SecurityRule = {
  id: "ECR_IMMUTABLE_TAGS",
  rationale: "Immutable tags mean an image tag Domino runs can never be overwritten with different content.",
  checkov: ["CKV_AWS_51"],
  trivy: ["AVD-AWS-0031"],
  check: (context) =>
    resourcesOfType(context.stack, REPOSITORY).flatMap((repository): Violation[] => {
      const mutability = repository.body.image_tag_mutability;
      if (mutability === "IMMUTABLE" || mutability === "IMMUTABLE_WITH_EXCLUSION") return [];
      const found = mutability === undefined ? "not set (defaults to MUTABLE)" : `is ${JSON.stringify(mutability)}`;
      return [{ address: repository.address, path: "image_tag_mutability", message: `image_tag_mutability ${found}; must be "IMMUTABLE"` }];
    }),
};

/** A registry-wide scanning configuration that scans every repository on push (or continuously). */
function registryScansEverything(context: RuleContext): boolean {
  return context.stacks.some((stack) =>
    resourcesOfType(stack, "aws_ecr_registry_scanning_configuration").some((configuration) =>
      [configuration.body.rule].flat().some((rule) => {
        if (!isObject(rule) || !["SCAN_ON_PUSH", "CONTINUOUS_SCAN"].includes(String(rule.scan_frequency))) return false;
        return [rule.repository_filter].flat().some((filter) => isObject(filter) && filter.filter === "*");
      }),
    ),
  );
}

const ecrScanOnPush: SecurityRule = {
  id: "ECR_SCAN_ON_PUSH",
  rationale: "Scanning every pushed image reports known vulnerabilities before Domino runs the image.",
  checkov: ["CKV_AWS_163"],
  trivy: ["AVD-AWS-0030"],
  check: (context) => {
    if (registryScansEverything(context)) return [];
    return resourcesOfType(context.stack, REPOSITORY).flatMap((repository): Violation[] => {
      const scan = firstObject(repository.body.image_scanning_configuration)?.scan_on_push;
      if (literalBool(scan) === true) return [];
      const found = scan === undefined ? "not set" : `is ${JSON.stringify(scan)}`;
      return [{ address: repository.address, path: "image_scanning_configuration.scan_on_push", message: `scan on push ${found}; must be true` }];
    });
  },
};

const ecrKms: SecurityRule = {
  id: "ECR_KMS_ENCRYPTION",
  rationale: "Images hold code and sometimes data; the repositories encrypt them with the deployment's KMS key instead of the default AES256.",
  checkov: ["CKV_AWS_136"],
  trivy: ["AVD-AWS-0033"],
  check: (context) =>
    resourcesOfType(context.stack, REPOSITORY).flatMap((repository): Violation[] => {
      const configuration = firstObject(repository.body.encryption_configuration);
      const type = configuration?.encryption_type;
      const path = "encryption_configuration";
      if (type !== "KMS" && type !== "KMS_DSSE") {
        const found = type === undefined ? "AES256 (the default)" : JSON.stringify(type);
        return [{ address: repository.address, path: `${path}.encryption_type`, message: `encryption type ${found}; must be "KMS" with the deployment key` }];
      }
      const key = configuration?.kms_key;
      if (typeof key === "string" && key !== "") return [];
      return [{ address: repository.address, path: `${path}.kms_key`, message: "KMS encryption without kms_key uses the AWS-managed aws/ecr key; name the deployment key" }];
    }),
};

export const STORAGE_RULES: readonly SecurityRule[] = [efsAccessPoint, efsTlsOnly, backupVaultKms, ecrImmutableTags, ecrScanOnPush, ecrKms];
