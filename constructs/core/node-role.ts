import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn, Token, TerraformCount } from "cdktf";
import { Construct } from "constructs";
import type { Partition } from "./partition";

export interface NodeRoleProps {
  readonly partition: Partition;
  readonly roleName: string;
  /** The infra stage's policies (S3 buckets, ECR): one attachment each. */
  readonly extraPolicyArns: readonly string[];
  /** Inline policies by name (the autoscaler's, with `autoscaler.iam: node-role`). */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
  /** @default "EKS managed node groups" */
  readonly description?: string;
}

/**
 * AWS-managed policies every EKS node needs: join the cluster, image pulls, Session Manager. The VPC CNI's policy is
 * on its own IRSA role (the vpc-cni add-on), so pods on a node cannot use it.
 */
export const NODE_MANAGED_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEC2ContainerRegistryReadOnly",
  "AmazonSSMManagedInstanceCore",
] as const;

/** The role of every managed node group's instances (EKS creates their access entries itself), or of Karpenter's nodes. */
export class NodeRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: NodeRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.partition.servicePrincipal("ec2")] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description ?? "EKS managed node groups",
      assumeRolePolicy: trust.json,
    });
    for (const policy of NODE_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: props.partition.awsManagedPolicyArn(policy) });
    }
    if (Token.isUnresolved(props.extraPolicyArns)) {
      // A single Terraform list: attach its elements with count.
      const count = TerraformCount.of(Fn.lengthOf(props.extraPolicyArns));
      new IamRolePolicyAttachment(this, "infra", {
        count,
        role: this.role.name,
        policyArn: Token.asString(Fn.element(props.extraPolicyArns as string[], Token.asNumber(count.index))),
      });
    } else {
      props.extraPolicyArns.forEach((policyArn, i) => {
        new IamRolePolicyAttachment(this, `infra-${i}`, { role: this.role.name, policyArn });
      });
    }
    for (const [name, policy] of Object.entries(props.inlinePolicies ?? {})) {
      new IamRolePolicy(this, `inline-${name}`, { name, role: this.role.id, policy });
    }
  }
}
