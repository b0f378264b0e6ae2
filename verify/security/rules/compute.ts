/** EKS control-plane hardening and IMDSv2 on every instance. */
import { firstObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, SecurityRule, Violation } from "../context";

const CLUSTER = "aws_eks_cluster";

const eksSecretsEncryption: SecurityRule = {
  id: "EKS_SECRETS_ENCRYPTION",
  rationale: "Envelope-encrypting Kubernetes secrets with a KMS key protects them in etcd and its backups.",
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
  check: (context) => [
    ...resourcesOfType(context.stack, "aws_launch_template").flatMap(imdsViolation),
    ...resourcesOfType(context.stack, "aws_instance").flatMap(imdsViolation),
  ],
};

export const COMPUTE_RULES: readonly SecurityRule[] = [eksSecretsEncryption, eksPrivateEndpoint, eksControlPlaneLogs, imdsV2];
