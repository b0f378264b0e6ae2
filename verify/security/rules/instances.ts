/** EC2 instances and launch templates: metadata hop limit, no public addresses, no secrets in user data. */
import * as zlib from "zlib";
import { asList, firstObject, formatPath, isExpression, isObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { resourcesOfType, RuleContext, SecurityRule, Violation } from "../context";

const INSTANCE_TYPES = ["aws_launch_template", "aws_instance"];

const hopLimit: SecurityRule = {
  id: "IMDS_HOP_LIMIT",
  rationale: "A metadata hop limit above 2 lets containers behind extra network hops reach the instance credentials; 2 serves pods, 1 plain instances.",
  checkov: [],
  trivy: [],
  check: (context) =>
    INSTANCE_TYPES.flatMap((type) => resourcesOfType(context.stack, type)).flatMap((block): Violation[] => {
      const limit = firstObject(block.body.metadata_options)?.http_put_response_hop_limit;
      if (limit === undefined || limit === null || isExpression(limit)) return [];
      const max = context.parameters.maxMetadataHopLimit;
      if (Number(limit) <= max) return [];
      return [{ address: block.address, path: "metadata_options.http_put_response_hop_limit", message: `metadata hop limit ${JSON.stringify(limit)}; must be at most ${max}` }];
    }),
};

function publicIpViolation(block: TerraformBlock, value: unknown, path: readonly (string | number)[]): Violation[] {
  if (value === undefined || value === null || literalBool(value) === false) return [];
  const detail = isExpression(value) ? `is an expression (${String(value)}) that may be true` : "is true";
  return [{ address: block.address, path: formatPath(path), message: `associate_public_ip_address ${detail}: the instance gets an internet-routable address` }];
}

const noPublicIp: SecurityRule = {
  id: "NO_PUBLIC_IP",
  rationale: "Nodes and the bastion sit in private subnets and leave through NAT; a public IP would make them reachable from the internet.",
  checkov: ["CKV_AWS_88"],
  trivy: ["AVD-AWS-0009"],
  check: (context) => [
    ...resourcesOfType(context.stack, "aws_instance").flatMap((instance) =>
      publicIpViolation(instance, instance.body.associate_public_ip_address, ["associate_public_ip_address"]),
    ),
    ...resourcesOfType(context.stack, "aws_launch_configuration").flatMap((configuration) =>
      publicIpViolation(configuration, configuration.body.associate_public_ip_address, ["associate_public_ip_address"]),
    ),
    ...resourcesOfType(context.stack, "aws_launch_template").flatMap((template) => {
      const interfaces = template.body.network_interfaces;
      return asList(interfaces).flatMap((item, index) =>
        isObject(item)
          ? publicIpViolation(template, item.associate_public_ip_address, [
              ...(Array.isArray(interfaces) ? ["network_interfaces", index] : ["network_interfaces"]),
              "associate_public_ip_address",
            ])
          : [],
      );
    }),
  ],
};

/** What a secret in user data looks like; the match itself is never printed. */
const SECRET_PATTERNS: ReadonlyArray<readonly [label: string, pattern: RegExp]> = [
  ["an AWS access key id", /\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b/],
  ["an AWS secret access key", /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}/i],
  ["a private key", /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/],
  ["a password", /(?<![a-z])(?:password|passwd|pwd)["']?\s*[:=]\s*["']?(?![$%{(<])[^\s"']{4,}/i],
  ["a secret or token", /(?<![a-z])(?:secret|api_?key|auth_?token|access_?token)["']?\s*[:=]\s*["']?(?![$%{(<])[^\s"']{8,}/i],
];

/** The texts to scan: the value as written and, for a literal, its base64 decoding (gunzipped if gzip). */
export function userDataTexts(value: string, base64: boolean): string[] {
  const texts = [value];
  const compact = value.replace(/\s+/g, "");
  if (!isExpression(value) && (base64 || /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) && compact.length >= 8 && compact.length % 4 === 0) {
    const bytes = Buffer.from(compact, "base64");
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        texts.push(zlib.gunzipSync(bytes).toString("utf8"));
      } catch {
        // not gzip after all
      }
    } else {
      texts.push(bytes.toString("utf8"));
    }
  }
  return texts;
}

/** The kinds of secrets found in a user-data value. */
export function secretsIn(value: string, base64: boolean): string[] {
  const texts = userDataTexts(value, base64);
  return SECRET_PATTERNS.filter(([, pattern]) => texts.some((text) => pattern.test(text))).map(([label]) => label);
}

const USER_DATA: ReadonlyArray<readonly [type: string, attribute: string, base64: boolean]> = [
  ["aws_launch_template", "user_data", true],
  ["aws_instance", "user_data", false],
  ["aws_instance", "user_data_base64", true],
  ["aws_launch_configuration", "user_data", false],
  ["aws_launch_configuration", "user_data_base64", true],
];

const noSecretsInUserData: SecurityRule = {
  id: "NO_SECRETS_IN_USER_DATA",
  rationale: "User data is readable by anyone who can describe the instance and lands in Terraform state: no keys, passwords or private keys in it.",
  checkov: ["CKV_AWS_46"],
  trivy: ["AVD-AWS-0029", "AVD-AWS-0129"],
  check: (context: RuleContext) =>
    USER_DATA.flatMap(([type, attribute, base64]) =>
      resourcesOfType(context.stack, type).flatMap((block): Violation[] => {
        const value = block.body[attribute];
        if (typeof value !== "string") return [];
        const found = secretsIn(value, base64);
        if (found.length === 0) return [];
        return [{ address: block.address, path: attribute, message: `user data contains what looks like ${found.join(", ")}; use Secrets Manager or SSM parameters` }];
      }),
    ),
};

export const INSTANCE_RULES: readonly SecurityRule[] = [hopLimit, noPublicIp, noSecretsInUserData];
