/**
 * Offline stand-in for the API server's validation of Karpenter's v1 objects: the field names, types, enums, patterns
 * and CEL rules of the EC2NodeClass and NodePool CRDs of chart 1.9.0 (charts/karpenter-crd/templates in
 * aws/karpenter-provider-aws), for the fields a manifest of this project may carry. Unknown fields are errors (the API
 * server prunes them silently, which would hide a typo).
 */

type Schema =
  | { readonly type: "object"; readonly props?: Readonly<Record<string, Schema>>; readonly additional?: Schema; readonly required?: readonly string[]; readonly maxProps?: number }
  | { readonly type: "array"; readonly items: Schema; readonly maxItems?: number; readonly minItems?: number }
  | { readonly type: "string"; readonly enum?: readonly string[]; readonly pattern?: RegExp; readonly maxLength?: number; readonly minLength?: number }
  | { readonly type: "integer"; readonly min?: number; readonly max?: number }
  | { readonly type: "boolean" }
  | { readonly type: "int-or-string"; readonly pattern: RegExp };

const str = (extra: Omit<Extract<Schema, { type: "string" }>, "type"> = {}): Schema => ({ type: "string", ...extra });
const int = (min?: number, max?: number): Schema => ({ type: "integer", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
const bool: Schema = { type: "boolean" };
const obj = (props: Record<string, Schema>, required: string[] = []): Schema => ({ type: "object", props, required });
const map = (value: Schema, maxProps?: number): Schema => ({ type: "object", additional: value, ...(maxProps !== undefined ? { maxProps } : {}) });
const arr = (items: Schema, maxItems?: number, minItems?: number): Schema => ({ type: "array", items, ...(maxItems !== undefined ? { maxItems } : {}), ...(minItems !== undefined ? { minItems } : {}) });

const DURATION = /^(([0-9]+(s|m|h))+|Never)$/;
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
const EVICTION_VALUE = /^((\d{1,2}(\.\d{1,2})?|100(\.0{1,2})?)%|(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?)$/;
const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const VOLUME_SIZE = /^((?:[1-9][0-9]{0,3}|[1-4][0-9]{4}|[5][0-8][0-9]{3}|59000)Gi|(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|[6][0-3][0-9]{3}|64000)G|([1-9]||[1-5][0-7]|58)Ti|([1-9]||[1-5][0-9]|6[0-3]|64)T)$/;
const EVICTION_SIGNALS = ["memory.available", "nodefs.available", "nodefs.inodesFree", "imagefs.available", "imagefs.inodesFree", "pid.available"];
const EFFECT = str({ enum: ["NoSchedule", "PreferNoSchedule", "NoExecute"] });
const taint = obj({ key: str({ minLength: 1, pattern: QUALIFIED }), value: str({ pattern: QUALIFIED }), effect: EFFECT, timeAdded: str() }, ["key", "effect"]);
const selectorTags = map(str(), 20);

const metadata = obj({ name: str({ pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, maxLength: 253 }) }, ["name"]);

const EC2_NODE_CLASS: Schema = obj({
  apiVersion: str({ enum: ["karpenter.k8s.aws/v1"] }),
  kind: str({ enum: ["EC2NodeClass"] }),
  metadata,
  spec: obj({
    amiFamily: str({ enum: ["AL2", "AL2023", "Bottlerocket", "Custom", "Windows2019", "Windows2022", "Windows2025"] }),
    amiSelectorTerms: arr(obj({ alias: str({ maxLength: 30 }), id: str({ pattern: /^ami-[0-9a-z]+$/ }), name: str(), owner: str(), ssmParameter: str(), tags: selectorTags }), 30, 1),
    associatePublicIPAddress: bool,
    blockDeviceMappings: arr(obj({
      deviceName: str(),
      rootVolume: bool,
      ebs: obj({
        deleteOnTermination: bool,
        encrypted: bool,
        iops: int(),
        kmsKeyID: str(),
        snapshotID: str(),
        throughput: int(),
        volumeInitializationRate: int(100, 300),
        volumeSize: str({ pattern: VOLUME_SIZE }),
        volumeType: str({ enum: ["standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"] }),
      }),
    }), 50),
    context: str(),
    detailedMonitoring: bool,
    instanceProfile: str({ minLength: 1 }),
    instanceStorePolicy: str({ enum: ["RAID0"] }),
    ipPrefixCount: int(0),
    kubelet: obj({
      clusterDNS: arr(str()),
      cpuCFSQuota: bool,
      evictionHard: map(str({ pattern: EVICTION_VALUE })),
      evictionMaxPodGracePeriod: int(),
      evictionSoft: map(str({ pattern: EVICTION_VALUE })),
      evictionSoftGracePeriod: map(str()),
      imageGCHighThresholdPercent: int(0, 100),
      imageGCLowThresholdPercent: int(0, 100),
      kubeReserved: map(str({ pattern: QUANTITY })),
      maxPods: int(0),
      podsPerCore: int(0),
      systemReserved: map(str({ pattern: QUANTITY })),
    }),
    metadataOptions: obj({
      httpEndpoint: str({ enum: ["enabled", "disabled"] }),
      httpProtocolIPv6: str({ enum: ["enabled", "disabled"] }),
      httpPutResponseHopLimit: int(1, 64),
      httpTokens: str({ enum: ["required", "optional"] }),
    }),
    role: str({ minLength: 1 }),
    securityGroupSelectorTerms: arr(obj({ id: str({ pattern: /^sg-[0-9a-z]+$/ }), name: str(), tags: selectorTags }), 30, 1),
    subnetSelectorTerms: arr(obj({ id: str({ pattern: /^subnet-[0-9a-z]+$/ }), tags: selectorTags }), 30, 1),
    tags: map(str()),
    userData: str(),
  }, ["amiSelectorTerms", "securityGroupSelectorTerms", "subnetSelectorTerms"]),
}, ["apiVersion", "kind", "metadata", "spec"]);

const requirement = obj({
  key: str({ maxLength: 316, pattern: QUALIFIED }),
  minValues: int(1, 50),
  operator: str({ enum: ["Gte", "Lte", "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] }),
  values: arr(str({ maxLength: 63, pattern: LABEL_VALUE })),
}, ["key", "operator"]);

const NODE_POOL: Schema = obj({
  apiVersion: str({ enum: ["karpenter.sh/v1"] }),
  kind: str({ enum: ["NodePool"] }),
  metadata,
  spec: obj({
    disruption: obj({
      budgets: arr(obj({
        duration: str({ pattern: /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/ }),
        nodes: str({ pattern: /^((100|[0-9]{1,2})%|[0-9]+)$/ }),
        reasons: arr(str({ enum: ["Underutilized", "Empty", "Drifted"] }), 50),
        schedule: str({ pattern: /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))|((.+)\s(.+)\s(.+)\s(.+)\s(.+))$/ }),
      }, ["nodes"]), 50),
      consolidateAfter: str({ pattern: DURATION }),
      consolidationPolicy: str({ enum: ["WhenEmpty", "WhenEmptyOrUnderutilized"] }),
    }, ["consolidateAfter"]),
    limits: map({ type: "int-or-string", pattern: QUANTITY }),
    replicas: int(0),
    template: obj({
      metadata: obj({ annotations: map(str()), labels: map(str({ maxLength: 63, pattern: LABEL_VALUE }), 100) }),
      spec: obj({
        expireAfter: str({ pattern: DURATION }),
        nodeClassRef: obj({ group: str({ minLength: 1, pattern: /^[^/]*$/ }), kind: str({ minLength: 1 }), name: str({ minLength: 1 }) }, ["group", "kind", "name"]),
        requirements: arr(requirement, 100),
        startupTaints: arr(taint),
        taints: arr(taint),
        terminationGracePeriod: str({ pattern: /^([0-9]+(s|m|h))+$/ }),
      }, ["nodeClassRef", "requirements"]),
    }, ["spec"]),
    weight: int(1, 100),
  }, ["template"]),
}, ["apiVersion", "kind", "metadata", "spec"]);

function check(value: unknown, schema: Schema, path: string, out: string[]): void {
  const fail = (message: string): void => {
    out.push(`${path || "<root>"}: ${message}`);
  };
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("must be an object");
      const entries = Object.entries(value as Record<string, unknown>);
      for (const key of schema.required ?? []) if (!(key in (value as object))) fail(`missing required field ${key}`);
      if (schema.maxProps !== undefined && entries.length > schema.maxProps) fail(`has ${entries.length} properties, at most ${schema.maxProps}`);
      for (const [key, v] of entries) {
        const sub = schema.props?.[key] ?? schema.additional;
        if (!sub) fail(`unknown field ${key}`);
        else check(v, sub, `${path}.${key}`, out);
      }
      return;
    }
    case "array":
      if (!Array.isArray(value)) return fail("must be an array");
      if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`has ${value.length} items, at most ${schema.maxItems}`);
      if (schema.minItems !== undefined && value.length < schema.minItems) fail(`has ${value.length} items, at least ${schema.minItems}`);
      value.forEach((v, i) => check(v, schema.items, `${path}[${i}]`, out));
      return;
    case "string":
      if (typeof value !== "string") return fail(`must be a string, is ${JSON.stringify(value)}`);
      if (schema.enum && !schema.enum.includes(value)) fail(`${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
      if (schema.pattern && !schema.pattern.test(value)) fail(`${JSON.stringify(value)} does not match ${schema.pattern}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`is longer than ${schema.maxLength}`);
      if (schema.minLength !== undefined && value.length < schema.minLength) fail(`is shorter than ${schema.minLength}`);
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return fail(`must be an integer, is ${JSON.stringify(value)}`);
      if (schema.min !== undefined && value < schema.min) fail(`is below ${schema.min}`);
      if (schema.max !== undefined && value > schema.max) fail(`is above ${schema.max}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(`must be a boolean, is ${JSON.stringify(value)}`);
      return;
    case "int-or-string":
      if (typeof value === "number") {
        if (!Number.isInteger(value)) fail("must be an integer or a quantity string");
      } else if (typeof value !== "string" || !schema.pattern.test(value)) fail(`${JSON.stringify(value)} is not a quantity`);
  }
}

const KARPENTER_K8S_AWS_LABELS = [
  "instance-tenancy", "capacity-reservation-type", "capacity-reservation-id", "ec2nodeclass", "instance-encryption-in-transit-supported", "instance-category",
  "instance-hypervisor", "instance-family", "instance-generation", "instance-local-nvme", "instance-size", "instance-cpu", "instance-cpu-manufacturer",
  "instance-cpu-sustained-clock-speed-mhz", "instance-memory", "instance-ebs-bandwidth", "instance-network-bandwidth", "instance-gpu-name",
  "instance-gpu-manufacturer", "instance-gpu-count", "instance-gpu-memory", "instance-accelerator-name", "instance-accelerator-manufacturer",
  "instance-accelerator-count", "instance-capability-flex",
].map((l) => `karpenter.k8s.aws/${l}`);

/** The CRDs' rules on label keys (template labels and requirement keys). */
function labelKeyProblems(key: string): string[] {
  const domain = key.includes("/") ? key.split("/")[0] : "";
  const out: string[] = [];
  if (!["karpenter.sh/capacity-type", "karpenter.sh/nodepool"].includes(key) && domain.endsWith("karpenter.sh")) out.push(`label domain "karpenter.sh" is restricted (${key})`);
  if (key === "karpenter.sh/nodepool") out.push(`label "karpenter.sh/nodepool" is restricted`);
  if (key === "kubernetes.io/hostname") out.push(`label "kubernetes.io/hostname" is restricted`);
  if (!KARPENTER_K8S_AWS_LABELS.includes(key) && domain.endsWith("karpenter.k8s.aws")) out.push(`label domain "karpenter.k8s.aws" is restricted (${key})`);
  return out;
}

const ALIAS_FAMILIES: Record<string, string> = { al2: "AL2", al2023: "AL2023", bottlerocket: "Bottlerocket", windows2019: "Windows2019", windows2022: "Windows2022", windows2025: "Windows2025" };

/** The EC2NodeClass CRD's CEL rules. */
function ec2NodeClassRules(m: any): string[] {
  const out: string[] = [];
  const s = m.spec ?? {};
  const terms: any[] = s.amiSelectorTerms ?? [];
  for (const t of terms) {
    if (!(t.tags || t.id || t.name || t.alias || t.ssmParameter)) out.push("amiSelectorTerms: expected at least one of tags, id, name, alias, ssmParameter");
    if (t.alias !== undefined) {
      if (!/^[a-zA-Z0-9]+@.+$/.test(t.alias)) out.push(`alias ${t.alias} must match family@version`);
      const family = String(t.alias).split("@")[0];
      if (!(family in ALIAS_FAMILIES)) out.push(`alias family ${family} is not supported`);
      if (family.startsWith("windows") && String(t.alias).split("@")[1] !== "latest") out.push("windows families may only specify version latest");
      if (t.id || t.tags || t.name || t.owner) out.push("alias is mutually exclusive with other fields of its term");
      if (s.amiFamily !== undefined && s.amiFamily !== "Custom" && s.amiFamily !== ALIAS_FAMILIES[family]) out.push(`amiFamily ${s.amiFamily} does not match alias ${t.alias}`);
    }
  }
  if (terms.some((t) => t.alias !== undefined) && terms.length !== 1) out.push("an alias term must be the only amiSelectorTerm");
  if (!terms.some((t) => t.alias !== undefined) && s.amiFamily === undefined) out.push("amiFamily is required without an alias");
  if ((s.role !== undefined) === (s.instanceProfile !== undefined)) out.push("must specify exactly one of role, instanceProfile");
  for (const field of ["subnetSelectorTerms", "securityGroupSelectorTerms"]) {
    for (const t of s[field] ?? []) {
      if (!(t.tags || t.id || t.name)) out.push(`${field}: expected at least one of tags, id${field === "securityGroupSelectorTerms" ? ", name" : ""}`);
      if (t.id && (t.tags || t.name)) out.push(`${field}: id is mutually exclusive`);
      for (const [k, v] of Object.entries(t.tags ?? {})) if (k === "" || v === "") out.push(`${field}: empty tag keys or values aren't supported`);
    }
  }
  const devices: any[] = s.blockDeviceMappings ?? [];
  if (devices.filter((d) => d.rootVolume === true).length > 1) out.push("must have only one blockDeviceMappings with rootVolume");
  for (const d of devices) if (d.ebs && d.ebs.snapshotID === undefined && d.ebs.volumeSize === undefined) out.push("snapshotID or volumeSize must be defined");
  for (const key of Object.keys(s.kubelet?.evictionHard ?? {})) if (!EVICTION_SIGNALS.includes(key)) out.push(`evictionHard key ${key} is not valid`);
  for (const key of Object.keys(s.tags ?? {})) {
    if (key === "") out.push("empty tag keys aren't supported");
    if (key === "eks:eks-cluster-name" || key.startsWith("kubernetes.io/cluster") || ["karpenter.sh/nodepool", "karpenter.sh/nodeclaim", "karpenter.k8s.aws/ec2nodeclass"].includes(key)) out.push(`tag ${key} is restricted`);
  }
  return out;
}

/** The NodePool CRD's CEL rules. */
function nodePoolRules(m: any): string[] {
  const out: string[] = [];
  const budgets: any[] = m.spec?.disruption?.budgets ?? [];
  if (!budgets.every((b) => (b.schedule !== undefined) === (b.duration !== undefined))) out.push("'schedule' must be set with 'duration'");
  const t = m.spec?.template ?? {};
  for (const key of Object.keys(t.metadata?.labels ?? {})) out.push(...labelKeyProblems(key));
  for (const r of t.spec?.requirements ?? []) {
    out.push(...labelKeyProblems(r.key));
    if (r.operator === "In" && (r.values ?? []).length === 0) out.push(`requirement ${r.key}: operator In must have a value`);
    if (["Gt", "Lt", "Gte", "Lte"].includes(r.operator) && !((r.values ?? []).length === 1 && Number.parseInt(r.values[0], 10) >= 0)) out.push(`requirement ${r.key}: needs a single positive integer`);
    if (r.operator === "In" && r.minValues !== undefined && r.values.length < r.minValues) out.push(`requirement ${r.key}: fewer values than minValues`);
  }
  if (m.spec?.replicas !== undefined && Object.keys(m.spec.limits ?? {}).some((k) => k !== "nodes")) out.push("only limits.nodes is supported on static NodePools");
  return out;
}

/** Every problem the API server would report for one manifest, [] when the CRDs accept it. */
export function karpenterCrdProblems(manifest: any): string[] {
  const out: string[] = [];
  if (manifest?.kind === "EC2NodeClass") {
    check(manifest, EC2_NODE_CLASS, "", out);
    out.push(...ec2NodeClassRules(manifest));
  } else if (manifest?.kind === "NodePool") {
    check(manifest, NODE_POOL, "", out);
    out.push(...nodePoolRules(manifest));
  } else {
    out.push(`not an EC2NodeClass or NodePool: ${JSON.stringify(manifest?.kind)}`);
  }
  return out.map((p) => `${manifest?.kind}/${manifest?.metadata?.name}: ${p}`);
}
