/**
 * Private registries and chart mirrors: the `registries` field of a deployment, and the pure functions every add-on
 * uses to resolve a Helm chart's repository and an image's registry from it. An air-gapped install points these at
 * the customer's mirror (or at ECR pull-through cache rules) so nothing is pulled from the internet by the stacks.
 * No cdktf imports here.
 */
import { z } from "zod";

/** The upstream registries ECR pull-through cache rules may mirror, by the host images name them with. */
export const PULL_THROUGH_UPSTREAMS = {
  "quay.io": { url: "quay.io", prefix: "quay", needsCredential: false },
  "registry.k8s.io": { url: "registry.k8s.io", prefix: "registry-k8s-io", needsCredential: false },
  "public.ecr.aws": { url: "public.ecr.aws", prefix: "ecr-public", needsCredential: false },
  // Docker Hub and GitHub's registry only serve pull-through caches with credentials in Secrets Manager.
  "docker.io": { url: "registry-1.docker.io", prefix: "docker-hub", needsCredential: true },
  "ghcr.io": { url: "ghcr.io", prefix: "ghcr", needsCredential: true },
} as const;
export type PullThroughUpstream = keyof typeof PULL_THROUGH_UPSTREAMS;
export const PULL_THROUGH_UPSTREAM_NAMES = Object.keys(PULL_THROUGH_UPSTREAMS) as PullThroughUpstream[];

/** The upstreams a pull-through cache mirrors when `pullThroughCache.rules` is left out: those the stacks' images use. */
export const DEFAULT_PULL_THROUGH_UPSTREAMS: readonly PullThroughUpstream[] = ["quay.io", "registry.k8s.io"];

/** ECR's rule for a pull-through cache repository prefix (also 2-30 characters). */
const ECR_PREFIX = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** An image registry host with an optional port, as images name it (no scheme). */
const HOST = /^(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;
/** A path below a registry host: lowercase repository components separated by single slashes. */
const REGISTRY_PATH = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const SECRET_ARN = /^arn:aws(-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/;

/** True for `host[:port]` optionally followed by `/path`, such as `mirror.example.com:5000/quay`. */
export function isRegistryReference(value: string): boolean {
  const slash = value.indexOf("/");
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? undefined : value.slice(slash + 1);
  return HOST.test(host) && (path === undefined || REGISTRY_PATH.test(path));
}

/** Why a Helm repository URL is refused, or undefined when it is usable (https:// or oci:// with a host). */
export function repositoryUrlProblem(value: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(value);
  if (!m) return "must be an https:// or oci:// URL, such as https://charts.example.com or oci://mirror.example.com/charts";
  const scheme = m[1].toLowerCase();
  if (scheme === "http") return "must use https:// or oci:// (plain http:// would let anyone on the path swap the charts)";
  if (scheme !== "https" && scheme !== "oci") return `must be an https:// or oci:// URL, not ${scheme}://`;
  const rest = m[2].replace(/\/+$/, "");
  const host = rest.split("/")[0];
  if (!HOST.test(host.toLowerCase())) return `has no valid host: ${JSON.stringify(host)}`;
  if (/[\s?#]/.test(rest)) return "must not contain spaces, a query or a fragment";
  return undefined;
}

const repositoryUrlSchema = z.string().superRefine((value, ctx) => {
  const problem = repositoryUrlProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const registryReferenceSchema = z.string().refine(isRegistryReference, {
  error: "must be a registry host with an optional port and path, without a scheme, such as mirror.example.com or mirror.example.com:5000/quay",
});
const hostKeySchema = z.string().regex(HOST, { error: "keys must be the registry hosts images name, such as quay.io or registry.k8s.io" });

const pullThroughRuleSchema = z.strictObject({
  upstream: z.enum(PULL_THROUGH_UPSTREAM_NAMES, { error: `must be one of ${PULL_THROUGH_UPSTREAM_NAMES.join(", ")}` }),
  prefix: z.string()
    .min(2, { error: "must be 2-30 characters" }).max(30, { error: "must be 2-30 characters" })
    .regex(ECR_PREFIX, { error: "must be lowercase letters and digits, separated by single . _ - or /" })
    .refine((p) => p !== "root", { error: "must not be ROOT (ECR's name for the whole registry)" })
    .optional()
    .describe("the ECR repository prefix of the cache; defaults per upstream: quay, registry-k8s-io, ecr-public, docker-hub, ghcr"),
  credentialArn: z.string().regex(SECRET_ARN, {
    error: "must be the ARN of a Secrets Manager secret whose name starts with ecr-pullthroughcache/",
  }).optional().describe("Secrets Manager secret with the upstream's username and access token; required for docker.io and ghcr.io, refused for the others"),
});

export const registriesSchema = z.strictObject({
  helmRepository: repositoryUrlSchema.optional()
    .describe("one repository (https:// or oci://) that serves every chart the stacks install, under its upstream name; left out, each chart comes from its upstream repository"),
  charts: z.record(z.string().min(1), z.strictObject({
    repository: repositoryUrlSchema.describe("the repository (https:// or oci://) of this chart; wins over helmRepository"),
  })).default({}).describe("per-chart repositories by chart name (tigera-operator, cluster-autoscaler, ...)"),
  imageRegistry: registryReferenceSchema.optional()
    .describe("replaces the registry host of every image the stacks set (quay.io/tigera/operator becomes <imageRegistry>/tigera/operator)"),
  imageRegistries: z.record(hostKeySchema, registryReferenceSchema).default({})
    .describe("per-upstream replacements, such as quay.io: mirror.example.com/quay; wins over pullThroughCache and imageRegistry"),
  pullThroughCache: z.strictObject({
    enabled: z.boolean().default(false)
      .describe("ECR pull-through cache rules in the infra stage; the images of their upstreams are pulled through this account's ECR"),
    rules: z.array(pullThroughRuleSchema).optional()
      .describe("the upstreams to cache; default: quay.io and registry.k8s.io (what the stacks' images use)"),
  }).prefault({}),
}).prefault({});

export type RegistriesConfig = z.output<typeof registriesSchema>;

/** One resolved pull-through cache rule. */
export interface PullThroughRule {
  readonly upstream: PullThroughUpstream;
  /** What ECR calls upstream_registry_url (Docker Hub's is registry-1.docker.io). */
  readonly upstreamUrl: string;
  readonly prefix: string;
  readonly credentialArn?: string;
}

/** The pull-through cache rules of a config: none when off, the defaults when `rules` is left out. */
export function pullThroughRules(registries: RegistriesConfig): PullThroughRule[] {
  const cache = registries.pullThroughCache;
  if (!cache.enabled) return [];
  const rules = cache.rules ?? DEFAULT_PULL_THROUGH_UPSTREAMS.map((upstream) => ({ upstream }));
  return rules.map((r: { upstream: PullThroughUpstream; prefix?: string; credentialArn?: string }) => ({
    upstream: r.upstream,
    upstreamUrl: PULL_THROUGH_UPSTREAMS[r.upstream].url,
    prefix: r.prefix ?? PULL_THROUGH_UPSTREAMS[r.upstream].prefix,
    ...(r.credentialArn ? { credentialArn: r.credentialArn } : {}),
  }));
}

/**
 * Where the images of an upstream registry host come from: `imageRegistries[host]`, else the pull-through cache
 * (`<ecrRegistry>/<prefix>`) when a rule mirrors the host, else `imageRegistry`, else the host itself.
 * `ecrRegistry` (`<account>.dkr.ecr.<region>.<dns suffix>`) is needed only when a pull-through rule applies.
 */
export function resolveImageRegistry(registries: RegistriesConfig, upstreamHost: string, ecrRegistry?: string): string {
  const explicit = registries.imageRegistries[upstreamHost];
  if (explicit) return explicit;
  const rule = pullThroughRules(registries).find((r) => r.upstream === upstreamHost);
  if (rule) {
    if (!ecrRegistry) throw new Error(`registries.pullThroughCache mirrors ${upstreamHost}, but the infra stage hands on no pull-through cache registry`);
    return `${ecrRegistry}/${rule.prefix}`;
  }
  return registries.imageRegistry ?? upstreamHost;
}

/** The repository of a chart: `charts[chart].repository`, else `helmRepository`, else the chart's upstream repository. */
export function resolveChartRepository(registries: RegistriesConfig, chart: string, upstreamRepository: string): string {
  return registries.charts[chart]?.repository ?? registries.helmRepository ?? upstreamRepository;
}

/** A full image reference on its resolved registry: `image("quay.io", "tigera/operator")`. */
export function resolveImage(registries: RegistriesConfig, upstreamHost: string, repository: string, ecrRegistry?: string): string {
  return `${resolveImageRegistry(registries, upstreamHost, ecrRegistry)}/${repository}`;
}

/**
 * What an add-on's Helm release asks to find its chart and images on the deployment's mirrors: built once per k8s
 * stage and handed to every add-on as `K8sAddonContext.mirrors`.
 */
export interface Mirrors {
  /** The repository to install `chart` from: `registries.charts[chart]`, `registries.helmRepository`, or `upstream`. */
  chartRepository(chart: string, upstream: string): string;
  /**
   * The registry (host and optional path, no trailing slash) to pull the images of an upstream host from, such as
   * `imageRegistry("quay.io")` → `mirror.example.com/quay` or `<account>.dkr.ecr.<region>.amazonaws.com/quay`.
   */
  imageRegistry(upstreamHost: string): string;
  /** `image("registry.k8s.io", "autoscaling/cluster-autoscaler")` → `<imageRegistry(host)>/autoscaling/cluster-autoscaler`. */
  image(upstreamHost: string, repository: string): string;
}

/** The mirrors of a deployment; `pullThroughCacheRegistry` (the infra stage's) is needed only with the cache on. */
export function mirrorsOf(registries: RegistriesConfig, pullThroughCacheRegistry?: string): Mirrors {
  const r = registries;
  const imageRegistry = (host: string) => resolveImageRegistry(r, host, pullThroughCacheRegistry);
  return {
    chartRepository: (chart, upstream) => resolveChartRepository(r, chart, upstream),
    imageRegistry,
    image: (host, repository) => `${imageRegistry(host)}/${repository}`,
  };
}
