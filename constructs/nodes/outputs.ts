/** What the nodes stage hands to the k8s stage (tokens; see InfraOutputs). */
export interface NodesOutputs {
  /** Node group names keyed by `<pool>` (platform) or `<pool>-<zoneId>` (compute pools). */
  readonly nodeGroupNames: Readonly<Record<string, string>>;
}
