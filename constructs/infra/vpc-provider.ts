/**
 * Where the deployment's VPC comes from: created here (subnets per zone, NAT, flow logs, endpoints), or an existing
 * one named by id. A consumer of the library can hand in its own provider (`DominoDeployment` option `vpc`).
 */
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { karpenterDiscoveryTag } from "../config/naming";
import type { DeploymentPlan } from "../config/plan";
import type { VpcOutputs } from "../core/stage-outputs";
import type { Account } from "./account";
import { ExistingNetwork, type ExistingNetworkProps } from "./existing-network";
import { FlowLogs } from "./flow-logs";
import { Network } from "./network";
import { VpcEndpoints } from "./vpc-endpoints";

export interface VpcProviderContext {
  readonly plan: DeploymentPlan;
  readonly account: Account;
  /** The deployment key (flow-log group encryption). */
  readonly kmsKeyArn: string;
  /** The monitoring bucket, for flow logs with `network.flowLogs.destination: s3`. */
  readonly monitoringBucket?: { readonly arn: string; readonly policy: ITerraformDependable };
}

/** The VPC as the later stages need it; subnet lists follow the deployment's availabilityZones order. */
export type ProvidedVpc = VpcOutputs;

export interface VpcProvider {
  /** Creates or looks up the VPC in `scope` (the infra stack). Construct ids chosen here are Terraform addresses. */
  provide(scope: Construct, context: VpcProviderContext): ProvidedVpc;
}

/** The VPC of `network.*`: created in the infra stage, with flow logs of all traffic and the S3 (and optional interface) endpoints. */
export class CreateVpcProvider implements VpcProvider {
  provide(scope: Construct, { plan, account, kmsKeyArn, monitoringBucket }: VpcProviderContext): ProvidedVpc {
    const n = plan.config.network;
    const network = new Network(scope, "network", {
      deployId: plan.deployId,
      clusterName: plan.names.cluster,
      vpcCidr: n.vpcCidr,
      podCidr: n.podCidr,
      zones: plan.zones,
      singleNatGateway: n.singleNatGateway,
      controlPlaneSubnet: plan.controlPlaneSubnet,
      // Karpenter's EC2NodeClasses select the node subnets by this tag (a brought VPC's get it in the cluster stage).
      ...(plan.karpenterPools.length > 0 ? { privateSubnetTags: karpenterDiscoveryTag(plan.names.cluster) } : {}),
    });
    new FlowLogs(scope, "flow-logs", {
      account,
      deployId: plan.deployId,
      vpcId: network.vpcId,
      kmsKeyArn,
      retentionDays: n.flowLogRetentionDays,
      destination: n.flowLogs.destination,
      trafficType: n.flowLogs.trafficType,
      bucketArn: monitoringBucket?.arn,
      dependsOn: monitoringBucket ? [monitoringBucket.policy] : undefined,
    });
    new VpcEndpoints(scope, "endpoints", {
      deployId: plan.deployId,
      vpcId: network.vpcId,
      vpcCidrs: n.podCidr ? [n.vpcCidr, n.podCidr] : [n.vpcCidr],
      routeTableIds: network.routeTableIds,
      subnetIds: network.privateSubnetIds,
      interfaceEndpoints: n.interfaceEndpoints,
      s3InterfaceEndpoint: n.s3InterfaceEndpoint,
      peerCidrs: n.peerCidrs,
      ...(n.restrictEndpoints ? { restrictS3To: account } : {}),
    });
    return network;
  }
}

/** A VPC made elsewhere (`network.existingVpc`): nothing network-wide is created. */
export class ExistingVpcProvider implements VpcProvider {
  constructor(private readonly vpc: ExistingNetworkProps) {}

  provide(scope: Construct, { plan }: VpcProviderContext): ProvidedVpc {
    const zones = plan.zones.length;
    if (this.vpc.privateSubnetIds.length !== zones) {
      throw new Error(`the existing VPC lists ${this.vpc.privateSubnetIds.length} private subnets; give one per zone (${zones}), in availabilityZones order`);
    }
    return new ExistingNetwork(scope, "network", this.vpc);
  }
}

/** The provider the config asks for: `network.existingVpc`, else a created VPC. */
export function vpcProviderOf(plan: DeploymentPlan): VpcProvider {
  const existing = plan.config.network.existingVpc;
  return existing ? new ExistingVpcProvider(existing) : new CreateVpcProvider();
}
