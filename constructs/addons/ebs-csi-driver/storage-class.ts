/** The spec's EBS storage class ("Dynamic block storage"), encrypted with the deployment's KMS key. */
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct } from "constructs";
import { SPEC_STORAGE_CLASS } from "./defaults";

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export interface DominoStorageClassProps {
  readonly name: string;
  readonly volumeType: "gp3" | "gp2";
  readonly kmsKeyArn: string;
  readonly defaultClass: boolean;
}

export class DominoStorageClass extends Construct {
  readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: DominoStorageClassProps) {
    super(scope, id);
    this.storageClass = new StorageClassV1(this, "storage-class", {
      metadata: {
        name: props.name,
        ...(props.defaultClass ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } } : {}),
      },
      storageProvisioner: SPEC_STORAGE_CLASS.provisioner,
      reclaimPolicy: SPEC_STORAGE_CLASS.reclaimPolicy,
      volumeBindingMode: SPEC_STORAGE_CLASS.volumeBindingMode,
      // Execution volumes can then grow in place when a hardware tier's disk is raised.
      allowVolumeExpansion: true,
      parameters: {
        type: props.volumeType,
        encrypted: "true",
        kmsKeyId: props.kmsKeyArn,
      },
    });
  }
}
