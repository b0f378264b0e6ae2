import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcIpv4CidrBlockAssociation } from "@cdktf/provider-aws/lib/vpc-ipv4-cidr-block-association";
import { Construct } from "constructs";
import { idPart, resourceName } from "../config/naming";
import type { ControlPlaneSubnetPlan, ZonePlan } from "../config/plan";

export interface NetworkProps {
  readonly deployId: string;
  readonly clusterName: string;
  readonly vpcCidr: string;
  /** Secondary CIDR for pod subnets (VPC CNI custom networking); zones then carry podCidr. */
  readonly podCidr?: string;
  readonly zones: readonly ZonePlan[];
  readonly singleNatGateway: boolean;
  /** A subnet for the EKS control plane's network interfaces only, when the zones give EKS fewer than two. */
  readonly controlPlaneSubnet?: ControlPlaneSubnetPlan;
  /** More tags on the private (node) subnets, such as Karpenter's discovery tag; default none. */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
}

const ANYWHERE = "0.0.0.0/0";

/**
 * The VPC: per zone a public subnet (NAT gateway, internet-facing load balancers) and a private subnet (nodes, private
 * IPs only, internet through the zone's NAT), optional pod subnets in a secondary CIDR. Lists follow zone order.
 * A one-zone deployment also gets a control-plane subnet in another zone: EKS needs two.
 */
export class Network extends Construct {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly privateSubnetIds: string[];
  readonly publicSubnetIds: string[];
  readonly podSubnetIds: string[];
  /** The control-plane subnet; empty when the private subnets suffice. */
  readonly controlPlaneSubnetIds: string[];
  /** Route tables for the S3 gateway endpoint. */
  readonly routeTableIds: string[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { deployId, zones } = props;
    const vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: deployId },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    // Managing the default security group with no rules empties it: nothing can use it by accident.
    new DefaultSecurityGroup(this, "default-sg", { vpcId: vpc.id, tags: { Name: resourceName(deployId, "default-unused") } });

    const podCidr = props.podCidr
      ? new VpcIpv4CidrBlockAssociation(this, "pod-cidr", { vpcId: vpc.id, cidrBlock: props.podCidr })
      : undefined;

    const clusterTag = { [`kubernetes.io/cluster/${props.clusterName}`]: "shared" };
    const igw = new InternetGateway(this, "igw", { vpcId: vpc.id, tags: { Name: deployId } });

    const publicRouteTable = new RouteTable(this, "public-rt", { vpcId: vpc.id, tags: { Name: resourceName(deployId, "public") } });
    new Route(this, "public-default-route", { routeTableId: publicRouteTable.id, destinationCidrBlock: ANYWHERE, gatewayId: igw.id });

    const publicSubnets = zones.map((zone) => {
      const key = idPart(zone.zoneId);
      const subnet = new Subnet(this, `public-${key}`, {
        vpcId: vpc.id,
        cidrBlock: required(zone.publicCidr, zone.zoneId, "publicCidr"),
        availabilityZoneId: zone.zoneId,
        mapPublicIpOnLaunch: false,
        tags: { Name: resourceName(deployId, `public-${zone.zoneId}`), "kubernetes.io/role/elb": "1", ...clusterTag },
      });
      new RouteTableAssociation(this, `public-rta-${key}`, { subnetId: subnet.id, routeTableId: publicRouteTable.id });
      return subnet;
    });

    const natZones = props.singleNatGateway ? zones.slice(0, 1) : zones;
    const nats = natZones.map((zone, i) => {
      const key = idPart(zone.zoneId);
      const eip = new Eip(this, `nat-eip-${key}`, { domain: "vpc", tags: { Name: resourceName(deployId, `nat-${zone.zoneId}`) } });
      return new NatGateway(this, `nat-${key}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i].id,
        connectivityType: "public",
        tags: { Name: resourceName(deployId, `nat-${zone.zoneId}`) },
        dependsOn: [igw],
      });
    });

    const privateRouteTables: RouteTable[] = [];
    const privateSubnets: Subnet[] = [];
    const podSubnets: Subnet[] = [];
    zones.forEach((zone, i) => {
      const key = idPart(zone.zoneId);
      const routeTable = new RouteTable(this, `private-rt-${key}`, {
        vpcId: vpc.id,
        tags: { Name: resourceName(deployId, `private-${zone.zoneId}`) },
      });
      new Route(this, `private-default-route-${key}`, {
        routeTableId: routeTable.id,
        destinationCidrBlock: ANYWHERE,
        natGatewayId: nats[props.singleNatGateway ? 0 : i].id,
      });
      privateRouteTables.push(routeTable);

      const subnet = new Subnet(this, `private-${key}`, {
        vpcId: vpc.id,
        cidrBlock: required(zone.privateCidr, zone.zoneId, "privateCidr"),
        availabilityZoneId: zone.zoneId,
        mapPublicIpOnLaunch: false,
        tags: { Name: resourceName(deployId, `private-${zone.zoneId}`), "kubernetes.io/role/internal-elb": "1", ...clusterTag, ...props.privateSubnetTags },
      });
      new RouteTableAssociation(this, `private-rta-${key}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      privateSubnets.push(subnet);

      if (podCidr) {
        const pod = new Subnet(this, `pod-${key}`, {
          vpcId: vpc.id,
          cidrBlock: required(zone.podCidr, zone.zoneId, "podCidr"),
          availabilityZoneId: zone.zoneId,
          mapPublicIpOnLaunch: false,
          tags: { Name: resourceName(deployId, `pod-${zone.zoneId}`), ...clusterTag },
          dependsOn: [podCidr],
        });
        new RouteTableAssociation(this, `pod-rta-${key}`, { subnetId: pod.id, routeTableId: routeTable.id });
        podSubnets.push(pod);
      }
    });

    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.podSubnetIds = podSubnets.map((s) => s.id);
    this.controlPlaneSubnetIds = props.controlPlaneSubnet ? [this.addControlPlaneSubnet(vpc.id, props.controlPlaneSubnet, deployId, clusterTag)] : [];
    this.routeTableIds = [...privateRouteTables.map((t) => t.id), publicRouteTable.id];
  }

  /**
   * Only the EKS control plane's network interfaces live here; they talk to nodes and clients inside the VPC, so the
   * subnet's own route table has the VPC's local routes and nothing else. No load-balancer role tag, so the AWS Load
   * Balancer Controller never places a load balancer here.
   */
  private addControlPlaneSubnet(vpcId: string, plan: ControlPlaneSubnetPlan, deployId: string, clusterTag: Record<string, string>): string {
    const routeTable = new RouteTable(this, "control-plane-rt", { vpcId, tags: { Name: resourceName(deployId, "control-plane") } });
    const subnet = new Subnet(this, "control-plane-subnet", {
      vpcId,
      cidrBlock: plan.cidr,
      availabilityZoneId: plan.zoneId,
      mapPublicIpOnLaunch: false,
      tags: { Name: resourceName(deployId, `control-plane-${plan.zoneId}`), ...clusterTag },
    });
    new RouteTableAssociation(this, "control-plane-rta", { subnetId: subnet.id, routeTableId: routeTable.id });
    return subnet.id;
  }
}

function required(value: string | undefined, zoneId: string, field: string): string {
  if (!value) throw new Error(`zone ${zoneId} has no ${field} in the plan`);
  return value;
}
