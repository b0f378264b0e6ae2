/**
 * A consumer's own add-on: External Secrets Operator, reading this team's secrets from AWS Secrets Manager. The
 * cluster stage gets an IRSA role that may read only secrets under `<prefix>/`; the k8s stage gets the operator's Helm
 * release with that role on its service account.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Release } from "@cdktf/provider-helm/lib/release";
import { type ClusterAddonContext, type ClusterContribution, type DominoAddon, type K8sAddonContext, requireRoleArn } from "domino-eks-cdktf";

export interface ExternalSecretsAddonProps {
  /** Secrets whose names start with `<secretPrefix>/` may be read. */
  readonly secretPrefix: string;
  /** The chart version (external-secrets/external-secrets). @default "0.19.2" */
  readonly chartVersion?: string;
  /** @default "external-secrets" */
  readonly namespace?: string;
}

/** The key of the role in the cluster stage's irsa_role_arns, and its construct id. */
const PURPOSE = "external-secrets";
const SERVICE_ACCOUNT = "external-secrets";

export class ExternalSecretsAddon implements DominoAddon {
  readonly name = "external-secrets";
  private readonly namespace: string;

  constructor(private readonly props: ExternalSecretsAddonProps) {
    this.namespace = props.namespace ?? "external-secrets";
  }

  cluster(ctx: ClusterAddonContext): ClusterContribution {
    const secrets = `arn:${ctx.partition.name}:secretsmanager:${ctx.plan.region}:${ctx.accountId}:secret:${this.props.secretPrefix}/*`;
    const policy = new DataAwsIamPolicyDocument(ctx.irsaScope, "external-secrets-policy", {
      statement: [
        {
          sid: "ReadTeamSecrets",
          effect: "Allow",
          actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
          resources: [secrets],
        },
      ],
    });
    const arn = ctx.serviceAccountRole(PURPOSE, {
      namespace: this.namespace,
      serviceAccount: SERVICE_ACCOUNT,
      inlinePolicies: { "read-secrets": policy.json },
    });
    return { roleArns: { [PURPOSE]: arn } };
  }

  k8s(ctx: K8sAddonContext): void {
    new Release(ctx.scope, "external-secrets", {
      name: "external-secrets",
      repository: "https://charts.external-secrets.io",
      chart: "external-secrets",
      version: this.props.chartVersion ?? "0.19.2",
      namespace: this.namespace,
      createNamespace: true,
      values: [
        JSON.stringify({
          serviceAccount: {
            name: SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": requireRoleArn(ctx.cluster, PURPOSE) },
          },
          nodeSelector: { "dominodatalab.com/node-pool": "platform" },
        }),
      ],
    });
  }
}
