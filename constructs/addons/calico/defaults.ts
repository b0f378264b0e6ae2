/** The Tigera operator chart that installs Calico; the version is `calico.chartVersion`. */
export const CALICO_CHART = {
  repository: "https://docs.tigera.io/calico/charts",
  chart: "tigera-operator",
  version: "v3.31.4",
  releaseName: "calico",
  namespace: "tigera-operator",
} as const;

/**
 * Where the chart's images come from: the operator (the chart's `tigeraOperator.registry`) and the Calico components
 * it deploys (the Installation's `registry`; their path under it stays `calico/`). Both are on quay.io.
 */
export const CALICO_IMAGE_REGISTRY = "quay.io";
