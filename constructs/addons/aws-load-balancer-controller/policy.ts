/**
 * AWS's published IAM policy of the AWS Load Balancer Controller (kubernetes-sigs/aws-load-balancer-controller,
 * docs/install/iam_policy.json at v2.17.1), as typed statements: the same actions and conditions, with ARNs built from
 * the partition. Where the published policy allows a mutating action on `Resource: "*"` without a condition, the
 * resources are narrowed to this account and region (and the cluster's VPC for security groups), which is all the
 * controller of one cluster touches.
 */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { LBC_CLUSTER_TAG } from "./defaults";

export interface LoadBalancerControllerPolicyProps {
  /** The partition name (a token). */
  readonly partition: string;
  readonly region: string;
  /** The account id (a token). */
  readonly accountId: string;
  /** The cluster's VPC: the only VPC whose security groups it may create or change untagged ones in. */
  readonly vpcId: string;
}

/** Read-only actions on every resource (published statement 2). */
export const LBC_DESCRIBE_ACTIONS = [
  "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
  "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
  "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
  "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
  "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
  "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
  "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
  "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores",
  "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeCapacityReservation",
] as const;

/** Read-only lookups of certificates, Cognito, WAF and Shield (published statement 3, read part). */
export const LBC_INTEGRATION_READ_ACTIONS = [
  "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates",
  "iam:GetServerCertificate", "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "wafv2:GetWebACL",
  "wafv2:GetWebACLForResource", "shield:GetSubscriptionState", "shield:DescribeProtection",
] as const;

const tagPresent = (key: "RequestTag" | "ResourceTag", present: boolean) => ({
  test: "Null",
  variable: `aws:${key}/${LBC_CLUSTER_TAG}`,
  values: [present ? "false" : "true"],
});

/** The statements, in the published order. */
export function loadBalancerControllerStatements(p: LoadBalancerControllerPolicyProps): DataAwsIamPolicyDocumentStatement[] {
  const arn = (service: string, resource: string, region = p.region) => `arn:${p.partition}:${service}:${region}:${p.accountId}:${resource}`;
  const elb = (resource: string) => arn("elasticloadbalancing", resource);
  const securityGroups = arn("ec2", "security-group/*");
  const loadBalancers = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
  const listenersAndRules = [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")];
  const vpc = { test: "ArnEquals", variable: "ec2:Vpc", values: [arn("ec2", `vpc/${p.vpcId}`)] };
  return [
    {
      sid: "ServiceLinkedRole",
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "iam:AWSServiceName", values: ["elasticloadbalancing.amazonaws.com"] }],
    },
    { sid: "Describe", effect: "Allow", actions: [...LBC_DESCRIBE_ACTIONS], resources: ["*"] },
    { sid: "IntegrationsRead", effect: "Allow", actions: [...LBC_INTEGRATION_READ_ACTIONS], resources: ["*"] },
    {
      sid: "WebAclAndShield",
      effect: "Allow",
      actions: ["waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "shield:CreateProtection", "shield:DeleteProtection"],
      resources: [elb("loadbalancer/app/*/*"), arn("waf-regional", "webacl/*"), arn("wafv2", "regional/webacl/*/*"), arn("shield", "protection/*", "")],
    },
    {
      sid: "NodeSecurityGroupRules",
      effect: "Allow",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      resources: [securityGroups],
      condition: [vpc],
    },
    { sid: "CreateSecurityGroup", effect: "Allow", actions: ["ec2:CreateSecurityGroup"], resources: [securityGroups, arn("ec2", `vpc/${p.vpcId}`)] },
    {
      sid: "TagNewSecurityGroup",
      effect: "Allow",
      actions: ["ec2:CreateTags"],
      resources: [securityGroups],
      condition: [{ test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, tagPresent("RequestTag", true)],
    },
    {
      sid: "TagOwnSecurityGroups",
      effect: "Allow",
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: [securityGroups],
      condition: [tagPresent("RequestTag", false), tagPresent("ResourceTag", true)],
    },
    {
      sid: "OwnSecurityGroups",
      effect: "Allow",
      actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      resources: ["*"],
      condition: [tagPresent("ResourceTag", true)],
    },
    {
      sid: "CreateTaggedLoadBalancers",
      effect: "Allow",
      actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      resources: ["*"],
      condition: [tagPresent("RequestTag", true)],
    },
    {
      sid: "ListenersAndRules",
      effect: "Allow",
      actions: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
      resources: [elb("loadbalancer/*"), elb("listener/*"), elb("listener-rule/*")],
    },
    {
      sid: "TagOwnLoadBalancers",
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      resources: loadBalancers,
      condition: [tagPresent("RequestTag", false), tagPresent("ResourceTag", true)],
    },
    { sid: "TagListenersAndRules", effect: "Allow", actions: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], resources: listenersAndRules },
    {
      sid: "ModifyOwnLoadBalancers",
      effect: "Allow",
      actions: [
        "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
      ],
      resources: ["*"],
      condition: [tagPresent("ResourceTag", true)],
    },
    {
      sid: "TagOnCreate",
      effect: "Allow",
      actions: ["elasticloadbalancing:AddTags"],
      resources: loadBalancers,
      condition: [{ test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] }, tagPresent("RequestTag", true)],
    },
    { sid: "Targets", effect: "Allow", actions: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], resources: [elb("targetgroup/*/*")] },
    {
      sid: "ListenerSettings",
      effect: "Allow",
      actions: [
        "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
      ],
      resources: [elb("loadbalancer/*"), elb("listener/*"), elb("listener-rule/*")],
    },
  ];
}

/** The controller's policy document; `json` is what the IRSA role gets inline. */
export class LoadBalancerControllerPolicy extends Construct {
  readonly json: string;

  constructor(scope: Construct, id: string, props: LoadBalancerControllerPolicyProps) {
    super(scope, id);
    this.json = new DataAwsIamPolicyDocument(this, "document", { statement: loadBalancerControllerStatements(props) }).json;
  }
}
