import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { attachRolePolicies } from "./role-policies";

export interface IrsaRoleProps {
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** More service accounts of the same namespace that use the role (an add-on that annotates several). */
  readonly otherServiceAccounts?: readonly string[];
  readonly oidcProviderArn: string;
  /** The cluster's issuer URL, with its https:// scheme. */
  readonly oidcIssuerUrl: string;
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name: policy JSON documents. */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
}

/** The audience EKS pod identity webhook requests for IRSA tokens (also the OIDC provider's client id). */
export const IRSA_AUDIENCE = "sts.amazonaws.com";

/** An IAM role for Kubernetes service accounts (IRSA): only the named namespace/name pairs may assume it, for STS. */
export class IrsaRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  /** `system:serviceaccount:<namespace>:<name>` of serviceAccount */
  readonly subject: string;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const subjectOf = (name: string) => `system:serviceaccount:${props.namespace}:${name}`;
    this.subject = subjectOf(props.serviceAccount);
    const issuer = Fn.replace(props.oidcIssuerUrl, "https://", "");
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${issuer}:sub`, values: [this.subject, ...(props.otherServiceAccounts ?? []).map(subjectOf)] },
            { test: "StringEquals", variable: `${issuer}:aud`, values: [IRSA_AUDIENCE] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `IRSA role of ${props.namespace}/${props.serviceAccount}`,
      assumeRolePolicy: trust.json,
    });
    this.arn = this.role.arn;
    attachRolePolicies(this, this.role, props.managedPolicyArns, props.inlinePolicies);
  }
}
