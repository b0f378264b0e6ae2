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
  /** The chart's repository. @default CALICO_CHART.repository */
  readonly repository?: string;
  /**
   * The registry (host and optional path) of the operator and Calico images, in place of quay.io.
   * @default the chart's own (quay.io)
   */
  readonly imageRegistry?: string;
}

/** The chart values: operator and Calico's control plane (kube-controllers, typha) on the platform pool. */
export function calicoValues(props: Pick<CalicoProps, "imageRegistry"> = {}): Record<string, unknown> {
  const platform = { [NODE_POOL_LABEL]: PLATFORM_POOL };
  const registry = props.imageRegistry;
  return {
    installation: {
      kubernetesProvider: "EKS",
      cni: { type: "AmazonVPC" },
      controlPlaneNodeSelector: platform,
      // The Installation API wants the trailing slash; images are then <registry>/calico/<component>.
      ...(registry ? { registry: `${registry}/` } : {}),
    },
    ...(registry ? { tigeraOperator: { registry } } : {}),
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
      repository: props.repository ?? CALICO_CHART.repository,
      chart: CALICO_CHART.chart,
      version: props.chartVersion,
      namespace: CALICO_CHART.namespace,
      createNamespace: true,
      cleanupOnFail: true,
      timeout: 900,
      values: [JSON.stringify(calicoValues(props), null, 2)],
    });
  }
}
