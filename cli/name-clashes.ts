/**
 * Names two deployments of one file would both give an AWS object. deployIds are unique within a file, but nothing
 * stops a user-chosen name (a role name, a repository) or a derived one from meeting another deployment's; when both
 * deployments are applied in one account, the second apply fails on the taken name. Accounts are not known at synth,
 * so these are warnings, read off the synthesized stacks so that every construct's names are covered.
 */
import * as fs from "fs";
import * as path from "path";

type Json = Record<string, any>;

/** Resource types whose `name` (or `bucket`) is unique in the account (IAM) or the partition (S3), whatever the region. */
const ACCOUNT_WIDE: Readonly<Record<string, string>> = {
  aws_iam_role: "name",
  aws_iam_policy: "name",
  aws_iam_instance_profile: "name",
  aws_s3_bucket: "bucket",
};

/** Resource types whose name is unique per account and region. */
const REGIONAL: Readonly<Record<string, string>> = {
  aws_eks_cluster: "name",
  aws_kms_alias: "name",
  aws_cloudwatch_log_group: "name",
  aws_ecr_repository: "name",
  aws_backup_vault: "name",
  aws_backup_plan: "name",
  aws_launch_template: "name",
  aws_efs_file_system: "creation_token",
  aws_sqs_queue: "name",
  aws_cloudwatch_event_rule: "name",
};

export interface NameClash {
  readonly type: string;
  readonly name: string;
  /** The region for a regional name; undefined for account-wide ones. */
  readonly region?: string;
  /** The stacks (of different deployments) that both name it. */
  readonly stacks: readonly [string, string];
}

/**
 * The clashes in a synthesized output folder. `deploymentOf` maps a stack name to its deployment, so that names
 * repeated inside one deployment (which synth would refuse anyway) are not reported.
 */
export function findNameClashes(outdir: string, deploymentOf: (stack: string) => string): NameClash[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Json;
  const owners = new Map<string, string>();
  const clashes: NameClash[] = [];
  for (const [stack, entry] of Object.entries(manifest.stacks as Record<string, Json>)) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), "utf8")) as Json;
    const region = regionOf(json);
    for (const [type, resources] of Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>)) {
      const regional = REGIONAL[type];
      const attribute = ACCOUNT_WIDE[type] ?? regional;
      if (!attribute || (regional && !region)) continue;
      for (const resource of Object.values(resources)) {
        const name = resource[attribute];
        if (typeof name !== "string" || name.includes("${")) continue;
        const key = JSON.stringify([type, name, regional ? region : null]);
        const owner = owners.get(key);
        if (owner === undefined) owners.set(key, stack);
        else if (deploymentOf(owner) !== deploymentOf(stack)) {
          clashes.push({ type, name, ...(regional ? { region } : {}), stacks: [owner, stack] });
        }
      }
    }
  }
  return clashes;
}

function regionOf(stack: Json): string | undefined {
  const aws = stack.provider?.aws;
  const first = Array.isArray(aws) ? aws[0] : aws;
  return typeof first?.region === "string" ? first.region : undefined;
}

export function describeClash(c: NameClash): string {
  const where = c.region ? `in ${c.region}` : "account-wide";
  return `warning: ${c.stacks[0]} and ${c.stacks[1]} both create ${c.type} "${c.name}" (${where}); applied in one account, the second apply fails; give one of the deployments other names`;
}
