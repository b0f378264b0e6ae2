/**
 * Calico for Kubernetes NetworkPolicy (spec, "Network plugin"): the Tigera operator in policy-only mode on top of
 * the Amazon VPC CNI, which keeps assigning pod addresses.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";
import { CALICO_CONTROL_PLANE_LABEL, DOMINO_LABEL_VALUE } from "../../config/defaults";
import { CALICO_CHART } from "./defaults";

export interface CalicoProps {
  readonly chartVersion: string;
  /** The Helm release's name. @default CALICO_CHART.releaseName */
  readonly releaseName?: string;
  /** The chart's repository. @default CALICO_CHART.repository */
  readonly repository?: string;
  /**
   * The registry (host and optional path) of the operator and Calico images, in place of quay.io.
   * @default the chart's own (quay.io)
   */
  readonly imageRegistry?: string;
}

/**
 * The chart values: the operator and Calico's control plane (kube-controllers, typha: the Installation's
 * controlPlaneNodeSelector, which the operator applies to what it creates but the calico-node DaemonSet) on the nodes
 * labelled `dominodatalab.com/calico-controlplane: "true"`, the platform pool's label (config/node-pools.ts), as
 * Domino's reference selects them (modules/eks/submodules/k8s/templates/k8s-functions.sh.tftpl).
 */
export function calicoValues(props: Pick<CalicoProps, "imageRegistry"> = {}): Record<string, unknown> {
  const controlPlane = { [CALICO_CONTROL_PLANE_LABEL]: DOMINO_LABEL_VALUE };
  const registry = props.imageRegistry;
  return {
    installation: {
      kubernetesProvider: "EKS",
      cni: { type: "AmazonVPC" },
      controlPlaneNodeSelector: controlPlane,
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
    nodeSelector: { "kubernetes.io/os": "linux", ...controlPlane },
  };
}

export class Calico extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: CalicoProps) {
    super(scope, id);
    this.release = new Release(this, "release", {
      name: props.releaseName ?? CALICO_CHART.releaseName,
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
