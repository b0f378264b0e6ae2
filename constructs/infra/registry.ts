import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { iamName, idPart } from "../config/naming";
import type { Account } from "./account";

export interface RegistryProps {
  readonly account: Account;
  readonly deployId: string;
  /** Full repository names, `<deployId>/<name>`. */
  readonly repositoryNames: readonly string[];
  readonly kmsKeyArn: string;
  /** Test installs: delete repositories that still hold images, and drop prevent_destroy. */
  readonly forceDelete: boolean;
}

export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"] as const;
export const ECR_PUSH_ACTIONS = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"] as const;

/** ECR as Domino's external Docker registry, and the node policy to pull from and push to its repositories. */
export class Registry extends Construct {
  /** In config order; the construct id of each is `repository-<name after the deployId/>`: a contract. */
  readonly repositories: readonly EcrRepository[];
  readonly policy: IamPolicy;
  /** `<account>.dkr.ecr.<region>.<dns suffix>` */
  readonly registryUrl: string;

  constructor(scope: Construct, id: string, props: RegistryProps) {
    super(scope, id);
    const { account } = props;
    const prefix = `${props.deployId}/`;
    this.repositories = props.repositoryNames.map((name) => {
      const short = name.startsWith(prefix) ? name.slice(prefix.length) : name;
      return new EcrRepository(this, `repository-${idPart(short)}`, {
        name,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
        forceDelete: props.forceDelete,
        lifecycle: props.forceDelete ? undefined : { preventDestroy: true },
      });
    });
    this.registryUrl = `${account.accountId}.dkr.ecr.${account.region}.${account.dnsSuffix}`;

    const document = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        // GetAuthorizationToken has no resource-level permissions: it only issues a login token for the registry.
        { sid: "RegistryLogin", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
        ...(this.repositories.length > 0
          ? [{ sid: "PullAndPush", effect: "Allow", actions: [...ECR_PULL_ACTIONS, ...ECR_PUSH_ACTIONS], resources: this.repositories.map((r) => r.arn) }]
          : []),
      ],
    });
    this.policy = new IamPolicy(this, "policy", {
      name: iamName(props.deployId, "ecr"),
      description: "Domino nodes: pull from and push to the deployment's ECR repositories",
      policy: document.json,
    });
  }
}
