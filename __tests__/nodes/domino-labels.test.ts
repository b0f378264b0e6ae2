/**
 * The labels and autoscaler tags Domino's reference (dominodatalab/terraform-aws-eks v3.49.0) puts on its node groups:
 * dominodatalab.com/domino-node on every pool (a custom pool may opt out), the Calico control-plane label on the
 * platform pool, and the smarter-devices/fuse node-template resource on every Domino pool's Auto Scaling group.
 */
import { problemsOf } from "../helpers/config";
import { synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json, resources } from "../helpers/json";

const TEMPLATE = "k8s.io/cluster-autoscaler/node-template";
const DOMINO_NODE = "dominodatalab.com/domino-node";
const CALICO = "dominodatalab.com/calico-controlplane";
const FUSE = `${TEMPLATE}/resources/smarter-devices/fuse`;

const groupsOf = (json: Json): Json[] => bodies(json, "aws_eks_node_group");
const poolOf = (g: Json): string => g.labels["dominodatalab.com/node-pool"];

/** ASG tag sets (for_each maps) by node group name. */
function asgTagsByGroup(json: Json): Record<string, Record<string, string>> {
  const idOf = new Map(Object.entries(resources(json, "aws_eks_node_group")).map(([id, g]) => [`\${aws_eks_node_group.${id}.resources[0].autoscaling_groups[0].name}`, (g as Json).node_group_name]));
  return Object.fromEntries(bodies(json, "aws_autoscaling_group_tag").map((t: Json) => [idOf.get(t.autoscaling_group_name), t.for_each]));
}

const CUSTOM = `
nodePools:
  high-mem: {instanceTypes: [r5.4xlarge], maxSize: 4}
  batch: {instanceTypes: [m5.xlarge], maxSize: 4, dominoNode: false, labels: {team: batch}}
`;

describe("Domino's node labels", () => {
  const json = synthNodes(CUSTOM);

  test("every Domino pool's node groups carry dominodatalab.com/domino-node: \"true\"; the platform pool also the Calico control-plane label", () => {
    const groups = groupsOf(json);
    expect(groups).toHaveLength(1 + 3 * 4);
    for (const g of groups) {
      const pool = poolOf(g);
      if (pool === "batch") continue;
      expect(g.labels[DOMINO_NODE]).toBe("true");
      if (pool === "platform") expect(g.labels[CALICO]).toBe("true");
      else expect(g.labels).not.toHaveProperty(CALICO);
    }
    expect(groups.filter((g) => poolOf(g) === "platform")).toHaveLength(1);
  });

  test("a custom pool with dominoNode: false has neither label, but keeps its own", () => {
    const batch = groupsOf(json).filter((g) => poolOf(g) === "batch");
    expect(batch).toHaveLength(3);
    for (const g of batch) expect(g.labels).toEqual({ "dominodatalab.com/node-pool": "batch", team: "batch" });
  });

  test("every Domino pool's Auto Scaling group advertises 20 smarter-devices/fuse, a dominoNode: false pool's none; each group's labels as node-template tags", () => {
    const tagSets = asgTagsByGroup(json);
    const groups = groupsOf(json);
    expect(Object.keys(tagSets).sort()).toEqual(groups.map((g) => g.node_group_name).sort());
    for (const g of groups) {
      const tags = tagSets[g.node_group_name];
      if (poolOf(g) === "batch") expect(tags).not.toHaveProperty(FUSE);
      else expect(tags[FUSE]).toBe("20");
      for (const [key, value] of Object.entries(g.labels as Record<string, string>)) expect(tags[`${TEMPLATE}/label/${key}`]).toBe(value);
    }
    expect(tagSets["domino-platform"][`${TEMPLATE}/label/${CALICO}`]).toBe("true");
    expect(tagSets["domino-high-mem-usw2-az1"][FUSE]).toBe("20");
    expect(tagSets["domino-batch-usw2-az1"]).not.toHaveProperty(`${TEMPLATE}/label/${DOMINO_NODE}`);
    expect(tagSets["domino-batch-usw2-az1"]).not.toHaveProperty(FUSE);
    expect(tagSets["domino-batch-usw2-az1"]["k8s.io/cluster-autoscaler/enabled"]).toBe("true");
  });

  test("with the autoscaler off there are no ASG tags at all, but the labels stay", () => {
    const off = synthNodes("autoscaler: {enabled: false}\n");
    expect(bodies(off, "aws_autoscaling_group_tag")).toEqual([]);
    for (const g of groupsOf(off)) expect(g.labels[DOMINO_NODE]).toBe("true");
  });
});

describe("Domino's node labels: what the config may say", () => {
  test("a pool's own label with the same value is accepted (and set once)", () => {
    expect(problemsOf(`nodePools:\n  platform: {labels: {${CALICO}: 'true', ${DOMINO_NODE}: 'true'}}\n`)).toEqual([]);
    const json = synthNodes(`nodePools:\n  default: {labels: {${DOMINO_NODE}: 'true'}}\n`);
    for (const g of groupsOf(json)) expect(g.labels[DOMINO_NODE]).toBe("true");
  });

  test("a colliding label with another value is refused by field", () => {
    expect(problemsOf(`nodePools:\n  default: {labels: {${DOMINO_NODE}: 'false'}}\n`)).toEqual([
      `nodePools.default.labels["${DOMINO_NODE}"]: is "false", but the project sets ${DOMINO_NODE}: "true" on this pool as Domino's reference does; remove the label`,
    ]);
    expect(problemsOf(`nodePools:\n  platform: {labels: {${CALICO}: 'no'}}\n`)).toEqual([
      `nodePools.platform.labels["${CALICO}"]: is "no", but the project sets ${CALICO}: "true" on this pool as Domino's reference does; remove the label`,
    ]);
    expect(problemsOf(`nodePools:\n  gpu-x: {instanceTypes: [g5.xlarge], maxSize: 2, labels: {${DOMINO_NODE}: 'no'}}\n`)).toEqual([
      `nodePools.gpu-x.labels["${DOMINO_NODE}"]: is "no", but the project sets ${DOMINO_NODE}: "true" on this pool as Domino's reference does; remove the label, or set dominoNode: false to leave Domino's label out`,
    ]);
  });

  test("the platform pool keeps dominodatalab.com/node-pool: platform, which Domino's platform services and the charts select", () => {
    expect(problemsOf("nodePools:\n  platform: {labels: {dominodatalab.com/node-pool: core}}\n")).toEqual([
      `nodePools.platform.labels["dominodatalab.com/node-pool"]: is "core", but the platform pool must keep dominodatalab.com/node-pool: platform: Domino's platform services and the k8s stage's charts (cluster autoscaler, external-dns, AWS Load Balancer Controller) select their nodes by it, and would stay Pending; remove the label`,
    ]);
    expect(problemsOf("nodePools:\n  platform: {labels: {dominodatalab.com/node-pool: platform}}\n")).toEqual([]);
    // Another pool's own value is still the user's choice.
    expect(problemsOf("nodePools:\n  default: {labels: {dominodatalab.com/node-pool: general}}\n")).toEqual([]);
  });

  test("the Calico control-plane label on another pool is the user's own choice", () => {
    expect(problemsOf(`nodePools:\n  default: {labels: {${CALICO}: 'true'}}\n`)).toEqual([]);
  });

  test("the spec's pools cannot opt out; a custom pool cannot opt out and set the label", () => {
    for (const pool of ["platform", "default", "default-gpu"]) {
      expect(problemsOf(`nodePools:\n  ${pool}: {dominoNode: false}\n`)).toEqual([
        `nodePools.${pool}.dominoNode: the ${pool} pool runs Domino's workloads and always carries ${DOMINO_NODE}: "true"; only a custom pool may set dominoNode: false`,
      ]);
    }
    expect(problemsOf(`nodePools:\n  batch: {instanceTypes: [m5.xlarge], maxSize: 2, dominoNode: false, labels: {${DOMINO_NODE}: 'true'}}\n`)).toEqual([
      `nodePools.batch.labels["${DOMINO_NODE}"]: contradicts the pool's dominoNode: false; remove the label, or remove dominoNode: false to keep Domino's label`,
    ]);
    expect(problemsOf("nodePools:\n  batch: {instanceTypes: [m5.xlarge], maxSize: 2, dominoNode: 'no'}\n")).toEqual([
      "nodePools.batch.dominoNode: must be a boolean, not string \"no\"",
    ]);
  });
});
