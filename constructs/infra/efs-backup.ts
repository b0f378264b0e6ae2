import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { iamName, resourceName } from "../config/naming";
import type { Account } from "./account";

export interface EfsBackupProps {
  readonly account: Account;
  readonly deployId: string;
  readonly fileSystemArn: string;
  readonly kmsKeyArn: string;
  readonly retentionDays: number;
}

/** AWS-managed policies of the AWS Backup service role: take backups, and restore them. */
export const BACKUP_MANAGED_POLICIES = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] as const;

/** Daily AWS Backup of the datasets file system into a vault encrypted with the deployment key. */
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
          schedule: "cron(0 5 * * ? *)",
          startWindow: 60,
          completionWindow: 480,
          lifecycle: { deleteAfter: props.retentionDays },
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
