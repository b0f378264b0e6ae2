import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { SPEC_S3_BUCKET_ACTIONS, SPEC_S3_OBJECT_ACTIONS } from "../config/defaults";
import { bucketRolesOf, iamName, type BucketNames } from "../config/naming";
import type { Account } from "./account";

export interface NodeS3PolicyProps {
  readonly account: Account;
  readonly deployId: string;
  /** The four buckets, and costs when it is on: it gets the same access (Domino's S3 policy lists it with the others). */
  readonly bucketNames: BucketNames;
  readonly kmsKeyArn: string;
  /** @default `<deployId>-s3` */
  readonly policyName?: string;
  /** @default "Domino nodes: read and write the deployment's S3 buckets" */
  readonly description?: string;
}

/**
 * With SSE-KMS, S3 calls KMS as the requester: GenerateDataKey for every upload (PutObject, multipart parts),
 * Decrypt for every download and to complete multipart uploads. Nothing else: DescribeKey is not called on the
 * requester's behalf, and EFS, ECR and EBS use the key through the service's own grants.
 */
export const NODE_S3_KMS_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"] as const;

/** The spec's node policy for the four buckets (and costs when on), word for word, plus SSE-KMS use of the deployment key only. */
export class NodeS3Policy extends Construct {
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: NodeS3PolicyProps) {
    super(scope, id);
    const bucketArns = bucketRolesOf(props.bucketNames).map((role) => props.account.arn("s3", props.bucketNames[role]!, "", ""));
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: [
        { sid: "DominoBuckets", effect: "Allow", actions: [...SPEC_S3_BUCKET_ACTIONS], resources: bucketArns },
        { sid: "DominoObjects", effect: "Allow", actions: [...SPEC_S3_OBJECT_ACTIONS], resources: bucketArns.map((arn) => `${arn}/*`) },
        { sid: "DeploymentKeyForSseKms", effect: "Allow", actions: [...NODE_S3_KMS_ACTIONS], resources: [props.kmsKeyArn] },
      ],
    });
    this.policy = new IamPolicy(this, "policy", {
      name: props.policyName ?? iamName(props.deployId, "s3"),
      description: props.description ?? "Domino nodes: read and write the deployment's S3 buckets",
      policy: document.json,
    });
  }
}
