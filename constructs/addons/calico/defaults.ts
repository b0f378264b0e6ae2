/** The Tigera operator chart that installs Calico; the version is `calico.chartVersion`. */
export const CALICO_CHART = {
  repository: "https://docs.tigera.io/calico/charts",
  chart: "tigera-operator",
  version: "v3.31.4",
  releaseName: "calico",
  namespace: "tigera-operator",
} as const;
