import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
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
  /** @default "elastic" */
  readonly throughputMode?: "elastic" | "bursting" | "provisioned";
  /** MiB/s, with throughputMode provisioned only. */
  readonly provisionedThroughputMibps?: number;
  /** @default "generalPurpose" */
  readonly performanceMode?: "generalPurpose" | "maxIO";
  /** The file system's creation token (ForceNew). @default `<deployId>-datasets` */
  readonly creationToken?: string;
  /** The mount targets' security group description (ForceNew). @default this project's text */
  readonly securityGroupDescription?: string;
}

/** The NFS client actions the policy allows through a mount target: mount, write, and root access (the access point's uid 0). */
export const EFS_CLIENT_ACTIONS = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"] as const;

/**
 * EFS for Domino Datasets with the spec's access point, and a file system policy that refuses clients without TLS (the
 * EFS CSI driver mounts with TLS by default). NFS ingress from the nodes is added by the cluster stage.
 */
export class DatasetsEfs extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly accessPoint: EfsAccessPoint;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: DatasetsEfsProps) {
    super(scope, id);
    this.fileSystem = new EfsFileSystem(this, "file-system", {
      creationToken: props.creationToken ?? resourceName(props.deployId, "datasets"),
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: props.performanceMode ?? "generalPurpose",
      throughputMode: props.throughputMode ?? "elastic",
      ...(props.provisionedThroughputMibps === undefined ? {} : { provisionedThroughputInMibps: props.provisionedThroughputMibps }),
      tags: { Name: resourceName(props.deployId, "datasets") },
      lifecycle: { preventDestroy: true },
    });
    // EFS's own "enforce in-transit encryption" policy: clients reaching a mount target may mount and write, and no
    // request without TLS is served. Without a policy every client that reaches a mount target has full access.
    const policy = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        {
          sid: "ClientsThroughMountTargets",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: [...EFS_CLIENT_ACTIONS],
          resources: [this.fileSystem.arn],
          condition: [{ test: "Bool", variable: "elasticfilesystem:AccessedViaMountTarget", values: ["true"] }],
        },
        {
          sid: "DenyWithoutTls",
          effect: "Deny",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["*"],
          resources: [this.fileSystem.arn],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new EfsFileSystemPolicy(this, "policy", { fileSystemId: this.fileSystem.id, policy: policy.json });
    this.securityGroup = new SecurityGroup(this, "sg", {
      name: resourceName(props.deployId, "efs"),
      description: props.securityGroupDescription ?? "EFS datasets mount targets; NFS ingress from the node security group is added by the cluster stage",
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
