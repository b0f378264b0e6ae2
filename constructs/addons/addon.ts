/**
 * The add-on contract. An add-on is the unit of a feature that touches the cluster after the network and storage
 * exist: its IAM (IRSA or EKS Pod Identity roles, node-role policies), EKS managed add-ons before or after the node groups, node-group
 * labels, taints and Auto Scaling group tags, Helm releases and manifests, and its part of the installer values.
 * Each hook is called by the stage it names, with that stage's scope and typed inputs; the stages know no add-on by
 * name. Hooks keep no state between stages: what a later stage needs travels through the stage outputs
 * (`ClusterOutputs.irsaRoleArns`), so every stage also synthesizes on its own.
 */
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { DeploymentPlan, NodeGroupPlan } from "../config/plan";
import { joinPath, type Problem } from "../config/problems";
import type { Mirrors } from "../config/registries";
import type { Rule } from "../config/rules";
import type { Taint } from "../config/schema";
import type { AddonSpec } from "../core/eks-addons";
import type { Partition } from "../core/partition";
import type { ClusterOutputs, InfraOutputs, NodesOutputs } from "../core/stage-outputs";

/** An EKS managed add-on to install (`name`, and optionally its IRSA role and configuration values). */
export type EksAddonRequest = AddonSpec;

/** The settings of an IAM role for one Kubernetes service account (IRSA or EKS Pod Identity). */
export interface ServiceAccountRoleRequest {
  /** The role's name. @default `<deployId>-<id>` */
  readonly roleName?: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** More service accounts of the same namespace that use the role (IRSA only). @default none */
  readonly otherServiceAccounts?: readonly string[];
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name: policy JSON documents. */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
}

export interface ClusterAddonContext {
  /** The cluster stack: resources an add-on creates here live in the cluster stage's state. */
  readonly scope: Construct;
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly partition: Partition;
  /** The cluster's name as a plain string (usable in tag keys and conditions at plan time). */
  readonly clusterName: string;
  /** The EKS cluster's name and ARN as tokens of the cluster resource: use them where a resource must wait for the cluster. */
  readonly cluster: { readonly name: string; readonly arn: string };
  /** The node security group (the pods' ENIs in pod subnets use it too). */
  readonly nodeSecurityGroupId: string;
  /** Under the stage's `irsa` construct, so every service-account role of the stage shares one address prefix. */
  readonly irsaScope: Construct;
  /**
   * Creates an IRSA role under `irsaScope` with construct id `id` (trusted through the cluster's OIDC provider by the
   * one service account and the `sts.amazonaws.com` audience); returns its ARN (a token). The built-ins use the ids
   * `ebs-csi`, `efs-csi`, `ebs-kms`, `cluster-autoscaler`, `autoscaler-policy`, `load-balancer-controller`,
   * `load-balancer-controller-policy`, `external-dns`, `external-dns-policy`, `karpenter` and `karpenter-policy`; a taken id
   * is an error.
   */
  serviceAccountRole(id: string, request: ServiceAccountRoleRequest): string;
  /**
   * Creates an EKS Pod Identity role and its association under `irsaScope` with construct id `id` (trusted by
   * `pods.eks.amazonaws.com` for this cluster, namespace and service account only); returns its ARN (a token).
   */
  podIdentityRole(id: string, request: Omit<ServiceAccountRoleRequest, "otherServiceAccounts">): string;
  /** The account id of the cluster stage's credentials (a token). */
  readonly accountId: string;
  /** The account's zone name (token) of a zone id, looked up once per stage. */
  zoneName(zoneId: string): string;
}

export interface ClusterContribution {
  /** EKS add-ons installed in the cluster stage, before any node exists (networking, kube-proxy, identity agent). */
  readonly eksAddons?: readonly EksAddonRequest[];
  /** Role ARNs by purpose, published in the cluster stage's `irsa_role_arns` output and handed to later stages. */
  readonly roleArns?: Readonly<Record<string, string>>;
  /** Inline policies added to the shared node role, by policy name. */
  readonly nodeRolePolicies?: Readonly<Record<string, string>>;
  /**
   * EKS add-ons (by name) that some add-on must install in the cluster stage for this contribution to work, such as
   * eks-pod-identity-agent for EKS Pod Identity roles; the cluster stage refuses to synthesize without them.
   */
  readonly requiresEksAddons?: readonly string[];
  /** The Karpenter controller's cluster-stage objects (`ClusterOutputs.karpenter`); one add-on at most sets it. */
  readonly karpenter?: ClusterOutputs["karpenter"];
}

export interface NodesAddonContext {
  readonly scope: Construct;
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
}

export interface NodesContribution {
  /** EKS add-ons installed in the nodes stage after every node group (their pods need nodes). */
  readonly eksAddons?: readonly EksAddonRequest[];
}

export interface NodeGroupAddonContext {
  readonly plan: DeploymentPlan;
  readonly group: NodeGroupPlan;
  /** The account's zone name (token) of a zone id, looked up once per stage. */
  zoneName(zoneId: string): string;
}

export interface NodeGroupContribution {
  /** Kubernetes labels added to the group's nodes; a key the pool or another add-on sets already is an error. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Taints added to the group's nodes. */
  readonly taints?: readonly Taint[];
}

export interface NodeGroupTagsContext extends NodeGroupAddonContext {
  /** The group's final labels: the pool's and every add-on's. */
  readonly labels: Readonly<Record<string, string>>;
  /** The group's final taints: the pool's and every add-on's. */
  readonly taints: readonly Taint[];
}

export interface K8sAddonContext {
  /** The k8s stack, with the kubernetes and helm providers configured. */
  readonly scope: Construct;
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  readonly nodes: NodesOutputs;
  /** Domino's namespaces, when the stage creates them (`namespaces.create`): depend on these to deploy into them. */
  readonly namespaces: readonly ITerraformDependable[];
  /**
   * The deployment's chart and image mirrors (`registries`). A Helm release takes its repository from
   * `mirrors.chartRepository("<chart>", "<upstream repository>")`, and, where `mirrors.imageRegistry("<upstream host>")`
   * differs from the upstream host, sets its chart's image values from it (or `mirrors.image(host, repository)`), so an
   * air-gapped install pulls only from the customer's mirror. List the chart names in `DominoAddon.helmCharts`.
   */
  readonly mirrors: Mirrors;
  /** The names of the deployment's add-ons, in hook order: one may adapt to another being left out (disableAddons). */
  readonly addonNames: readonly string[];
}

export interface InstallerValuesContext {
  readonly plan: DeploymentPlan;
  readonly infra: InfraOutputs;
  readonly cluster: ClusterOutputs;
  readonly nodes: NodesOutputs;
}

/**
 * A pluggable unit of the deployment. Implement the hooks of the stages it touches; all are optional. Its name is its
 * identity: an add-on passed to DominoDeployment with a built-in's name replaces that built-in.
 */
export interface DominoAddon {
  /** Unique within a deployment; lowercase words and hyphens, such as `cluster-autoscaler`. */
  readonly name: string;
  /** EKS managed add-ons it installs: `addons.versions` may pin these names. */
  readonly eksAddonNames?: readonly string[];
  /** Helm charts it installs, by chart name: `registries.charts` may give these names a repository. */
  readonly helmCharts?: readonly string[];
  /** Rules over the deployment's fields, run with the spec's rules; problems name fields relative to the deployment. */
  readonly rules?: readonly Rule[];
  cluster?(ctx: ClusterAddonContext): ClusterContribution | void;
  nodes?(ctx: NodesAddonContext): NodesContribution | void;
  nodeGroup?(ctx: NodeGroupAddonContext): NodeGroupContribution | void;
  /** Tags on a node group's Auto Scaling group (managed node groups do not pass their own tags on); keys must be plain strings. */
  nodeGroupTags?(ctx: NodeGroupTagsContext): Readonly<Record<string, string>> | void;
  k8s?(ctx: K8sAddonContext): void;
  /** Its part of the `domino_config` output: top-level keys merged into the document. */
  installerValues?(ctx: InstallerValuesContext): Readonly<Record<string, unknown>>;
}

/**
 * Runs one hook of an add-on; an error it throws comes out naming the add-on and the hook (the original as `cause`), so
 * a clash with another add-on's construct ids or a missing input points at the add-on to fix.
 */
export function runHook<T>(addon: DominoAddon, hook: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`add-on ${addon.name}, ${hook} hook: ${message}`, { cause: error });
  }
}

/** What an add-on name may be: it names construct scopes and appears in messages. */
const ADDON_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The built-ins with `disabled` left out, then `extra`: an extra add-on with a built-in's name takes that built-in's
 * place (and keeps its position, so hook order and Terraform addresses stay put); others come after, in order.
 */
export function composeAddons(
  builtIns: readonly DominoAddon[],
  extra: readonly DominoAddon[] = [],
  disabled: readonly string[] = [],
): DominoAddon[] {
  const known = new Set(builtIns.map((a) => a.name));
  const unknown = disabled.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`disableAddons names ${unknown.join(", ")}, which ${unknown.length === 1 ? "is not a built-in add-on" : "are not built-in add-ons"}; built-ins: ${[...known].join(", ")}`);
  }
  const seen = new Set<string>();
  for (const addon of extra) {
    if (!ADDON_NAME.test(addon.name)) throw new Error(`add-on name ${JSON.stringify(addon.name)} must be lowercase words joined by hyphens, such as external-secrets`);
    if (seen.has(addon.name)) throw new Error(`two add-ons are named ${addon.name}; add-on names must be unique`);
    seen.add(addon.name);
  }
  const replacement = new Map(extra.map((a) => [a.name, a]));
  const out = builtIns.filter((a) => !disabled.includes(a.name) || replacement.has(a.name)).map((a) => replacement.get(a.name) ?? a);
  return [...out, ...extra.filter((a) => !known.has(a.name))];
}

/**
 * The rules of a set of add-ons, plus the checks that `addons.versions` names only EKS add-ons they install and
 * `registries.charts` only charts they install.
 */
export function addonRules(addons: readonly DominoAddon[]): Rule[] {
  const names = addons.flatMap((a) => a.eksAddonNames ?? []);
  const charts = addons.flatMap((a) => a.helmCharts ?? []);
  const chartNames: Rule = ({ deployment: d }) =>
    Object.keys(d.registries.charts)
      .filter((chart) => !charts.includes(chart))
      .map((chart): Problem => ({
        path: joinPath(["registries", "charts", chart]),
        message: `is not a chart this project installs; known charts: ${charts.join(", ")}`,
      }));
  const versions: Rule = ({ deployment: d }) =>
    Object.keys(d.addons.versions)
      .filter((name) => !names.includes(name))
      .map((name): Problem => ({
        path: joinPath(["addons", "versions", name]),
        message: `is not an add-on this project installs; known add-ons: ${names.join(", ")}`,
      }));
  return [versions, chartNames, ...addons.flatMap((a) => a.rules ?? [])];
}
