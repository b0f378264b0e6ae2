import { LBC_DESCRIBE_ACTIONS } from "../../constructs/addons/aws-load-balancer-controller/policy";
import { problemsOf } from "../helpers/config";
import { synthCluster } from "../helpers/fake-upstream";
import { bodies, type Json, policyDocument } from "../helpers/json";

const role = (json: Json, name: string) => bodies(json, "aws_iam_role").find((r: Json) => r.name === name);
const subjects = (json: Json, name: string) =>
  policyDocument(json, role(json, name).assume_role_policy).statement[0].condition.find((c: Json) => c.variable.endsWith(":sub")).values;
const lbcPolicy = (json: Json) => policyDocument(json, bodies(json, "aws_iam_role_policy").find((p: Json) => p.name === "load-balancer-controller").policy);

describe("aws-load-balancer-controller add-on", () => {
  const json = synthCluster();

  test("Domino's role name, trusted by <deployId>-load-balancer-controller in domino-platform only", () => {
    expect(subjects(json, "domino-load-balancer-controller")).toEqual(["system:serviceaccount:domino-platform:domino-load-balancer-controller"]);
    expect(json.output.irsa_role_arns.value["load-balancer-controller"]).toMatch(/^\$\{aws_iam_role\..*\.arn\}$/);
  });

  test("AWS's published actions, partition-aware ARNs, mutations scoped by tag, account/region or VPC", () => {
    const statements: Json[] = lbcPolicy(json).statement;
    const actions = statements.flatMap((s) => s.actions);
    for (const a of [...LBC_DESCRIBE_ACTIONS, "elasticloadbalancing:CreateLoadBalancer", "ec2:AuthorizeSecurityGroupIngress", "elasticloadbalancing:SetRulePriorities", "shield:CreateProtection"]) {
      expect(actions).toContain(a);
    }
    expect(JSON.stringify(statements)).not.toMatch(/arn:aws[:-]/);
    const sg = statements.find((s) => s.sid === "NodeSecurityGroupRules");
    expect(sg.condition).toEqual([{ test: "ArnEquals", variable: "ec2:Vpc", values: ["arn:${data.aws_partition.partition_current_E0F94D77.partition}:ec2:us-west-2:${data.aws_caller_identity.account.account_id}:vpc/vpc-0123"] }]);
    const create = statements.find((s) => s.sid === "CreateTaggedLoadBalancers");
    expect(create.condition).toEqual([{ test: "Null", variable: "aws:RequestTag/elbv2.k8s.aws/cluster", values: ["false"] }]);
    // No mutating action is left on "*" without a condition.
    for (const s of statements.filter((s) => s.resources.includes("*") && !s.condition)) {
      expect(s.actions.every((a: string) => /:(Describe|Get|List)/.test(a))).toBe(true);
    }
  });

  test("namespace, service account and role name are configurable; enabled: false leaves the role out", () => {
    const custom = synthCluster("loadBalancerController:\n  namespace: kube-system\n  serviceAccount: aws-load-balancer-controller\n  roleName: acme-lbc\n");
    expect(subjects(custom, "acme-lbc")).toEqual(["system:serviceaccount:kube-system:aws-load-balancer-controller"]);
    const off = synthCluster("loadBalancerController:\n  enabled: false\n");
    expect(role(off, "domino-load-balancer-controller")).toBeUndefined();
    expect(off.output.irsa_role_arns.value).not.toHaveProperty("load-balancer-controller");
  });

  test("bad names are refused by field", () => {
    expect(problemsOf("loadBalancerController:\n  namespace: Domino_Platform\n")).toEqual([
      "loadBalancerController.namespace: must be a Kubernetes namespace name: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    ]);
    expect(problemsOf(`loadBalancerController:\n  roleName: ${"r".repeat(65)}\n`)[0]).toMatch(/^loadBalancerController\.roleName: must be an IAM role name/);
  });
});
