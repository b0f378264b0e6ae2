/**
 * VPC and security-group hygiene beyond public ingress: subnets hand out no public IPs, the default security group is
 * empty, every group and rule says what it is for, SSH and RDP are never open to the internet, and the EKS cluster
 * security group does not talk to the whole internet. Certificates are DNS-validated.
 */
import { asList, formatPath, isExpression, isObject, literalBool } from "../../json";
import { TerraformBlock } from "../../stacks";
import { coversInternet, isAnywhere } from "../cidr";
import { resourcesOfType, RuleContext, SecurityRule, StackIndex, Violation } from "../context";
import { isRangeAllowed } from "../ports";
import { blocksReferencing, resolveReference } from "../references";
import { GroupRule, groupRules } from "./ingress";

const subnetNoAutoPublicIp: SecurityRule = {
  id: "SUBNET_NO_AUTO_PUBLIC_IP",
  rationale: "No subnet, public ones included, gives instances a public IP on launch: NAT gateways and load balancers get theirs explicitly.",
  checkov: ["CKV_AWS_130"],
  trivy: ["AVD-AWS-0164"],
  check: (context) =>
    resourcesOfType(context.stack, "aws_subnet").flatMap((subnet): Violation[] => {
      const value = subnet.body.map_public_ip_on_launch;
      if (value === undefined || value === null || literalBool(value) === false) return [];
      const detail = isExpression(value) ? `is an expression (${String(value)}) that may be true` : "is true";
      return [{ address: subnet.address, path: "map_public_ip_on_launch", message: `map_public_ip_on_launch ${detail}: every instance launched here gets a public IP` }];
    }),
};

const defaultSecurityGroup: SecurityRule = {
  id: "DEFAULT_SG_RESTRICTED",
  rationale: "Every created VPC's default security group is taken over by aws_default_security_group with no rules, so nothing that lands in it can talk.",
  checkov: ["CKV2_AWS_12"],
  trivy: [],
  check: (context) => {
    const groups = resourcesOfType(context.stack, "aws_default_security_group");
    const withRules = groups.flatMap((group): Violation[] =>
      (["ingress", "egress"] as const)
        .filter((direction) => asList(group.body[direction]).length > 0)
        .map((direction) => ({ address: group.address, path: direction, message: `the default security group has ${direction} rules; it must have none` })),
    );
    const unmanaged = resourcesOfType(context.stack, "aws_vpc").flatMap((vpc): Violation[] => {
      if (blocksReferencing(context.stacks, context.stack, vpc, "aws_default_security_group", "vpc_id").length > 0) return [];
      return [{ address: vpc.address, path: "", message: "no aws_default_security_group for this VPC: its default group keeps AWS's allow-all rules" }];
    });
    return [...withRules, ...unmanaged];
  },
};

/** The description a security group gets when none is given. */
const TERRAFORM_DEFAULT_DESCRIPTION = "Managed by Terraform";

function describedViolation(block: TerraformBlock, value: unknown, path: readonly (string | number)[], what: string): Violation[] {
  if (typeof value === "string" && value.trim() !== "" && value !== TERRAFORM_DEFAULT_DESCRIPTION) return [];
  const found = value === undefined || value === null || value === "" ? "no description" : `description ${JSON.stringify(value)}`;
  return [{ address: block.address, path: formatPath(path), message: `${what} with ${found}; say what it is for` }];
}

const securityGroupDescriptions: SecurityRule = {
  id: "SG_DESCRIPTION",
  rationale: "A description on every security group and rule says why the traffic is allowed, so reviews and audits can tell intended from stray.",
  checkov: ["CKV_AWS_23"],
  trivy: ["AVD-AWS-0099", "AVD-AWS-0124"],
  check: (context) => [
    ...resourcesOfType(context.stack, "aws_security_group").flatMap((group) => describedViolation(group, group.body.description, ["description"], "security group")),
    ...groupRules(context.stack).flatMap((rule) => describedViolation(rule.block, rule.body.description, [...rule.base, "description"], `${rule.direction} rule`)),
  ],
};

const ADMIN_PORTS: ReadonlyArray<readonly [port: number, name: string]> = [
  [22, "SSH"],
  [3389, "RDP"],
];

function adminPortViolations(rule: GroupRule): Violation[] {
  if (rule.direction !== "ingress") return [];
  const opened = rule.opened;
  if (opened.protocol === "udp") return [];
  const exposed = ADMIN_PORTS.filter(([port]) => isRangeAllowed({ from: port, to: port }, [opened.ports]));
  if (exposed.length === 0) return [];
  const names = exposed.map(([port, name]) => `${name} (${port})`).join(" and ");
  const anywhere = rule.cidrs.filter((cidr) => isAnywhere(cidr.value));
  if (anywhere.length > 0) {
    return anywhere.map((cidr) => ({ address: rule.block.address, path: formatPath(cidr.path), message: `${names} open to ${String(cidr.value)}` }));
  }
  if (!coversInternet(rule.cidrs.map((cidr) => cidr.value))) return [];
  const path = formatPath(rule.cidrs[0].path.slice(0, rule.base.length + 1));
  return [{ address: rule.block.address, path, message: `${names} open to CIDRs that together cover the whole internet` }];
}

const noAdminPortsFromInternet: SecurityRule = {
  id: "NO_SSH_RDP_FROM_INTERNET",
  rationale: "SSH and RDP are never open to the whole internet, not even with --allow-public-ingress: use Session Manager or list the admin networks.",
  checkov: ["CKV_AWS_24", "CKV_AWS_25"],
  trivy: ["AVD-AWS-0107"],
  check: (context) => groupRules(context.stack).flatMap(adminPortViolations),
};

/** `stack/address` of every security group attached to an EKS cluster's control plane, in any stack. */
function clusterGroups(stacks: readonly StackIndex[]): Set<string> {
  const keys = new Set<string>();
  for (const stack of stacks) {
    for (const cluster of resourcesOfType(stack, "aws_eks_cluster")) {
      for (const config of asList(cluster.body.vpc_config)) {
        const ids = isObject(config) ? asList(config.security_group_ids) : [];
        for (const id of ids) {
          const target = resolveReference(id, stack, stacks);
          if (target !== undefined) keys.add(`${target.stack.name}/${target.address}`);
        }
      }
    }
  }
  return keys;
}

function groupKey(rule: GroupRule, context: RuleContext): string | undefined {
  if (rule.groupId === undefined) return `${context.stack.name}/${rule.block.address}`;
  const target = resolveReference(rule.groupId, context.stack, context.stacks);
  return target === undefined ? undefined : `${target.stack.name}/${target.address}`;
}

const clusterGroupEgress: SecurityRule = {
  id: "CLUSTER_SG_NO_ALL_EGRESS",
  rationale: "The control plane's security group talks to the nodes only, never to 0.0.0.0/0 on all ports; the node group's egress via NAT is not flagged.",
  checkov: [],
  trivy: [],
  check: (context) => {
    const clusters = clusterGroups(context.stacks);
    if (clusters.size === 0) return [];
    return groupRules(context.stack)
      .filter((rule) => rule.direction === "egress" && rule.opened.ports.from === 0 && rule.opened.ports.to === 65535)
      .filter((rule) => {
        const key = groupKey(rule, context);
        return key !== undefined && clusters.has(key);
      })
      .flatMap((rule) =>
        rule.cidrs
          .filter((cidr) => isAnywhere(cidr.value))
          .map((cidr) => ({
            address: rule.block.address,
            path: formatPath(cidr.path),
            message: `the EKS cluster security group allows egress to ${String(cidr.value)} on ${rule.opened.label}`,
          })),
      );
  },
};

const acmDnsValidation: SecurityRule = {
  id: "ACM_DNS_VALIDATION",
  rationale: "DNS validation renews the certificate automatically and proves control of the zone; e-mail validation depends on whoever reads those mailboxes.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, "aws_acm_certificate").flatMap((certificate): Violation[] => {
      const { body } = certificate;
      if (body.private_key !== undefined || body.certificate_authority_arn !== undefined) return [];
      if (body.validation_method === "DNS") return [];
      const found = body.validation_method === undefined ? "not set" : `is ${JSON.stringify(body.validation_method)}`;
      return [{ address: certificate.address, path: "validation_method", message: `validation_method ${found}; must be "DNS"` }];
    }),
};

export const VPC_RULES: readonly SecurityRule[] = [
  subnetNoAutoPublicIp,
  defaultSecurityGroup,
  securityGroupDescriptions,
  noAdminPortsFromInternet,
  clusterGroupEgress,
  acmDnsValidation,
];
