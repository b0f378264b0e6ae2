/** Purposes, the keys of ClusterOutputs.irsaRoleArns. */
export const IRSA_PURPOSES = { ebsCsi: "ebs-csi", efsCsi: "efs-csi", clusterAutoscaler: "cluster-autoscaler" } as const;

/** What the cluster stage hands to the nodes and k8s stages (tokens; see InfraOutputs). */
export interface ClusterOutputs {
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly clusterCertificateAuthorityData: string;
  readonly clusterVersion: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
  readonly nodeRoleArn: string;
  readonly nodeRoleName: string;
  readonly clusterSecurityGroupId: string;
  readonly nodeSecurityGroupId: string;
  /** IRSA role ARNs by purpose: ebs-csi, efs-csi and, unless the node-role option is chosen, cluster-autoscaler. */
  readonly irsaRoleArns: Readonly<Record<string, string>>;
}
