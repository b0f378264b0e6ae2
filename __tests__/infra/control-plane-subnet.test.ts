import { checkSecurity } from "../../verify/security/check";
import { bodies, type Json, resources } from "../helpers/json";
import { schemaProblems } from "../helpers/schema";
import { refName, synthInfra } from "./helpers";

const ONE_ZONE = "availabilityZones: [usw2-az1]\n";

const subnetsNamed = (json: Json, prefix: string): [string, Json][] =>
  (Object.entries(resources(json, "aws_subnet")) as [string, Json][]).filter(([, s]) => s.tags.Name.startsWith(prefix));

describe("control-plane subnet of a one-zone deployment", () => {
  const { stack, json } = synthInfra(ONE_ZONE);
  const [[name, subnet]] = subnetsNamed(json, "domino-control-plane-");

  test("a private /27 in the derived second zone, after the public subnet, tagged for the cluster but not for load balancers", () => {
    expect(subnetsNamed(json, "domino-control-plane-")).toHaveLength(1);
    expect(name).toMatch(/^network_control-plane-subnet_/);
    expect(subnet).toMatchObject({ cidr_block: "10.0.32.32/27", availability_zone_id: "usw2-az2", map_public_ip_on_launch: false });
    expect(subnet.tags).toEqual({ Name: "domino-control-plane-usw2-az2", "kubernetes.io/cluster/domino": "shared" });
    expect(subnetsNamed(json, "domino-public-")[0][1].cidr_block).toBe("10.0.32.0/27");
    expect(subnetsNamed(json, "domino-private-")[0][1].cidr_block).toBe("10.0.0.0/19");
  });

  test("its own route table holds only the VPC's local routes: no internet, no NAT, no S3 endpoint", () => {
    const associations = bodies(json, "aws_route_table_association").filter((a) => refName(a.subnet_id) === name);
    expect(associations).toHaveLength(1);
    const tableName = refName(associations[0].route_table_id);
    const table = resources(json, "aws_route_table")[tableName];
    expect(table.tags).toEqual({ Name: "domino-control-plane" });
    expect(table.route).toBeUndefined();
    const routes = bodies(json, "aws_route").filter((r) => refName(r.route_table_id) === tableName);
    expect(routes).toEqual([]);
    const endpoints = bodies(json, "aws_vpc_endpoint");
    expect(JSON.stringify(endpoints)).not.toContain(tableName);
  });

  test("handed to the cluster stage as controlPlaneSubnetIds, never as a node or EFS subnet", () => {
    expect(stack.outputs.controlPlaneSubnetIds).toHaveLength(1);
    expect(json.output.control_plane_subnet_ids.value).toEqual([`\${aws_subnet.${name}.id}`]);
    expect(json.output.private_subnet_ids.value).toHaveLength(1);
    expect(JSON.stringify(json.output.private_subnet_ids.value)).not.toContain(name);
    expect(bodies(json, "aws_efs_mount_target").map((t) => refName(t.subnet_id))).not.toContain(name);
  });

  test("passes the provider schema and the security rules", () => {
    expect(schemaProblems(json)).toEqual([]);
    expect(checkSecurity([{ name: stack.plan.stacks.infra, json }], { waivers: [] }).problems).toEqual([]);
  });

  test("network.controlPlaneZoneId picks the zone", () => {
    const { json: chosen } = synthInfra(`${ONE_ZONE}network: {controlPlaneZoneId: usw2-az4}\n`);
    expect(subnetsNamed(chosen, "domino-control-plane-").map(([, s]) => [s.availability_zone_id, s.cidr_block])).toEqual([["usw2-az4", "10.0.32.32/27"]]);
  });
});

test("three zones: no control-plane subnet or route table, an empty output", () => {
  const { stack, json } = synthInfra();
  expect(subnetsNamed(json, "domino-control-plane-")).toEqual([]);
  expect(bodies(json, "aws_route_table").map((t) => t.tags.Name)).not.toContain("domino-control-plane");
  expect(stack.outputs.controlPlaneSubnetIds).toEqual([]);
  expect(json.output.control_plane_subnet_ids.value).toEqual([]);
});

test("a brought one-zone VPC passes existingVpc.controlPlaneSubnetIds through and creates no subnet", () => {
  const { stack, json } = synthInfra(
    `${ONE_ZONE}network:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-0000000000000000a]\n` +
      "    controlPlaneSubnetIds: [subnet-0000000000000000b]\n",
  );
  expect(resources(json, "aws_subnet")).toEqual({});
  expect(resources(json, "aws_route_table")).toEqual({});
  expect(stack.outputs.privateSubnetIds).toEqual(["subnet-0000000000000000a"]);
  expect(stack.outputs.controlPlaneSubnetIds).toEqual(["subnet-0000000000000000b"]);
  expect(json.output.control_plane_subnet_ids.value).toEqual(["subnet-0000000000000000b"]);
  expect(bodies(json, "aws_efs_mount_target").map((t) => t.subnet_id)).toEqual(["subnet-0000000000000000a"]);
});
