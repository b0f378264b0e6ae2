import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { Construct } from "constructs";

export interface ExistingNetworkProps {
  readonly vpcId: string;
  /** One per zone, in availabilityZones order. */
  readonly privateSubnetIds: readonly string[];
  /** NAT, internet-facing load balancers, a bastion with SSH. @default none */
  readonly publicSubnetIds?: readonly string[];
  /** One per zone or none (VPC CNI custom networking). @default none */
  readonly podSubnetIds?: readonly string[];
  /** Subnets in other zones for the EKS control plane's network interfaces only (one-zone deployments). @default none */
  readonly controlPlaneSubnetIds?: readonly string[];
}

/** A VPC made elsewhere: nothing is created; the ids are passed through and the VPC's CIDR is looked up. */
export class ExistingNetwork extends Construct {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  readonly podSubnetIds: string[];
  readonly controlPlaneSubnetIds: string[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const vpc = new DataAwsVpc(this, "existing", { id: props.vpcId });
    this.vpcId = props.vpcId;
    this.vpcCidr = vpc.cidrBlock;
    this.privateSubnetIds = [...props.privateSubnetIds];
    this.publicSubnetIds = [...(props.publicSubnetIds ?? [])];
    this.podSubnetIds = [...(props.podSubnetIds ?? [])];
    this.controlPlaneSubnetIds = [...(props.controlPlaneSubnetIds ?? [])];
  }
}
