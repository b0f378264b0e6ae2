/**
 * The built-in add-ons, in hook order (which is also the order of their resources in each stack). Each lives in its
 * own folder with everything about it; DominoDeployment composes this list with a consumer's own add-ons.
 */
import { addonRules, type DominoAddon } from "./addon";
import { AwsLoadBalancerControllerAddon } from "./aws-load-balancer-controller";
import { CalicoAddon } from "./calico";
import { ClusterAutoscalerAddon } from "./cluster-autoscaler";
import { CorednsAddon } from "./coredns";
import { EbsCsiDriverAddon } from "./ebs-csi-driver";
import { EfsCsiDriverAddon } from "./efs-csi-driver";
import { EksPodIdentityAgentAddon } from "./eks-pod-identity-agent";
import { ExternalDnsAddon } from "./external-dns";
import { KarpenterAddon } from "./karpenter";
import { KubeProxyAddon } from "./kube-proxy";
import { ServiceAccountRolesAddon } from "./service-account-roles";
import { VpcCniAddon } from "./vpc-cni";

export * from "./addon";
export { mirrorsOf, type Mirrors } from "../config/registries";
export { EksManagedAddon, type EksAddonPhase } from "./eks-addon";
export { requireRoleArn } from "./role-arns";
export { AwsLoadBalancerControllerAddon, CalicoAddon, ClusterAutoscalerAddon, CorednsAddon, EbsCsiDriverAddon, EfsCsiDriverAddon, EksPodIdentityAgentAddon, ExternalDnsAddon, KarpenterAddon, KubeProxyAddon, ServiceAccountRolesAddon, VpcCniAddon };

/** Fresh instances of every built-in add-on. Add-ons keep no state, so one list may serve several deployments. */
export function builtInAddons(): DominoAddon[] {
  return [
    new VpcCniAddon(),
    new KubeProxyAddon(),
    new EksPodIdentityAgentAddon(),
    new CorednsAddon(),
    new EbsCsiDriverAddon(),
    new EfsCsiDriverAddon(),
    new CalicoAddon(),
    new ClusterAutoscalerAddon(),
    new KarpenterAddon(),
    new AwsLoadBalancerControllerAddon(),
    new ExternalDnsAddon(),
    new ServiceAccountRolesAddon(),
  ];
}

/** The built-in add-on names, for `disableAddons`. */
export const BUILT_IN_ADDON_NAMES = [
  "vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "ebs-csi-driver", "efs-csi-driver", "calico", "cluster-autoscaler", "karpenter",
  "aws-load-balancer-controller", "external-dns", "service-account-roles",
] as const;
export type BuiltInAddonName = (typeof BUILT_IN_ADDON_NAMES)[number];

/** The rules the built-in add-ons add to the spec's (the config-file front end checks each deployment with them). */
export function builtInAddonRules() {
  return addonRules(builtInAddons());
}
