/**
 * Calico for Kubernetes NetworkPolicy (spec, "Network plugin"): the Tigera operator in policy-only mode on top of
 * the Amazon VPC CNI, which keeps assigning pod addresses.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { NODE_POOL_LABEL, PLATFORM_POOL } from "../../config/defaults";
import { CALICO_CHART } from "./defaults";

export interface CalicoProps {
  readonly chartVersion: string;
}

/** The chart values: operator and Calico's control plane (kube-controllers, typha) on the platform pool. */
export function calicoValues(): Record<string, unknown> {
  const platform = { [NODE_POOL_LABEL]: PLATFORM_POOL };
  return {
    installation: {
      kubernetesProvider: "EKS",
      cni: { type: "AmazonVPC" },
      controlPlaneNodeSelector: platform,
    },
    // The aggregated Calico API server needs port 5443 from the control plane, which the node security group does
    // not open; Domino only uses Kubernetes NetworkPolicy, which needs no Calico API.
    apiServer: { enabled: false },
    // Flow-log observability (Calico 3.30+); not needed for policy enforcement.
    goldmane: { enabled: false },
    whisker: { enabled: false },
    nodeSelector: { "kubernetes.io/os": "linux", ...platform },
  };
}

export class Calico extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CalicoProps) {
    super(scope, id);
    this.release = new Release(this, "release", {
      name: CALICO_CHART.releaseName,
      repository: CALICO_CHART.repository,
      chart: CALICO_CHART.chart,
      version: props.chartVersion,
      namespace: CALICO_CHART.namespace,
      createNamespace: true,
      cleanupOnFail: true,
      timeout: 900,
      values: [JSON.stringify(calicoValues(), null, 2)],
    });
  }
}
