/**
 * One Domino deployment: its props validated like a deployment of the config file, resolved into a plan, and built as
 * the four stage stacks in Domino's apply order (infra -> cluster -> nodes -> k8s), each with its own state. Later
 * stages read earlier ones only through typed outputs, which cdktf turns into outputs and terraform_remote_state.
 */
import type { Construct } from "constructs";
import { addonRules, composeAddons, type DominoAddon } from "./addons/addon";
import { builtInAddons, type BuiltInAddonName } from "./addons";
import { ClusterStack } from "./cluster/cluster-stack";
import { addImportBlock, importProblems, type ImportBlock } from "./core/imports";
import type { ClusterOutputs, InfraOutputs, NodesOutputs } from "./core/stage-outputs";
import type { DeploymentConfig } from "./config/deployment-config";
import { planDeployment, type DeploymentPlan } from "./config/plan";
import type { DeploymentInput } from "./config/schema";
import { ConfigError } from "./config/problems";
import { checkAcrossDeployments } from "./config/rules";
import { validateDeployment } from "./config/validate";
import { InfraStack } from "./infra/infra-stack";
import type { KeyProvider } from "./infra/key-provider";
import type { VpcProvider } from "./infra/vpc-provider";
import { K8sStack } from "./k8s/k8s-stack";
import { NodesStack } from "./nodes/nodes-stack";

/**
 * The fields of one deployment of the config file (`domino-eks.yaml`), with the same names, defaults and rules; see
 * `domino-eks.schema.json` and the README for each. Every field is optional: `{}` is the spec's reference deployment.
 */
export type DominoDeploymentProps = DeepReadonly<DeploymentInput>;

/** Props are never changed: readonly lists and records (`as const` objects) are accepted as they are. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export interface DominoDeploymentOptions {
  /**
   * Add-ons of your own, run after the built-ins in this order; one named like a built-in replaces it in place.
   * @default []
   */
  readonly addons?: readonly DominoAddon[];
  /**
   * Built-in add-ons to leave out, by name.
   * @default []
   */
  readonly disableAddons?: readonly BuiltInAddonName[];
  /**
   * Where the VPC comes from.
   * @default `network.existingVpc` when set (ExistingVpcProvider), else a VPC created in the infra stage (CreateVpcProvider)
   */
  readonly vpc?: VpcProvider;
  /**
   * Where the KMS key comes from.
   * @default `kms.keyArn` when set (ExistingKeyProvider), else a key created in the infra stage (CreateKeyProvider)
   */
  readonly kmsKey?: KeyProvider;
  /**
   * Terraform import blocks for a deployment taken over in place (`domino-eks adopt` writes them to the file
   * `adoption.importsFile` names; the command line reads it, the library does not). Each is written into its stage's
   * stack as a top-level `import` block. Once the four stacks are built, every `to` must be the address of a managed
   * resource of its stage's stack, none twice, and no id empty, or a ConfigError lists every problem
   * (`adoption.importsFile[<index>]`). The check reads the logical ids of the stacks' resources, which fixes them.
   * @default []
   */
  readonly imports?: readonly ImportBlock[];
}

export class DominoDeployment {
  /**
   * Builds a deployment from a config the config-file front end (or validateDeployment) has already resolved and
   * checked: the add-ons' rules are not run again (the front end runs the built-ins'; run your own add-ons' rules with
   * validateDeployment first). Ids and FQDNs are still checked against the app's other deployments.
   */
  static fromConfig(scope: Construct, config: DeploymentConfig, options: DominoDeploymentOptions = {}): DominoDeployment {
    resolvedForNext = config;
    try {
      return new DominoDeployment(scope, {}, options);
    } finally {
      resolvedForNext = undefined;
    }
  }

  /** The resolved deployment: every default applied, node pools resolved. */
  readonly config: DeploymentConfig;
  /** Zones, subnet CIDRs, node groups, names and tags derived from the config. */
  readonly plan: DeploymentPlan;
  /** The add-ons in hook order, built-ins first. */
  readonly addons: readonly DominoAddon[];
  readonly infra: InfraStack;
  readonly cluster: ClusterStack;
  readonly nodes: NodesStack;
  readonly k8s: K8sStack;

  /**
   * Creates the four stacks of the deployment in `scope` (the App), named `<deployId>-<stage>`.
   * Throws a ConfigError that lists every problem with its field path when the props break a rule.
   */
  constructor(scope: Construct, props: DominoDeploymentProps = {}, options: DominoDeploymentOptions = {}) {
    const resolved = resolvedForNext;
    resolvedForNext = undefined;
    const addons = composeAddons(builtInAddons(), options.addons, options.disableAddons);
    this.addons = addons;
    const source = `DominoDeployment ${describeId(props)}`;
    this.config = resolved ?? validateDeployment(props, source, addonRules(addons));
    checkAgainstEarlier(scope, this.config, source);
    this.plan = planDeployment(this.config);
    const plan = this.plan;
    if (plan.karpenterPools.length > 0 && !addons.some((a) => a.name === KARPENTER_ADDON)) {
      const names = plan.karpenterPools.map((p) => p.name).join(", ");
      throw new Error(`${source}: pools ${names} are run by Karpenter, but no add-on named karpenter is present (left out with disableAddons?); keep it, or set those pools' scaler (or autoscaling.compute) to cluster-autoscaler`);
    }
    this.infra = new InfraStack(scope, { plan, vpc: options.vpc, kmsKey: options.kmsKey });
    this.cluster = new ClusterStack(scope, { plan, infra: this.infra.outputs, addons });
    this.nodes = new NodesStack(scope, { plan, infra: this.infra.outputs, cluster: this.cluster.outputs, addons });
    this.k8s = new K8sStack(scope, { plan, infra: this.infra.outputs, cluster: this.cluster.outputs, nodes: this.nodes.outputs, addons });
    const imports = options.imports ?? [];
    if (imports.length > 0) {
      const stacks = { infra: this.infra, cluster: this.cluster, nodes: this.nodes, k8s: this.k8s };
      const problems = importProblems(imports, stacks, "adoption.importsFile");
      if (problems.length > 0) throw new ConfigError(source, problems);
      for (const block of imports) addImportBlock(stacks[block.stage], block);
    }
  }

  /** What the infra stage hands on: VPC and subnets, key, buckets, EFS, registry, certificate. */
  get infraOutputs(): InfraOutputs {
    return this.infra.outputs;
  }

  /** What the cluster stage hands on: endpoint, CA, OIDC, node role, security groups, add-on role ARNs. */
  get clusterOutputs(): ClusterOutputs {
    return this.cluster.outputs;
  }

  /** What the nodes stage hands on: node group names. */
  get nodesOutputs(): NodesOutputs {
    return this.nodes.outputs;
  }
}

/** Set by fromConfig for the one constructor call it makes, so the public constructor keeps its plain signature. */
let resolvedForNext: DeploymentConfig | undefined;

/** The add-on that runs the pools whose scaler is karpenter (constructs/addons/karpenter). */
const KARPENTER_ADDON = "karpenter";

function describeId(props: unknown): string {
  const id = typeof props === "object" && props !== null ? (props as { deployId?: unknown }).deployId : undefined;
  return typeof id === "string" ? JSON.stringify(id) : "props";
}

/** The deployments already built in each app, so a second one is checked against them (ids, FQDNs), as in one file. */
const deploymentsByApp = new WeakMap<object, DeploymentConfig[]>();

function checkAgainstEarlier(scope: Construct, config: DeploymentConfig, source: string): void {
  const root = scope.node.root;
  const earlier = deploymentsByApp.get(root) ?? [];
  const own = `deployments[${earlier.length}]`;
  const problems = checkAcrossDeployments([...earlier, config], true)
    .filter((p) => p.path.startsWith(own))
    .map((p) => ({
      path: p.path.slice(own.length).replace(/^\./, ""),
      message: p.message.replace(/deployments\[(\d+)\]/g, (_, j: string) => `DominoDeployment ${JSON.stringify(earlier[Number(j)].deployId)} of this app`),
    }));
  if (problems.length > 0) throw new ConfigError(source, problems);
  deploymentsByApp.set(root, [...earlier, config]);
}
