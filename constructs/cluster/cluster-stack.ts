import { Fn, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { runHook, type ClusterAddonContext, type ClusterContribution, type DominoAddon, type EksAddonRequest } from "../addons/addon";
import { EKS_CONTROL_PLANE_MIN_ZONES } from "../config/defaults";
import { clusterLogGroupName, iamName, karpenterDiscoveryTag, resourceName } from "../config/naming";
import { extraNodePorts } from "../config/node-ports";
import type { DeploymentPlan } from "../config/plan";
import { eksControlPlaneZones } from "../config/zones";
import { awsProvider } from "../core/aws-provider";
import { EksAddons } from "../core/eks-addons";
import { Partition } from "../core/partition";
import { StageStack } from "../core/stage-stack";
import { itemAt } from "../core/token-list";
import { ZoneNames } from "../core/zone-names";
import type { ClusterOutputs, InfraOutputs } from "../core/stage-outputs";
import { ClusterAdminAccess } from "./cluster-access";
import { EksControlPlane } from "./eks-cluster";
import { IrsaRole } from "./irsa-role";
import { NodeRole } from "../core/node-role";
import { PodIdentityRole } from "./pod-identity-role";
import { ClusterSecurityGroups } from "./security-groups";

export interface ClusterStackProps {
  readonly plan: DeploymentPlan;
  /** The infra stage's outputs (tokens of the infra stack, or literals when the stack is synthesized alone). */
  readonly infra: InfraOutputs;
  /** The deployment's add-ons; their cluster hooks run here, in order. */
  readonly addons: readonly DominoAddon[];
}

/** Stage 2: the EKS control plane, its IAM and add-ons. */
export class ClusterStack extends StageStack {
  readonly outputs: ClusterOutputs;

  readonly infra: InfraOutputs;

  constructor(scope: Construct, props: ClusterStackProps) {
    const { plan, infra } = props;
    super(scope, plan, "cluster");
    this.infra = infra;
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
      ...(plan.descriptions.clusterSecurityGroup !== undefined ? { clusterGroupDescription: plan.descriptions.clusterSecurityGroup } : {}),
      ...(plan.descriptions.nodesSecurityGroup !== undefined ? { nodeGroupDescription: plan.descriptions.nodesSecurityGroup } : {}),
      efsSecurityGroupId: infra.efsSecurityGroupId,
      apiPrivateAccessCidrs: config.network.apiPrivateAccessCidrs,
      extraNodePorts: extraNodePorts(config.network.extraNodePortsFromControlPlane),
      // Karpenter's EC2NodeClasses select the nodes' security group by this tag.
      ...(plan.karpenterPools.length > 0 ? { nodeSecurityGroupTags: karpenterDiscoveryTag(clusterName) } : {}),
      ...(infra.bastionSecurityGroupId ? { bastionSecurityGroupId: infra.bastionSecurityGroupId } : {}),
    });

    const accountId = new DataAwsCallerIdentity(this, "account").accountId;
    const controlPlane = new EksControlPlane(this, "control-plane", {
      partition,
      accountId,
      region: plan.region,
      clusterName,
      kubernetesVersion: config.kubernetesVersion,
      roleName: plan.names.clusterRole,
      logGroupName: clusterLogGroupName(clusterName),
      logRetentionDays: config.controlPlaneLogRetentionDays,
      kmsKeyArn: infra.kmsKeyArn,
      subnetIds: controlPlaneSubnetIds,
      securityGroupId: groups.clusterSecurityGroupId,
      publicAccessCidrs: config.network.apiPublicAccessCidrs,
      authenticationMode: config.access.authenticationMode,
    });
    const cluster = controlPlane.cluster;

    new ClusterAdminAccess(this, "access", {
      partition,
      clusterName: cluster.name,
      adminRoleArns: config.access.adminRoleArns,
    });

    const oidcIssuerUrl = cluster.identity.get(0).oidc.get(0).issuer;
    const irsaScope = new Construct(this, "irsa");
    const zoneNames = new ZoneNames(this, "zone-names");
    const freeId = (id: string) => {
      if (irsaScope.node.tryFindChild(id)) throw new Error(`the id "${id}" is taken in the cluster stage's irsa scope; choose another`);
      return id;
    };
    const context: ClusterAddonContext = {
      scope: this,
      plan,
      infra,
      partition,
      clusterName,
      cluster: { name: cluster.name, arn: cluster.arn },
      nodeSecurityGroupId: groups.nodeSecurityGroupId,
      irsaScope,
      serviceAccountRole: (id, request) =>
        new IrsaRole(irsaScope, freeId(id), {
          ...request,
          roleName: request.roleName ?? iamName(deployId, id),
          oidcProviderArn: controlPlane.oidcProvider.arn,
          oidcIssuerUrl,
        }).arn,
      podIdentityRole: (id, request) =>
        new PodIdentityRole(irsaScope, freeId(id), {
          ...request,
          partition,
          roleName: request.roleName ?? iamName(deployId, id),
          clusterName: cluster.name,
          clusterArn: cluster.arn,
        }).arn,
      accountId,
      zoneName: (zoneId) => zoneNames.nameOf(zoneId),
    };
    const contributions = props.addons.map((addon): ClusterContribution => runHook(addon, "cluster", () => addon.cluster?.(context) ?? {}));
    const merged = mergeContributions(props.addons, contributions);

    const nodeRole = new NodeRole(this, "node-role", {
      partition,
      roleName: iamName(deployId, "eks-nodes"),
      extraPolicyArns: infra.nodePolicyArns,
      ...(Object.keys(merged.nodeRolePolicies).length > 0 ? { inlinePolicies: merged.nodeRolePolicies } : {}),
    });

    new EksAddons(this, "addons", {
      clusterName: cluster.name,
      kubernetesVersion: cluster.version,
      versions: config.addons.versions,
      versionPolicy: config.addons.versionPolicy,
      addons: merged.eksAddons,
    });

    this.outputs = {
      clusterName: cluster.name,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      clusterVersion: cluster.version,
      // one() of the splat rather than [0]: the block is computed, and a mock plan leaves it empty.
      clusterServiceIpv4Cidr: Token.asString(Fn.one(Token.asList(cluster.interpolationForAttribute("kubernetes_network_config[*].service_ipv4_cidr")))),
      oidcProviderArn: controlPlane.oidcProvider.arn,
      oidcIssuerUrl,
      nodeRoleArn: nodeRole.role.arn,
      nodeRoleName: nodeRole.role.name,
      clusterSecurityGroupId: groups.clusterSecurityGroupId,
      nodeSecurityGroupId: groups.nodeSecurityGroupId,
      irsaRoleArns: merged.roleArns,
      ...(merged.karpenter ? { karpenter: merged.karpenter } : {}),
    };

    const o = this.outputs;
    const named: Record<string, unknown> = {
      cluster_name: o.clusterName,
      cluster_endpoint: o.clusterEndpoint,
      cluster_certificate_authority_data: o.clusterCertificateAuthorityData,
      cluster_version: o.clusterVersion,
      cluster_service_cidr: o.clusterServiceIpv4Cidr,
      oidc_provider_arn: o.oidcProviderArn,
      oidc_issuer_url: o.oidcIssuerUrl,
      node_role_arn: o.nodeRoleArn,
      cluster_security_group_id: o.clusterSecurityGroupId,
      node_security_group_id: o.nodeSecurityGroupId,
      irsa_role_arns: o.irsaRoleArns,
      ...(o.karpenter
        ? { karpenter: { node_role_name: o.karpenter.nodeRoleName, node_role_arn: o.karpenter.nodeRoleArn, interruption_queue_name: o.karpenter.interruptionQueueName } }
        : {}),
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

interface MergedContributions {
  readonly eksAddons: EksAddonRequest[];
  readonly roleArns: Record<string, string>;
  readonly nodeRolePolicies: Record<string, string>;
  karpenter?: ClusterOutputs["karpenter"];
}

/** One list and two maps from every add-on's cluster contribution; a key two add-ons claim is a programming error. */
function mergeContributions(addons: readonly DominoAddon[], contributions: readonly ClusterContribution[]): MergedContributions {
  const out: MergedContributions = { eksAddons: [], roleArns: {}, nodeRolePolicies: {} };
  const claim = (target: Record<string, string>, entries: Readonly<Record<string, string>> | undefined, what: string, addon: string) => {
    for (const [key, value] of Object.entries(entries ?? {})) {
      if (key in target) throw new Error(`add-on ${addon} contributes ${what} "${key}", which another add-on contributes already`);
      target[key] = value;
    }
  };
  contributions.forEach((c, i) => {
    for (const request of c.eksAddons ?? []) {
      if (out.eksAddons.some((r) => r.name === request.name)) throw new Error(`add-on ${addons[i].name} installs the EKS add-on ${request.name}, which another add-on installs already`);
      out.eksAddons.push(request);
    }
    claim(out.roleArns, c.roleArns, "the role", addons[i].name);
    claim(out.nodeRolePolicies, c.nodeRolePolicies, "the node-role policy", addons[i].name);
    if (c.karpenter) {
      if (out.karpenter) throw new Error(`add-on ${addons[i].name} contributes the Karpenter outputs, which another add-on contributes already`);
      out.karpenter = c.karpenter;
    }
  });
  contributions.forEach((c, i) => {
    const missing = (c.requiresEksAddons ?? []).filter((name) => !out.eksAddons.some((r) => r.name === name));
    if (missing.length > 0) {
      throw new Error(`add-on ${addons[i].name} needs the EKS add-on ${missing.join(", ")} in the cluster stage, but no add-on installs it (left out with disableAddons?)`);
    }
  });
  return out;
}
