import { exampleYaml } from "../helpers/config";
import { synthCluster, synthNodes } from "../helpers/fake-upstream";
import { bodies, type Json, openIngress } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";

describe("cluster and nodes examples", () => {
  test.each(["public-api.yaml", "custom-pools.yaml", "no-gpu.yaml", "autoscaler-node-role.yaml"])(
    "%s synthesizes both stages, schema-valid and with no open ingress",
    (name) => {
      for (const json of [synthCluster(exampleYaml(name)), synthNodes(exampleYaml(name))]) {
        expect(schemaProblems(json)).toEqual([]);
        expect(openIngress(json)).toEqual([]);
      }
    },
  );

  test("public-api.yaml: public endpoint for the two listed networks, one admin role", () => {
    const json = synthCluster(exampleYaml("public-api.yaml"));
    const [cluster] = bodies(json, "aws_eks_cluster");
    expect(cluster.vpc_config.public_access_cidrs).toEqual(["203.0.113.0/24", "198.51.100.17/32"]);
    expect(bodies(json, "aws_eks_access_entry").map((e: Json) => e.principal_arn)).toEqual(["arn:aws:iam::111122223333:role/platform-admins"]);
  });

  test("custom-pools.yaml: three groups each for high-mem, spot and tools, the spot ones on several types", () => {
    const groups = bodies(synthNodes(exampleYaml("custom-pools.yaml")), "aws_eks_node_group");
    const of = (pool: string) => groups.filter((g: Json) => g.labels["dominodatalab.com/node-pool"] === pool);
    expect(of("high-mem").map((g: Json) => g.instance_types)).toEqual([["r5.4xlarge"], ["r5.4xlarge"], ["r5.4xlarge"]]);
    expect(of("spot").map((g: Json) => [g.capacity_type, g.instance_types.length])).toEqual([["SPOT", 4], ["SPOT", 4], ["SPOT", 4]]);
    expect(of("tools").map((g: Json) => g.instance_types)).toEqual([["m5.xlarge"], ["m5.xlarge"], ["m5.xlarge"]]);
    expect(groups).toHaveLength(1 + 3 * 5);
  });

  test("no-gpu.yaml: no GPU node group", () => {
    const groups = bodies(synthNodes(exampleYaml("no-gpu.yaml")), "aws_eks_node_group");
    expect(groups.filter((g: Json) => g.ami_type.includes("NVIDIA"))).toEqual([]);
    expect(groups).toHaveLength(4);
  });

  test("autoscaler-node-role.yaml: the autoscaler policy on the node role, no autoscaler IRSA role", () => {
    const json = synthCluster(exampleYaml("autoscaler-node-role.yaml"));
    expect(bodies(json, "aws_iam_role").map((r: Json) => r.name)).not.toContain("domino-asg-cluster-autoscaler");
    expect(bodies(json, "aws_iam_role_policy").map((p: Json) => p.name)).toContain("cluster-autoscaler");
  });
});
