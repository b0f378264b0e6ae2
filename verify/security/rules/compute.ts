/** EKS control-plane and node-group hardening, and IMDSv2 on every instance. */
import { asList, firstObject, formatPath, isExpression, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { internetCoverage, isAnywhere } from "../cidr";
import { resourcesOfType, SecurityRule, Violation } from "../context";

const CLUSTER = "aws_eks_cluster";

const eksSecretsEncryption: SecurityRule = {
  id: "EKS_SECRETS_ENCRYPTION",
  rationale: "Envelope-encrypting Kubernetes secrets with a KMS key protects them in etcd and its backups.",
  checkov: ["CKV_AWS_58"],
  trivy: ["AVD-AWS-0039"],
  check: (context) =>
    resourcesOfType(context.stack, CLUSTER).flatMap((cluster): Violation[] => {
      const config = firstObject(cluster.body.encryption_config);
      const resources = config?.resources;
      const coversSecrets = Array.isArray(resources) && resources.includes("secrets");
      const hasKey = config !== undefined && firstObject(config.provider)?.key_arn !== undefined;
      if (coversSecrets && hasKey) return [];
      const message =
        config === undefined ? "no encryption_config; secrets must be encrypted with a KMS key" : 'encryption_config must cover resources ["secrets"] with provider.key_arn';
      return [{ address: cluster.address, path: "encryption_config", message }];
    }),
};

const eksPrivateEndpoint: SecurityRule = {
  id: "EKS_PRIVATE_ENDPOINT",
  rationale: "Nodes and in-VPC tooling reach the API server privately instead of over the internet.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, CLUSTER).flatMap((cluster): Violation[] => {
      const value = firstObject(cluster.body.vpc_config)?.endpoint_private_access;
      if (literalBool(value) === true) return [];
      const found = value === undefined ? "not set" : `is ${JSON.stringify(value)}`;
      return [{ address: cluster.address, path: "vpc_config.endpoint_private_access", message: `private endpoint access ${found}; must be true` }];
    }),
};

const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const eksControlPlaneLogs: SecurityRule = {
  id: "EKS_CONTROL_PLANE_LOGS",
  rationale: "Control-plane logs (audit above all) are the record of who did what to the cluster.",
  checkov: ["CKV_AWS_37"],
  trivy: ["AVD-AWS-0038"],
  check: (context) =>
    resourcesOfType(context.stack, CLUSTER).flatMap((cluster): Violation[] => {
      const enabled = cluster.body.enabled_cluster_log_types;
      const list = Array.isArray(enabled) ? enabled : [];
      const missing = CONTROL_PLANE_LOG_TYPES.filter((type) => !list.includes(type));
      if (missing.length === 0) return [];
      return [{ address: cluster.address, path: "enabled_cluster_log_types", message: `control-plane log types not enabled: ${missing.join(", ")}` }];
    }),
};

/** IMDSv2 (session tokens) stops SSRF-style credential theft; disabling the endpoint altogether is fine too. */
function imdsViolation(block: TerraformBlock): Violation[] {
  const options = firstObject(block.body.metadata_options);
  if (options?.http_tokens === "required" || options?.http_endpoint === "disabled") return [];
  const found = options?.http_tokens === undefined ? 'not set (defaults to "optional")' : `is ${JSON.stringify(options.http_tokens)}`;
  return [{ address: block.address, path: "metadata_options.http_tokens", message: `IMDSv2 not enforced: http_tokens ${found}; must be "required"` }];
}

const imdsV2: SecurityRule = {
  id: "IMDSV2_REQUIRED",
  rationale: "Requiring IMDSv2 tokens stops pods and SSRF bugs from stealing the node's instance-profile credentials.",
  checkov: ["CKV_AWS_79"],
  trivy: ["AVD-AWS-0028", "AVD-AWS-0130"],
  check: (context) => [
    ...resourcesOfType(context.stack, "aws_launch_template").flatMap(imdsViolation),
    ...resourcesOfType(context.stack, "aws_instance").flatMap(imdsViolation),
  ],
};

/** Public endpoint off, or on for an explicit list of networks that together are not the whole internet. */
function publicEndpointViolations(cluster: TerraformBlock): Violation[] {
  const config = firstObject(cluster.body.vpc_config);
  const enabled = config?.endpoint_public_access;
  if (literalBool(enabled) === false) return [];
  const state = enabled === undefined ? "public endpoint on (endpoint_public_access defaults to true)" : "public endpoint on";
  const cidrs = config?.public_access_cidrs;
  const at = (path: string, message: string): Violation[] => [{ address: cluster.address, path, message }];
  if (cidrs === undefined || cidrs === null || (Array.isArray(cidrs) && cidrs.length === 0)) {
    return at("vpc_config.public_access_cidrs", `${state} with no public_access_cidrs, which defaults to 0.0.0.0/0`);
  }
  if (!Array.isArray(cidrs)) return at("vpc_config.public_access_cidrs", `${state} with public_access_cidrs that cannot be verified offline`);
  const anywhere = cidrs.findIndex(isAnywhere);
  if (anywhere >= 0) return at(formatPath(["vpc_config", "public_access_cidrs", anywhere]), `${state} to ${String(cidrs[anywhere])}, the whole internet`);
  const unverifiable = cidrs.findIndex((cidr) => typeof cidr !== "string" || isExpression(cidr));
  if (unverifiable >= 0) return at(formatPath(["vpc_config", "public_access_cidrs", unverifiable]), `${state} to a network that cannot be verified offline`);
  const coverage = internetCoverage(cidrs);
  if (coverage.ipv4 || coverage.ipv6) {
    return at("vpc_config.public_access_cidrs", `${state} to CIDRs that together cover the whole ${coverage.ipv4 ? "IPv4" : "IPv6"} internet`);
  }
  return [];
}

const eksPublicEndpoint: SecurityRule = {
  id: "EKS_PUBLIC_ENDPOINT_RESTRICTED",
  rationale: "The public API endpoint is off, or open only to listed networks: never 0.0.0.0/0, ::/0 or CIDRs that together cover the internet.",
  checkov: ["CKV_AWS_38"],
  trivy: ["AVD-AWS-0041"],
  check: (context) => resourcesOfType(context.stack, CLUSTER).flatMap(publicEndpointViolations),
};

const NODE_GROUP = "aws_eks_node_group";

const nodeGroupLaunchTemplate: SecurityRule = {
  id: "EKS_NODE_GROUP_LAUNCH_TEMPLATE",
  rationale: "Node groups launch from a launch template, where IMDSv2, the hop limit and the encrypted root volume are set; EKS defaults guarantee none of them.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, NODE_GROUP).flatMap((group): Violation[] => {
      const template = firstObject(group.body.launch_template);
      if (template !== undefined && (template.id !== undefined || template.name !== undefined)) return [];
      return [{ address: group.address, path: "launch_template", message: "node group without a launch template (id or name); IMDSv2 and volume encryption are left to EKS defaults" }];
    }),
};

const nodeGroupRemoteAccess: SecurityRule = {
  id: "EKS_NODE_GROUP_NO_REMOTE_ACCESS",
  rationale: "remote_access without source_security_group_ids opens SSH on every node to 0.0.0.0/0; use Session Manager, or name the source groups.",
  checkov: ["CKV_AWS_100"],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, NODE_GROUP).flatMap((group): Violation[] => {
      const remote = firstObject(group.body.remote_access);
      if (remote === undefined || asList(remote.source_security_group_ids).length > 0) return [];
      return [{ address: group.address, path: "remote_access", message: "remote_access without source_security_group_ids: SSH to the nodes is open to 0.0.0.0/0" }];
    }),
};

export const COMPUTE_RULES: readonly SecurityRule[] = [
  eksSecretsEncryption,
  eksPrivateEndpoint,
  eksControlPlaneLogs,
  eksPublicEndpoint,
  nodeGroupLaunchTemplate,
  nodeGroupRemoteAccess,
  imdsV2,
];
