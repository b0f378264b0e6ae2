/** The infra stage's ECR pull-through cache: rules, creation templates, their role, the node policy and the output. */
import { synthInfra } from "../infra/helpers";
import { bodies, type Json } from "../helpers/json";

const policyOf = (json: Json, document: string): Json => {
  const data = json.data.aws_iam_policy_document;
  const key = Object.keys(data).find((k) => k.includes(document));
  if (!key) throw new Error(`no policy document ${document}`);
  return data[key];
};

const byPrefix = (a: Json, b: Json) => a.ecr_repository_prefix.localeCompare(b.ecr_repository_prefix);

describe("pull-through cache off (the default)", () => {
  const { json, stack } = synthInfra();

  test("no rule, template, role or node policy; nothing handed on", () => {
    expect(bodies(json, "aws_ecr_pull_through_cache_rule")).toEqual([]);
    expect(bodies(json, "aws_ecr_repository_creation_template")).toEqual([]);
    expect(bodies(json, "aws_iam_policy").map((p: Json) => p.name)).not.toContain("domino-ecr-pull-through-nodes");
    expect(stack.outputs.pullThroughCacheRegistry).toBeUndefined();
    expect(json.output.pull_through_cache_registry).toBeUndefined();
  });
});

describe("pull-through cache on", () => {
  const SECRET = "arn:aws:secretsmanager:us-west-2:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
  const { json, stack } = synthInfra(`
registries:
  pullThroughCache:
    enabled: true
    rules:
      - upstream: quay.io
      - {upstream: registry.k8s.io, prefix: k8s}
      - upstream: public.ecr.aws
      - {upstream: docker.io, credentialArn: "${SECRET}"}
`);

  test("one rule per upstream, Docker Hub with its Secrets Manager credential", () => {
    expect(Object.keys(json.resource.aws_ecr_pull_through_cache_rule).map((k) => k.replace(/_[A-Z0-9]{8}$/, "")).sort()).toEqual([
      "pull-through-cache_rule-docker-hub", "pull-through-cache_rule-ecr-public", "pull-through-cache_rule-k8s", "pull-through-cache_rule-quay",
    ]);
    expect(bodies(json, "aws_ecr_pull_through_cache_rule").sort(byPrefix)).toEqual([
      { ecr_repository_prefix: "docker-hub", upstream_registry_url: "registry-1.docker.io", credential_arn: SECRET },
      { ecr_repository_prefix: "ecr-public", upstream_registry_url: "public.ecr.aws" },
      { ecr_repository_prefix: "k8s", upstream_registry_url: "registry.k8s.io" },
      { ecr_repository_prefix: "quay", upstream_registry_url: "quay.io" },
    ]);
  });

  test("cached repositories are created encrypted with the deployment's key, through a role only ECR of this account assumes", () => {
    const templates = bodies(json, "aws_ecr_repository_creation_template");
    expect(templates.map((t: Json) => t.prefix).sort()).toEqual(["docker-hub", "ecr-public", "k8s", "quay"]);
    for (const t of templates) {
      expect(t).toMatchObject({
        applied_for: ["PULL_THROUGH_CACHE"],
        image_tag_mutability: "MUTABLE",
      });
      expect(t.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: expect.stringMatching(/^\$\{aws_kms_key\.kms_key_[A-Z0-9]+\.arn\}$/) }]);
      expect(t.custom_role_arn).toMatch(/^\$\{aws_iam_role\.pull-through-cache_template-role_[A-Z0-9]+\.arn\}$/);
    }
    const [role] = bodies(json, "aws_iam_role").filter((r: Json) => r.name === "domino-ecr-pull-through");
    expect(role).toBeDefined();
    const trust = policyOf(json, "template-trust").statement[0];
    expect(trust.principals).toEqual([{ type: "Service", identifiers: [expect.stringMatching(/^ecr\.\$\{data\.aws_partition\.[^}]+\.dns_suffix\}$/)] }]);
    expect(trust.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.[^}]+\.account_id\}$/)] },
    ]);
    const statements = policyOf(json, "template-policy").statement;
    expect(statements.map((s: Json) => [s.sid, s.actions])).toEqual([
      ["CreateCachedRepositories", ["ecr:CreateRepository"]],
      ["EncryptWithDeploymentKey", ["kms:DescribeKey"]],
      ["GrantToEcr", ["kms:CreateGrant", "kms:RetireGrant"]],
    ]);
    expect(statements[0].resources).toHaveLength(4);
    expect(statements[2].condition).toEqual([{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }]);
  });

  test("nodes may import upstream images and create repositories only under the rules' prefixes", () => {
    const [statement] = policyOf(json, "node-policy-document").statement;
    expect(statement.actions).toEqual(["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]);
    expect(statement.resources.map((r: string) => r.replace(/\$\{[^}]+\}/g, "X"))).toEqual([
      "arn:X:ecr:us-west-2:X:repository/quay/*",
      "arn:X:ecr:us-west-2:X:repository/k8s/*",
      "arn:X:ecr:us-west-2:X:repository/ecr-public/*",
      "arn:X:ecr:us-west-2:X:repository/docker-hub/*",
    ]);
    expect(policyOf(json, "template-policy").statement[0].resources).toEqual(statement.resources);
    expect(bodies(json, "aws_iam_policy").map((p: Json) => p.name)).toContain("domino-ecr-pull-through-nodes");
    expect(stack.outputs.nodePolicyArns).toHaveLength(3);
    expect(json.output.node_policy_arns.value[2]).toMatch(/^\$\{aws_iam_policy\.pull-through-cache_node-policy_[A-Z0-9]+\.arn\}$/);
  });

  test("the registry host is partition-aware and handed on to the k8s stage", () => {
    expect(stack.outputs.pullThroughCacheRegistry).toBeDefined();
    expect(json.output.pull_through_cache_registry.value).toMatch(/^\$\{data\.aws_caller_identity\.[^}]+\.account_id\}\.dkr\.ecr\.us-west-2\.\$\{data\.aws_partition\.[^}]+\.dns_suffix\}$/);
  });
});
