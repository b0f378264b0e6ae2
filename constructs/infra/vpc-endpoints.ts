import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsVpcEndpointService } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint-service";
import { SecurityGroup, type SecurityGroupIngress } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { resourceName } from "../config/naming";
import type { Account } from "./account";

export interface VpcEndpointsProps {
  readonly deployId: string;
  readonly vpcId: string;
  /** The VPC's CIDRs (primary, and the pod CIDR when set): who may reach the interface endpoints. */
  readonly vpcCidrs: readonly string[];
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  /** Interface endpoints for ECR (api, dkr) and STS. */
  readonly interfaceEndpoints: boolean;
  /**
   * An S3 interface endpoint beside the gateway endpoint (`network.s3InterfaceEndpoint`), for clients outside the VPC
   * through a Route 53 inbound resolver; in-VPC traffic keeps using the gateway endpoint. @default false
   */
  readonly s3InterfaceEndpoint?: boolean;
  /**
   * Networks outside the VPC (`network.peerCidrs`: VPN, Direct Connect, peering) that reach the S3 interface endpoint;
   * with it, the S3 interface endpoint's own security group takes HTTPS from them as well (the ECR and STS endpoints'
   * group never does). @default none
   */
  readonly peerCidrs?: readonly string[];
  /**
   * An endpoint policy on the S3 gateway endpoint, and the S3 interface endpoint (`network.restrictEndpoints`): only
   * buckets of this account, and the AWS-owned buckets of AWS_OWNED_S3_BUCKETS. @default no policy (any bucket)
   */
  readonly restrictS3To?: Account;
}

/**
 * AWS-owned buckets nodes read through the S3 gateway endpoint: ECR's image layers (every image pull from ECR,
 * including EKS add-on images), Amazon Linux package repositories (AL2, AL2023, for node packages) and the SSM agent's
 * buckets (Session Manager, agent updates). Objects are only read.
 */
export function awsOwnedS3Buckets(region: string): string[] {
  return [
    `prod-${region}-starport-layer-bucket`,
    `amazonlinux-2-repos-${region}`,
    `al2023-repos-${region}-de612dc2`,
    `aws-ssm-${region}`,
    `amazon-ssm-${region}`,
    `amazon-ssm-packages-${region}`,
    `${region}-birdwatcher-prod`,
  ];
}

/** An HTTPS (tcp 443) ingress rule from the given CIDRs, written out in full as the inline ingress block requires. */
function httpsFrom(description: string, cidrs: readonly string[]): SecurityGroupIngress {
  return {
    description,
    protocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrBlocks: [...cidrs],
    ipv6CidrBlocks: [],
    prefixListIds: [],
    securityGroups: [],
    selfAttribute: false,
  };
}

/** Services reached through interface endpoints: image pulls (ECR) and IRSA token exchange (STS). */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts"] as const;

/**
 * S3 gateway endpoint on every route table (free; keeps bucket traffic off the NAT gateways), and optionally
 * interface endpoints with private DNS. Service names come from the region's endpoint catalogue, so they are right
 * in every partition.
 */
export class VpcEndpoints extends Construct {
  /** The ECR and STS endpoints' security group (interfaceEndpoints): HTTPS from the VPC only. */
  readonly securityGroupId?: string;
  /** The S3 interface endpoint's own security group (s3InterfaceEndpoint): HTTPS from the VPC and peerCidrs. */
  readonly s3InterfaceSecurityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const s3 = new DataAwsVpcEndpointService(this, "s3-service", { service: "s3", serviceType: "Gateway" });
    const account = props.restrictS3To;
    const policy = account
      ? new DataAwsIamPolicyDocument(this, "s3-policy-document", {
          statement: [
            {
              sid: "OwnAccountBuckets",
              effect: "Allow",
              principals: [{ type: "AWS", identifiers: ["*"] }],
              actions: ["s3:*"],
              resources: ["*"],
              condition: [
                { test: "StringEquals", variable: "aws:ResourceAccount", values: [account.accountId] },
                { test: "StringEquals", variable: "aws:PrincipalAccount", values: [account.accountId] },
              ],
            },
            {
              sid: "AwsOwnedBuckets",
              effect: "Allow",
              principals: [{ type: "AWS", identifiers: ["*"] }],
              actions: ["s3:GetObject"],
              resources: awsOwnedS3Buckets(account.region).map((bucket) => `arn:${account.name}:s3:::${bucket}/*`),
              // No principal condition: ECR serves image layers through presigned URLs that AWS signs, so the
              // caller is not this account; the requests come from this VPC, which is what the condition says.
              condition: [{ test: "StringEquals", variable: "aws:SourceVpc", values: [props.vpcId] }],
            },
          ],
        })
      : undefined;
    const gateway = new VpcEndpoint(this, "s3", {
      vpcId: props.vpcId,
      serviceName: s3.serviceName,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.routeTableIds],
      ...(policy ? { policy: policy.json } : {}),
      tags: { Name: resourceName(props.deployId, "s3") },
    });
    if (props.interfaceEndpoints) {
      // The ECR and STS endpoints' group: HTTPS from inside the VPC only (peerCidrs never reach these endpoints).
      const sg = new SecurityGroup(this, "sg", {
        name: resourceName(props.deployId, "vpc-endpoints"),
        description: "HTTPS to the VPC interface endpoints, from inside the VPC only",
        vpcId: props.vpcId,
        ingress: [httpsFrom("HTTPS from the VPC", props.vpcCidrs)],
        tags: { Name: resourceName(props.deployId, "vpc-endpoints") },
      });
      this.securityGroupId = sg.id;
      for (const service of INTERFACE_ENDPOINT_SERVICES) {
        const key = service.replace(".", "-");
        const catalogue = new DataAwsVpcEndpointService(this, `${key}-service`, { service, serviceType: "Interface" });
        new VpcEndpoint(this, key, {
          vpcId: props.vpcId,
          serviceName: catalogue.serviceName,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: [...props.subnetIds],
          securityGroupIds: [sg.id],
          tags: { Name: resourceName(props.deployId, key) },
        });
      }
    }
    if (props.s3InterfaceEndpoint) {
      // A group of its own: the peered and VPN networks reach this endpoint, and no other (the ECR and STS endpoints'
      // group stays VPC-only).
      const peers = props.peerCidrs ?? [];
      const s3Sg = new SecurityGroup(this, "s3-interface-sg", {
        name: resourceName(props.deployId, "s3-interface-endpoint"),
        description: "HTTPS to the S3 interface endpoint, from the VPC and the peered and VPN networks only",
        vpcId: props.vpcId,
        ingress: [
          httpsFrom("HTTPS from the VPC", props.vpcCidrs),
          ...(peers.length > 0 ? [httpsFrom("HTTPS from the peered and VPN networks", peers)] : []),
        ],
        tags: { Name: resourceName(props.deployId, "s3-interface-endpoint") },
      });
      this.s3InterfaceSecurityGroupId = s3Sg.id;
      const catalogue = new DataAwsVpcEndpointService(this, "s3-interface-service", { service: "s3", serviceType: "Interface" });
      new VpcEndpoint(this, "s3-interface", {
        vpcId: props.vpcId,
        serviceName: catalogue.serviceName,
        vpcEndpointType: "Interface",
        // Private DNS for the inbound resolver only: clients on premises (VPN, Direct Connect) resolving through a
        // Route 53 inbound endpoint get the interface endpoint's addresses, while the VPC's own resolver keeps
        // answering with S3's public addresses, which the route tables send to the free gateway endpoint. EC2 refuses
        // this option unless the VPC has an S3 gateway endpoint, hence the dependency.
        privateDnsEnabled: true,
        dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: true },
        subnetIds: [...props.subnetIds],
        securityGroupIds: [s3Sg.id],
        ...(policy ? { policy: policy.json } : {}),
        dependsOn: [gateway],
        tags: { Name: resourceName(props.deployId, "s3-interface") },
      });
    }
  }
}
