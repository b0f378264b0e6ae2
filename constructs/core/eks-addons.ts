import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface AddonSpec {
  readonly name: string;
  readonly serviceAccountRoleArn?: string;
  /** JSON of the add-on's configuration schema. */
  readonly configurationValues?: string;
}

export interface EksAddonsProps {
  readonly clusterName: string;
  readonly addons: readonly AddonSpec[];
  /** Pinned versions by add-on name (`addons.versions`); others get EKS's default for the cluster version. */
  readonly versions: Readonly<Record<string, string>>;
  readonly dependsOn?: ITerraformDependable[];
}

/** EKS add-ons; changes made to their objects outside EKS are overwritten. */
export class EksAddons extends Construct {
  readonly addons: Readonly<Record<string, EksAddon>>;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    const addons: Record<string, EksAddon> = {};
    for (const spec of props.addons) {
      const version = props.versions[spec.name];
      addons[spec.name] = new EksAddon(this, spec.name, {
        clusterName: props.clusterName,
        addonName: spec.name,
        ...(version ? { addonVersion: version } : {}),
        ...(spec.serviceAccountRoleArn ? { serviceAccountRoleArn: spec.serviceAccountRoleArn } : {}),
        ...(spec.configurationValues ? { configurationValues: spec.configurationValues } : {}),
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
      });
    }
    this.addons = addons;
  }
}
