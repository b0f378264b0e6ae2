import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup, type SecurityGroupIngress } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { iamName, resourceName } from "../config/naming";
import type { Account } from "./account";

export interface BastionProps {
  readonly account: Account;
  readonly deployId: string;
  readonly vpcId: string;
  /** SSH sources; empty means Session Manager only (no ingress at all, private subnet). */
  readonly allowedCidrs: readonly string[];
  readonly publicSubnetId?: string;
  readonly privateSubnetId: string;
  readonly instanceType: string;
  readonly kmsKeyArn: string;
  /** The security group's description (ForceNew). @default this project's text, which says whether SSH is open */
  readonly securityGroupDescription?: string;
}

export const BASTION_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/** A jump host for a private cluster: Session Manager always, SSH only from the listed networks. */
export class Bastion extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly instance: Instance;

  constructor(scope: Construct, id: string, props: BastionProps) {
    super(scope, id);
    const { account, deployId } = props;
    const ssh = props.allowedCidrs.length > 0;
    if (ssh && !props.publicSubnetId) {
      throw new Error("bastion.allowedCidrs needs a public subnet for the bastion; list network.existingVpc.publicSubnetIds or use Session Manager only");
    }

    const ingress: SecurityGroupIngress[] = ssh
      ? [
          {
            description: "SSH from the networks in bastion.allowedCidrs",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: [...props.allowedCidrs],
            ipv6CidrBlocks: [],
            prefixListIds: [],
            securityGroups: [],
            selfAttribute: false,
          },
        ]
      : [];
    this.securityGroup = new SecurityGroup(this, "sg", {
      name: resourceName(deployId, "bastion"),
      description: props.securityGroupDescription ?? (ssh ? "Domino bastion: SSH from the allowed networks" : "Domino bastion: Session Manager only, no ingress"),
      vpcId: props.vpcId,
      ingress,
      egress: [
        {
          // Session Manager, the EKS API, and package repositories are all HTTPS.
          description: "HTTPS out",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: ["0.0.0.0/0"],
          ipv6CidrBlocks: [],
          prefixListIds: [],
          securityGroups: [],
          selfAttribute: false,
        },
      ],
      revokeRulesOnDelete: true,
      tags: { Name: resourceName(deployId, "bastion") },
    });

    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: [account.servicePrincipal("ec2")] }] }],
    });
    const role = new IamRole(this, "role", { name: iamName(deployId, "bastion"), assumeRolePolicy: trust.json });
    new IamRolePolicyAttachment(this, "ssm-core", {
      role: role.name,
      policyArn: account.awsManagedPolicyArn("AmazonSSMManagedInstanceCore"),
    });
    const profile = new IamInstanceProfile(this, "profile", { name: iamName(deployId, "bastion"), role: role.name });

    const ami = new DataAwsSsmParameter(this, "ami", { name: BASTION_AMI_PARAMETER });
    this.instance = new Instance(this, "instance", {
      ami: ami.insecureValue,
      instanceType: props.instanceType,
      subnetId: ssh ? props.publicSubnetId : props.privateSubnetId,
      associatePublicIpAddress: ssh,
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: profile.name,
      monitoring: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      rootBlockDevice: { volumeType: "gp3", volumeSize: 20, encrypted: true, kmsKeyId: props.kmsKeyArn, deleteOnTermination: true },
      tags: { Name: resourceName(deployId, "bastion") },
      // A new AMI release must not replace the bastion on the next apply; patch it in place or taint it.
      lifecycle: { ignoreChanges: ["ami"] },
    });
  }
}
