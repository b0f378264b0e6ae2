import { DataAwsVpcEndpointService } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint-service";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { resourceName } from "../config/naming";

export interface VpcEndpointsProps {
  readonly deployId: string;
  readonly vpcId: string;
  /** The VPC's CIDRs (primary, and the pod CIDR when set): who may reach the interface endpoints. */
  readonly vpcCidrs: readonly string[];
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  /** Interface endpoints for ECR (api, dkr) and STS. */
  readonly interfaceEndpoints: boolean;
}

/** Services reached through interface endpoints: image pulls (ECR) and IRSA token exchange (STS). */
export const INTERFACE_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "sts"] as const;

/**
 * S3 gateway endpoint on every route table (free; keeps bucket traffic off the NAT gateways), and optionally
 * interface endpoints with private DNS. Service names come from the region's endpoint catalogue, so they are right
 * in every partition.
 */
export class VpcEndpoints extends Construct {
  readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const s3 = new DataAwsVpcEndpointService(this, "s3-service", { service: "s3", serviceType: "Gateway" });
    new VpcEndpoint(this, "s3", {
      vpcId: props.vpcId,
      serviceName: s3.serviceName,
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.routeTableIds],
      tags: { Name: resourceName(props.deployId, "s3") },
    });
    if (!props.interfaceEndpoints) return;

    const sg = new SecurityGroup(this, "sg", {
      name: resourceName(props.deployId, "vpc-endpoints"),
      description: "HTTPS to the VPC interface endpoints, from inside the VPC only",
      vpcId: props.vpcId,
      ingress: [
        {
          description: "HTTPS from the VPC",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [...props.vpcCidrs],
          ipv6CidrBlocks: [],
          prefixListIds: [],
          securityGroups: [],
          selfAttribute: false,
        },
      ],
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
}
