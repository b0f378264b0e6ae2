/**
 * How the kubernetes and helm providers reach the cluster: its endpoint and CA from the cluster stage, and a token
 * fetched by `aws eks get-token` each time a provider connects. The token is never written to the plan or state.
 */
import { Fn } from "cdktf";
import type { ClusterOutputs } from "../core/stage-outputs";

export const EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

export interface ExecAuth {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: string[];
}

export interface ProviderAuth {
  readonly host: string;
  readonly clusterCaCertificate: string;
  readonly exec: ExecAuth;
}

/** The caller's AWS credentials (profile, SSO, instance role) sign the request; nothing static is configured. */
export function eksGetTokenExec(clusterName: string, region: string): ExecAuth {
  return {
    apiVersion: EXEC_API_VERSION,
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
  };
}

export function providerAuth(cluster: ClusterOutputs, region: string): ProviderAuth {
  return {
    host: cluster.clusterEndpoint,
    clusterCaCertificate: Fn.base64decode(cluster.clusterCertificateAuthorityData),
    exec: eksGetTokenExec(cluster.clusterName, region),
  };
}
