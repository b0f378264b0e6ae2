import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";

export interface AddonSpec {
  readonly name: string;
  readonly serviceAccountRoleArn?: string;
  /** JSON of the add-on's configuration schema. */
  readonly configurationValues?: string;
}

/**
 * Which version an add-on that is not pinned runs: EKS's default for the cluster's Kubernetes version, or the most
 * recent one EKS offers for it. Either way it is looked up per Kubernetes version (the `aws_eks_addon_version` data
 * source), so raising the cluster version moves the add-ons with it.
 */
export type AddonVersionPolicy = "eks-default" | "most-recent";

export interface EksAddonsProps {
  readonly clusterName: string;
  /** The cluster's Kubernetes version (a token of the cluster or of the cluster stage's output). */
  readonly kubernetesVersion: string;
  readonly addons: readonly AddonSpec[];
  /** Pinned versions by add-on name (`addons.versions`); the others follow `versionPolicy`. */
  readonly versions: Readonly<Record<string, string>>;
  /** @default "eks-default" */
  readonly versionPolicy?: AddonVersionPolicy;
  readonly dependsOn?: ITerraformDependable[];
}

/** EKS add-ons at a version of the cluster's Kubernetes version; changes made to their objects outside EKS are overwritten. */
export class EksAddons extends Construct {
  readonly addons: Readonly<Record<string, EksAddon>>;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    const addons: Record<string, EksAddon> = {};
    for (const spec of props.addons) {
      const version =
        props.versions[spec.name] ??
        new DataAwsEksAddonVersion(this, `${spec.name}-version`, {
          addonName: spec.name,
          kubernetesVersion: props.kubernetesVersion,
          mostRecent: props.versionPolicy === "most-recent",
        }).version;
      addons[spec.name] = new EksAddon(this, spec.name, {
        clusterName: props.clusterName,
        addonName: spec.name,
        addonVersion: version,
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
