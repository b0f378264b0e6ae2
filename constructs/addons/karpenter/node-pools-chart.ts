/**
 * The EC2NodeClasses and NodePools as a Helm release of a tiny local chart, so the k8s stage plans on a fresh cluster:
 * a `kubernetes_manifest` of a CRD-backed kind needs the CRD at plan time, a `helm_release` only reads its chart from
 * disk. The chart is constant (it renders whatever objects its `manifests` value lists); the objects travel in the
 * release's values, so a change to a pool shows up in `terraform plan` as a line diff of the values document. The chart
 * ships with the package and is copied at synth into the stack's folder (a cdktf asset), so plan and apply read it from
 * disk, with no repository and no network.
 */
import * as path from "path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { stringify } from "yaml";
import type { Manifest } from "./node-pools";

/**
 * The chart ships with the package (charts/karpenter-node-pools: Chart.yaml, values.yaml, templates/manifests.yaml).
 * `assetHash` names its folder in the stack's assets, the same on every machine; it is the first 16 hex digits of the
 * SHA-256 of the files (name, NUL, text, NUL, in name order), which a test recomputes: change it with the files.
 */
export const NODE_POOLS_CHART = {
  name: "karpenter-node-pools",
  version: "1.0.0",
  files: ["Chart.yaml", "templates/manifests.yaml", "values.yaml"],
  assetHash: "90b66f73018b03ee",
} as const;

/**
 * The chart's folder: `charts/` at the package root, reached from this file's folder whether it runs from the sources
 * (constructs/addons/karpenter), the build (dist/constructs/addons/karpenter) or the bundle (a folder of dist/, such as
 * dist/bundle, where every module's __dirname is the bundle's).
 */
export function nodePoolsChartDir(from: string = __dirname): string {
  const dir = path.resolve(from);
  const bundled = path.basename(path.dirname(dir)) === "dist";
  const up = bundled ? path.dirname(dir) : path.resolve(dir, "..", "..", "..");
  const root = path.basename(up) === "dist" ? path.dirname(up) : up;
  return path.join(root, "charts", NODE_POOLS_CHART.name);
}

/** How long a destroy of the release waits for Karpenter to drain and terminate the pools' nodes (the provider's default is 300 s). */
export const NODE_POOLS_DELETE_TIMEOUT_SECONDS = 1800;

/** The release's values document: the manifests as YAML, keys in the objects' own order, no anchors. */
export function nodePoolsValues(manifests: readonly Manifest[]): string {
  return stringify({ manifests }, { lineWidth: 0, aliasDuplicateObjects: false });
}

export interface KarpenterNodePoolsChartProps {
  /** Release namespace (the objects are cluster-scoped; the release record lives here): Karpenter's. */
  readonly namespace: string;
  readonly releaseName: string;
  readonly manifests: readonly Manifest[];
  /** The CRD and controller releases: the objects need the CRDs, and their deletion needs the controller. */
  readonly dependsOn: readonly ITerraformDependable[];
}

export class KarpenterNodePoolsChart extends Construct {
  readonly release: Release;
  readonly asset: TerraformAsset;

  constructor(scope: Construct, id: string, props: KarpenterNodePoolsChartProps) {
    super(scope, id);
    this.asset = new TerraformAsset(this, "chart", { path: nodePoolsChartDir(), type: AssetType.DIRECTORY, assetHash: NODE_POOLS_CHART.assetHash });
    this.release = new Release(this, "release", {
      name: props.releaseName,
      // A path that starts with ./ is read from disk and never looked up in a repository.
      chart: `./${this.asset.path}`,
      namespace: props.namespace,
      cleanupOnFail: true,
      // The provider's uninstall waits (wait defaults to true) for the objects to be gone: Karpenter's finalizers drain
      // and terminate the pools' nodes first, so a destroy removes the controller only after its nodes.
      timeout: NODE_POOLS_DELETE_TIMEOUT_SECONDS,
      values: [nodePoolsValues(props.manifests)],
      dependsOn: [...props.dependsOn],
    });
  }
}
