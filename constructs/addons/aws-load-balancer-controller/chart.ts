/**
 * The AWS Load Balancer Controller's Helm chart (aws/eks-charts), when the config asks for it
 * (`loadBalancerController.chart.enabled`): the controller on the platform pool, its service account carrying the
 * IRSA role of the cluster stage. Off by default: Domino's installer deploys the controller itself.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { IRSA_ROLE_ANNOTATION, NODE_POOL_LABEL, PLATFORM_POOL } from "../../config/defaults";
import { LBC_CHART } from "./defaults";

export interface LoadBalancerControllerChartProps {
  readonly chartVersion: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The IRSA role of the service account (the cluster stage's `load-balancer-controller`). */
  readonly roleArn: string;
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  /** The chart's repository. @default LBC_CHART.repository */
  readonly repository?: string;
  /** The image without its tag, in place of public.ecr.aws/eks/aws-load-balancer-controller. @default the chart's */
  readonly imageRepository?: string;
  /** Namespaces the stage creates; the release waits for them instead of creating its own. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The chart values: this cluster, region and VPC (no instance metadata lookups), the role, the platform pool. */
export function loadBalancerControllerValues(props: LoadBalancerControllerChartProps): Record<string, unknown> {
  return {
    clusterName: props.clusterName,
    region: props.region,
    vpcId: props.vpcId,
    ...(props.imageRepository ? { image: { repository: props.imageRepository } } : {}),
    serviceAccount: {
      create: true,
      name: props.serviceAccount,
      annotations: { [IRSA_ROLE_ANNOTATION]: props.roleArn },
    },
    nodeSelector: { [NODE_POOL_LABEL]: PLATFORM_POOL },
    // The chart's Service mutating webhook (mservice.elbv2.k8s.aws: every Service in every namespace, failurePolicy
    // Fail; `enableServiceMutatorWebhook` in aws/eks-charts 1.17.1's values.yaml) has no endpoints until the controller
    // is Ready, so the other Helm releases of the k8s stage, applied in parallel, could fail to create their Services
    // on a first apply. It only makes the controller the default for new type LoadBalancer Services; Services that want
    // it say so (`loadBalancerClass: service.k8s.aws/nlb` or `service.beta.kubernetes.io/aws-load-balancer-type`).
    enableServiceMutatorWebhook: false,
  };
}

export class LoadBalancerControllerChart extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerChartProps) {
    super(scope, id);
    const waits = props.dependsOn && props.dependsOn.length > 0;
    this.release = new Release(this, "release", {
      name: LBC_CHART.releaseName,
      repository: props.repository ?? LBC_CHART.repository,
      chart: LBC_CHART.chart,
      version: props.chartVersion,
      namespace: props.namespace,
      createNamespace: !waits,
      cleanupOnFail: true,
      values: [JSON.stringify(loadBalancerControllerValues(props), null, 2)],
      ...(waits ? { dependsOn: [...props.dependsOn!] } : {}),
    });
  }
}
