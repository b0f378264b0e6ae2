import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { DEFAULT_EFS_BACKUP_SCHEDULE } from "../config/defaults";
import { iamName, resourceName } from "../config/naming";
import type { Account } from "./account";

export interface EfsBackupProps {
  readonly account: Account;
  readonly deployId: string;
  readonly fileSystemArn: string;
  readonly kmsKeyArn: string;
  /** Days a recovery point is kept (the rule's delete_after). */
  readonly retentionDays: number;
  /** When backups run: an AWS cron expression (`storage.efs.backupSchedule`). @default daily at 05:00 UTC */
  readonly schedule?: string;
  /** Days after which a recovery point moves to cold storage; needs retentionDays >= this + 90. @default never */
  readonly coldStorageAfterDays?: number;
}

/** AWS-managed policies of the AWS Backup service role: take backups, and restore them. */
export const BACKUP_MANAGED_POLICIES = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] as const;

/** AWS Backup of the datasets file system (daily by default) into a vault encrypted with the deployment key. */
export class EfsBackup extends Construct {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: EfsBackupProps) {
    super(scope, id);
    const { account, deployId } = props;
    this.vault = new BackupVault(this, "vault", {
      name: resourceName(deployId, "efs"),
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: false,
      // The recovery points are the datasets' history: as stateful as the file system itself.
      lifecycle: { preventDestroy: true },
    });
    const plan = new BackupPlan(this, "plan", {
      name: resourceName(deployId, "efs"),
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          // The rule keeps the name "daily" whatever the schedule: a new name would change every existing backup plan.
          schedule: props.schedule ?? DEFAULT_EFS_BACKUP_SCHEDULE,
          startWindow: 60,
          completionWindow: 480,
          lifecycle: {
            deleteAfter: props.retentionDays,
            ...(props.coldStorageAfterDays !== undefined ? { coldStorageAfter: props.coldStorageAfterDays } : {}),
          },
        },
      ],
    });
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["backup.amazonaws.com"] }],
          // Confused-deputy guard: AWS Backup acting for this account only.
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
    });
    const role = new IamRole(this, "role", { name: iamName(deployId, "efs-backup"), assumeRolePolicy: trust.json });
    for (const policy of BACKUP_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, `role-${policy}`, {
        role: role.name,
        policyArn: account.awsManagedPolicyArn(`service-role/${policy}`),
      });
    }
    new BackupSelection(this, "selection", {
      name: resourceName(deployId, "efs"),
      planId: plan.id,
      iamRoleArn: role.arn,
      resources: [props.fileSystemArn],
    });
  }
}
