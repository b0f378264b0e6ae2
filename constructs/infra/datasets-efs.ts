import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { SPEC_EFS_ACCESS_POINT } from "../config/defaults";
import { idPart, resourceName } from "../config/naming";

export interface DatasetsEfsProps {
  readonly deployId: string;
  readonly vpcId: string;
  /** One mount target per private subnet (one per zone, in zone order). */
  readonly privateSubnetIds: readonly string[];
  /** The zones of privateSubnetIds: mount targets are keyed by zone id. */
  readonly zoneIds: readonly string[];
  readonly kmsKeyArn: string;
}

/** EFS for Domino Datasets with the spec's access point. NFS ingress from the nodes is added by the cluster stage. */
export class DatasetsEfs extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly accessPoint: EfsAccessPoint;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatasetsEfsProps) {
    super(scope, id);
    this.fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: resourceName(props.deployId, "datasets"),
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: "generalPurpose",
      throughputMode: "elastic",
      tags: { Name: resourceName(props.deployId, "datasets") },
      lifecycle: { preventDestroy: true },
    });
    this.securityGroup = new SecurityGroup(this, "sg", {
      name: resourceName(props.deployId, "efs"),
      description: "EFS datasets mount targets; NFS ingress from the node security group is added by the cluster stage",
      vpcId: props.vpcId,
      tags: { Name: resourceName(props.deployId, "efs") },
    });
    props.privateSubnetIds.forEach((subnetId, i) => {
      new EfsMountTarget(this, `mount-target-${idPart(props.zoneIds[i])}`, {
        fileSystemId: this.fileSystem.id,
        subnetId,
        securityGroups: [this.securityGroup.id],
      });
    });
    const ap = SPEC_EFS_ACCESS_POINT;
    this.accessPoint = new EfsAccessPoint(this, "access-point", {
      fileSystemId: this.fileSystem.id,
      posixUser: { uid: ap.uid, gid: ap.gid },
      rootDirectory: {
        path: ap.rootDirectory,
        creationInfo: { ownerUid: ap.ownerUid, ownerGid: ap.ownerGid, permissions: ap.permissions },
      },
      tags: { Name: resourceName(props.deployId, "datasets") },
    });
  }
}
