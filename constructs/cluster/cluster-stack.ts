import { Fn, TerraformOutput, Token } from "cdktf";
import type { Construct } from "constructs";
import { CLUSTER_STAGE_ADDONS, EKS_CONTROL_PLANE_MIN_ZONES } from "../config/defaults";
import { clusterLogGroupName, iamName, resourceName } from "../config/naming";
import type { DeploymentPlan } from "../config/plan";
import { eksControlPlaneZones } from "../config/zones";
import { awsProvider } from "../core/aws-provider";
import { EksAddons } from "../core/eks-addons";
import { Partition } from "../core/partition";
import { StageStack } from "../core/stage-stack";
import { itemAt } from "../core/token-list";
import { ZoneNames } from "../core/zone-names";
import type { InfraOutputs } from "../infra/outputs";
import { AutoscalerPolicy } from "./autoscaler-policy";
import { ClusterAdminAccess } from "./cluster-access";
import { EksControlPlane } from "./eks-cluster";
import { ClusterIrsaRoles } from "./irsa-roles";
import { NodeRole } from "./node-role";
import type { ClusterOutputs } from "./outputs";
import { ClusterSecurityGroups } from "./security-groups";
import { vpcCniConfiguration } from "./vpc-cni-config";

/** True when the VPC CNI's custom networking is on: pod subnets planned, or given with a brought VPC. */
export function usesPodSubnets(plan: DeploymentPlan): boolean {
  return plan.zones.some((z) => z.podCidr !== undefined) || (plan.config.network.existingVpc?.podSubnetIds.length ?? 0) > 0;
}

/** Stage 2: the EKS control plane, its IAM and add-ons. */
export class ClusterStack extends StageStack {
  readonly outputs: ClusterOutputs;

  constructor(scope: Construct, plan: DeploymentPlan, readonly infra: InfraOutputs) {
    super(scope, plan, "cluster");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");

    const { config, deployId } = plan;
    const clusterName = plan.names.cluster;
    const partition = new Partition(this, "partition");
    const controlPlaneSubnetIds = this.controlPlaneSubnetIds(plan, infra);

    const groups = new ClusterSecurityGroups(this, "security-groups", {
      vpcId: infra.vpcId,
      clusterName,
      clusterGroupName: resourceName(deployId, "cluster"),
      nodeGroupName: resourceName(deployId, "nodes"),
      efsSecurityGroupId: infra.efsSecurityGroupId,
      apiPrivateAccessCidrs: config.network.apiPrivateAccessCidrs,
      ...(infra.bastionSecurityGroupId ? { bastionSecurityGroupId: infra.bastionSecurityGroupId } : {}),
    });

    const controlPlane = new EksControlPlane(this, "control-plane", {
      partition,
      clusterName,
      kubernetesVersion: config.kubernetesVersion,
      roleName: iamName(deployId, "eks-cluster"),
      logGroupName: clusterLogGroupName(clusterName),
      logRetentionDays: config.controlPlaneLogRetentionDays,
      kmsKeyArn: infra.kmsKeyArn,
      subnetIds: controlPlaneSubnetIds,
      securityGroupId: groups.clusterSecurityGroupId,
      publicAccessCidrs: config.network.apiPublicAccessCidrs,
    });
    const cluster = controlPlane.cluster;

    new ClusterAdminAccess(this, "access", {
      partition,
      clusterName: cluster.name,
      adminRoleArns: config.access.adminRoleArns,
    });

    const autoscalerIam = config.autoscaler.enabled ? config.autoscaler.iam : undefined;
    const nodeRole = new NodeRole(this, "node-role", {
      partition,
      roleName: iamName(deployId, "eks-nodes"),
      extraPolicyArns: infra.nodePolicyArns,
      // Managed node groups share this one role: with node-role, every node (not only platform nodes) may scale.
      ...(autoscalerIam === "node-role"
        ? { inlinePolicies: { "cluster-autoscaler": new AutoscalerPolicy(this, "node-autoscaler-policy", { clusterName }).json } }
        : {}),
    });

    const oidcIssuerUrl = cluster.identity.get(0).oidc.get(0).issuer;
    const irsa = new ClusterIrsaRoles(this, "irsa", {
      partition,
      clusterName,
      roleName: (purpose) => iamName(deployId, purpose),
      oidcProviderArn: controlPlane.oidcProvider.arn,
      oidcIssuerUrl,
      kmsKeyArn: infra.kmsKeyArn,
      autoscalerRole: autoscalerIam === "irsa",
    });

    const podSubnets = usesPodSubnets(plan)
      ? (() => {
          const zoneNames = new ZoneNames(this, "zone-names", { zoneIds: plan.zones.map((z) => z.zoneId) });
          return plan.zones.map((z, i) => ({ zoneName: zoneNames.nameOf(z.zoneId), subnetId: itemAt(infra.podSubnetIds, i) }));
        })()
      : [];
    const vpcCniConfig = vpcCniConfiguration({ region: plan.region, podSubnets, nodeSecurityGroupId: groups.nodeSecurityGroupId });
    new EksAddons(this, "addons", {
      clusterName: cluster.name,
      versions: config.addons.versions,
      addons: CLUSTER_STAGE_ADDONS.map((name) => (name === "vpc-cni" && vpcCniConfig ? { name, configurationValues: vpcCniConfig } : { name })),
    });

    this.outputs = {
      clusterName: cluster.name,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      clusterVersion: cluster.version,
      oidcProviderArn: controlPlane.oidcProvider.arn,
      oidcIssuerUrl,
      nodeRoleArn: nodeRole.role.arn,
      nodeRoleName: nodeRole.role.name,
      clusterSecurityGroupId: groups.clusterSecurityGroupId,
      nodeSecurityGroupId: groups.nodeSecurityGroupId,
      irsaRoleArns: irsa.arns,
    };

    const o = this.outputs;
    const named: Record<string, unknown> = {
      cluster_name: o.clusterName,
      cluster_endpoint: o.clusterEndpoint,
      cluster_certificate_authority_data: o.clusterCertificateAuthorityData,
      cluster_version: o.clusterVersion,
      oidc_provider_arn: o.oidcProviderArn,
      oidc_issuer_url: o.oidcIssuerUrl,
      node_role_arn: o.nodeRoleArn,
      cluster_security_group_id: o.clusterSecurityGroupId,
      node_security_group_id: o.nodeSecurityGroupId,
      irsa_role_arns: o.irsaRoleArns,
    };
    for (const [name, value] of Object.entries(named)) new TerraformOutput(this, name, { value });
  }

  /** The private subnets of the zones EKS supports, then the infra stage's extra control-plane subnets; never fewer than two zones. */
  private controlPlaneSubnetIds(plan: DeploymentPlan, infra: InfraOutputs): string[] {
    const usable = eksControlPlaneZones(plan.zones.map((z) => z.zoneId));
    const privateIds = plan.zones.flatMap((z, i) => (usable.includes(z.zoneId) ? [itemAt(infra.privateSubnetIds, i)] : []));
    const extra = infra.controlPlaneSubnetIds;
    // A single Terraform list token: its length is known only at apply time.
    if (Token.isUnresolved(extra)) return Token.asList(Fn.concat([privateIds, extra]));
    if (usable.length + extra.length < EKS_CONTROL_PLANE_MIN_ZONES) {
      throw new Error(
        `EKS needs control-plane subnets in at least two availability zones, but the deployment's zones give it ` +
          `${usable.length === 0 ? "none" : usable.join(", ")} and the infra stage ${extra.length} control-plane subnet(s); ` +
          "see network.controlPlaneZoneId and network.existingVpc.controlPlaneSubnetIds",
      );
    }
    return [...privateIds, ...extra];
  }
}
