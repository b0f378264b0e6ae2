import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { IRSA_PURPOSES, type ClusterOutputs } from "../cluster/outputs";
import { NODES_STAGE_ADDONS } from "../config/defaults";
import type { DeploymentPlan } from "../config/plan";
import { awsProvider } from "../core/aws-provider";
import { EksAddons } from "../core/eks-addons";
import { StageStack } from "../core/stage-stack";
import { itemAt } from "../core/token-list";
import { ZoneNames } from "../core/zone-names";
import type { InfraOutputs } from "../infra/outputs";
import { ManagedNodeGroup } from "./node-group";
import type { NodesOutputs } from "./outputs";

/** Stage 3: the node pools, and the add-ons whose pods need nodes. */
export class NodesStack extends StageStack {
  readonly outputs: NodesOutputs;

  constructor(scope: Construct, plan: DeploymentPlan, readonly infra: InfraOutputs, readonly cluster: ClusterOutputs) {
    super(scope, plan, "nodes");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");

    const zoneIndex = new Map(plan.zones.map((z, i) => [z.zoneId, i]));
    const subnetOf = (zoneId: string): string => {
      const i = zoneIndex.get(zoneId);
      if (i === undefined) throw new Error(`zone ${zoneId} is not one of the deployment's zones`);
      return itemAt(infra.privateSubnetIds, i);
    };
    const autoscalerTags = plan.config.autoscaler.enabled;
    const singleZones = [...new Set(plan.nodeGroups.filter((g) => g.zoneIds.length === 1).map((g) => g.zoneIds[0]))];
    const zoneNames = autoscalerTags && singleZones.length > 0 ? new ZoneNames(this, "zone-names", { zoneIds: singleZones }) : undefined;

    const groups = plan.nodeGroups.map(
      (group) =>
        new ManagedNodeGroup(this, `group-${group.key}`, {
          group,
          clusterName: cluster.clusterName,
          clusterVersion: cluster.clusterVersion,
          nodeRoleArn: cluster.nodeRoleArn,
          subnetIds: group.zoneIds.map(subnetOf),
          // Only the node group: both it and the control plane's group carry kubernetes.io/cluster/<name>, and the
          // AWS cloud provider and load balancer controller reject an ENI with more than one such group.
          securityGroupIds: [cluster.nodeSecurityGroupId],
          kmsKeyArn: infra.kmsKeyArn,
          tags: plan.tags,
          ...(autoscalerTags
            ? {
                autoscalerTags: {
                  clusterName: plan.names.cluster,
                  ...(zoneNames && group.zoneIds.length === 1 ? { zoneName: zoneNames.nameOf(group.zoneIds[0]) } : {}),
                },
              }
            : {}),
        }),
    );

    const roleArn = (purpose: string): string => {
      const arn = cluster.irsaRoleArns[purpose];
      if (arn === undefined) throw new Error(`the cluster stage has no ${purpose} IRSA role`);
      return arn;
    };
    const serviceAccountRoles: Record<string, string> = {
      "aws-ebs-csi-driver": roleArn(IRSA_PURPOSES.ebsCsi),
      "aws-efs-csi-driver": roleArn(IRSA_PURPOSES.efsCsi),
    };
    new EksAddons(this, "addons", {
      clusterName: cluster.clusterName,
      versions: plan.config.addons.versions,
      addons: NODES_STAGE_ADDONS.map((name) =>
        serviceAccountRoles[name] ? { name, serviceAccountRoleArn: serviceAccountRoles[name] } : { name },
      ),
      dependsOn: groups.map((g) => g.nodeGroup),
    });

    this.outputs = {
      nodeGroupNames: Object.fromEntries(plan.nodeGroups.map((g, i) => [g.key, groups[i].nodeGroup.nodeGroupName])),
    };
    new TerraformOutput(this, "node_group_names", { value: this.outputs.nodeGroupNames });
  }
}
