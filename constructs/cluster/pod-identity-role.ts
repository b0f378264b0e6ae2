import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import type { Partition } from "../core/partition";
import { attachRolePolicies } from "./role-policies";

export interface PodIdentityRoleProps {
  readonly partition: Partition;
  readonly roleName: string;
  /** The cluster's name (a token of the cluster, so the association waits for it). */
  readonly clusterName: string;
  /** The cluster's ARN: the trust accepts sessions of this cluster only. */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** @default none */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name: policy JSON documents. @default none */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
}

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity (the eks-pod-identity-agent add-on): the
 * role trusts `pods.eks.amazonaws.com`, only for sessions EKS tags with this cluster, namespace and service account,
 * and the association binds it to that service account. No OIDC provider or service-account annotation is needed.
 */
export class PodIdentityRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;
  readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          sid: "EksPodIdentity",
          effect: "Allow",
          actions: ["sts:AssumeRole", "sts:TagSession"],
          principals: [{ type: "Service", identifiers: [props.partition.globalServicePrincipal("pods.eks")] }],
          condition: [
            { test: "ArnEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [props.clusterArn] },
            { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [props.namespace] },
            { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [props.serviceAccount] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `EKS Pod Identity role of ${props.namespace}/${props.serviceAccount}`,
      assumeRolePolicy: trust.json,
    });
    this.arn = this.role.arn;
    attachRolePolicies(this, this.role, props.managedPolicyArns, props.inlinePolicies);
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: this.role.arn,
    });
  }
}
