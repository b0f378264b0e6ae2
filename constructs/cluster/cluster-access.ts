import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { Construct } from "constructs";
import { idPart } from "../config/naming";
import type { Partition } from "../core/partition";

export interface ClusterAdminAccessProps {
  readonly partition: Partition;
  readonly clusterName: string;
  /** IAM roles (`access.adminRoleArns`) made cluster admins; the cluster creator is one through the cluster itself. */
  readonly adminRoleArns: readonly string[];
}

/** EKS access entries: each admin role gets AmazonEKSClusterAdminPolicy on the whole cluster. */
export class ClusterAdminAccess extends Construct {
  constructor(scope: Construct, id: string, props: ClusterAdminAccessProps) {
    super(scope, id);
    const policyArn = `arn:${props.partition.name}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;
    for (const principalArn of props.adminRoleArns) {
      const key = idPart(principalArn.replace(/^arn:[^:]+:iam::/, ""));
      const entry = new EksAccessEntry(this, `entry-${key}`, {
        clusterName: props.clusterName,
        principalArn,
        type: "STANDARD",
      });
      new EksAccessPolicyAssociation(this, `admin-${key}`, {
        clusterName: props.clusterName,
        principalArn: entry.principalArn,
        policyArn,
        accessScope: { type: "cluster" },
      });
    }
  }
}
