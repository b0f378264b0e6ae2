import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { iamName, idPart } from "../config/naming";
import type { PullThroughRule } from "../config/registries";
import type { Account } from "./account";

export interface RegistryProps {
  readonly account: Account;
  readonly deployId: string;
  /** Full repository names, `<deployId>/<name>`. */
  readonly repositoryNames: readonly string[];
  readonly kmsKeyArn: string;
  /** Test installs: delete repositories that still hold images, and drop prevent_destroy. */
  readonly forceDelete: boolean;
  /** Name of the nodes' pull and push policy. @default `<deployId>-ecr` */
  readonly policyName?: string;
  /** @default "Domino nodes: pull from and push to the deployment's ECR repositories" */
  readonly policyDescription?: string;
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
      name: props.policyName ?? iamName(props.deployId, "ecr"),
      description: props.policyDescription ?? "Domino nodes: pull from and push to the deployment's ECR repositories",
      policy: document.json,
    });
  }
}

export interface PullThroughCacheProps {
  readonly account: Account;
  readonly deployId: string;
  /** One ECR pull-through cache rule each (`registries.pullThroughCache`); at least one. */
  readonly rules: readonly PullThroughRule[];
  readonly kmsKeyArn: string;
}

/** What nodes need to pull an image through a cache rule: ECR imports it and creates its repository on first pull. */
export const PULL_THROUGH_NODE_ACTIONS = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] as const;

/**
 * ECR pull-through cache rules for public upstream registries (quay.io, registry.k8s.io, ...), with a repository
 * creation template per prefix so the repositories ECR creates on first pull are encrypted with the deployment's key,
 * and the node policy allowing the first pull of each (scoped to the rules' prefixes). Pulls then come from
 * `<account>.dkr.ecr.<region>.<dns suffix>/<prefix>/<upstream repository>`.
 */
export class PullThroughCache extends Construct {
  /** In config order; the construct id of each is `rule-<prefix>`: a contract. */
  readonly rules: readonly EcrPullThroughCacheRule[];
  readonly templates: readonly EcrRepositoryCreationTemplate[];
  /** The role ECR uses to create the cached repositories with the KMS key. */
  readonly templateRole: IamRole;
  /** For the node role. */
  readonly nodePolicy: IamPolicy;
  /** `<account>.dkr.ecr.<region>.<dns suffix>` */
  readonly registryUrl: string;

  constructor(scope: Construct, id: string, props: PullThroughCacheProps) {
    super(scope, id);
    const { account } = props;
    if (props.rules.length === 0) throw new Error("a pull-through cache needs at least one rule");
    this.registryUrl = `${account.accountId}.dkr.ecr.${account.region}.${account.dnsSuffix}`;
    const cachedRepositories = props.rules.map((r) => account.arn("ecr", `repository/${r.prefix}/*`));

    this.rules = props.rules.map((r) =>
      new EcrPullThroughCacheRule(this, `rule-${idPart(r.prefix)}`, {
        ecrRepositoryPrefix: r.prefix,
        upstreamRegistryUrl: r.upstreamUrl,
        ...(r.credentialArn ? { credentialArn: r.credentialArn } : {}),
      }),
    );

    const trust = new DataAwsIamPolicyDocument(this, "template-trust", {
      statement: [{
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [account.servicePrincipal("ecr")] }],
        condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
      }],
    });
    const templatePolicy = new DataAwsIamPolicyDocument(this, "template-policy", {
      statement: [
        { sid: "CreateCachedRepositories", effect: "Allow", actions: ["ecr:CreateRepository"], resources: cachedRepositories },
        { sid: "EncryptWithDeploymentKey", effect: "Allow", actions: ["kms:DescribeKey"], resources: [props.kmsKeyArn] },
        {
          sid: "GrantToEcr",
          effect: "Allow",
          actions: ["kms:CreateGrant", "kms:RetireGrant"],
          resources: [props.kmsKeyArn],
          condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
        },
      ],
    });
    this.templateRole = new IamRole(this, "template-role", {
      name: iamName(props.deployId, "ecr-pull-through"),
      description: "ECR: create the pull-through cache repositories, encrypted with the deployment's key",
      assumeRolePolicy: trust.json,
    });
    const rolePolicy = new IamRolePolicy(this, "template-role-policy", {
      name: "create-cached-repositories",
      role: this.templateRole.id,
      policy: templatePolicy.json,
    });
    this.templates = props.rules.map((r) =>
      new EcrRepositoryCreationTemplate(this, `template-${idPart(r.prefix)}`, {
        prefix: r.prefix,
        description: `Pull-through cache of ${r.upstream} for Domino deployment ${props.deployId}`,
        appliedFor: ["PULL_THROUGH_CACHE"],
        // ECR refreshes a cached tag when the upstream moves it, so cached tags must stay mutable.
        imageTagMutability: "MUTABLE",
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.kmsKeyArn }],
        customRoleArn: this.templateRole.arn,
        dependsOn: [rolePolicy],
      }),
    );

    const nodeDocument = new DataAwsIamPolicyDocument(this, "node-policy-document", {
      statement: [{ sid: "PullThroughCache", effect: "Allow", actions: [...PULL_THROUGH_NODE_ACTIONS], resources: cachedRepositories }],
    });
    this.nodePolicy = new IamPolicy(this, "node-policy", {
      name: iamName(props.deployId, "ecr-pull-through-nodes"),
      description: "Domino nodes: pull images through the deployment's ECR pull-through cache rules",
      policy: nodeDocument.json,
    });
  }
}
