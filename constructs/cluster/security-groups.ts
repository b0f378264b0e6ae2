import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { builtInNodePorts, type NodePortRule } from "../config/node-ports";

export interface ClusterSecurityGroupsProps {
  readonly vpcId: string;
  readonly clusterName: string;
  readonly clusterGroupName: string;
  readonly nodeGroupName: string;
  /** @default `EKS control plane of <clusterName>` */
  readonly clusterGroupDescription?: string;
  /** @default `EKS nodes of <clusterName>` */
  readonly nodeGroupDescription?: string;
  /** The datasets file system's group: NFS is opened on it to the nodes. */
  readonly efsSecurityGroupId: string;
  /** Set when the bastion is on: it may reach the API endpoint. */
  readonly bastionSecurityGroupId?: string;
  /** Networks outside the VPC (VPN, peering) that may reach the private API endpoint. */
  readonly apiPrivateAccessCidrs: readonly string[];
  /** Ports the control plane may reach on the nodes beside the built-in ones (see extraNodePorts); default none. */
  readonly extraNodePorts?: readonly NodePortRule[];
  /** More tags on the node security group (Karpenter's discovery tag); default none. */
  readonly nodeSecurityGroupTags?: Readonly<Record<string, string>>;
}

const NFS_PORT = 2049;
const HTTPS_PORT = 443;

/**
 * The control plane's and the nodes' security groups, with only the ports EKS and Domino need. Every ingress rule
 * names a source security group, except the API port for the networks the config lists in apiPrivateAccessCidrs.
 * Nodes egress anywhere (through NAT).
 */
export class ClusterSecurityGroups extends Construct {
  readonly clusterSecurityGroupId: string;
  readonly nodeSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    const ownedTag = { [`kubernetes.io/cluster/${props.clusterName}`]: "owned" };
    const cluster = new SecurityGroup(this, "cluster", {
      name: props.clusterGroupName,
      description: props.clusterGroupDescription ?? `EKS control plane of ${props.clusterName}`,
      vpcId: props.vpcId,
      tags: { Name: props.clusterGroupName, ...ownedTag },
    });
    const nodes = new SecurityGroup(this, "nodes", {
      name: props.nodeGroupName,
      description: props.nodeGroupDescription ?? `EKS nodes of ${props.clusterName}`,
      vpcId: props.vpcId,
      tags: { Name: props.nodeGroupName, ...ownedTag, ...props.nodeSecurityGroupTags },
    });
    this.clusterSecurityGroupId = cluster.id;
    this.nodeSecurityGroupId = nodes.id;

    const tcpFrom = (ruleId: string, groupId: string, sourceId: string, port: number, description: string) =>
      new VpcSecurityGroupIngressRule(this, ruleId, {
        securityGroupId: groupId,
        referencedSecurityGroupId: sourceId,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
      });

    tcpFrom("cluster-https-from-nodes", cluster.id, nodes.id, HTTPS_PORT, "Kubernetes API from the nodes");
    if (props.bastionSecurityGroupId) {
      tcpFrom("cluster-https-from-bastion", cluster.id, props.bastionSecurityGroupId, HTTPS_PORT, "Kubernetes API from the bastion");
    }
    props.apiPrivateAccessCidrs.forEach((cidr) => {
      new VpcSecurityGroupIngressRule(this, `cluster-https-from-${cidr.replace(/[./]/g, "-")}`, {
        securityGroupId: cluster.id,
        cidrIpv4: cidr,
        ipProtocol: "tcp",
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        description: `Kubernetes API from ${cidr} (network.apiPrivateAccessCidrs)`,
      });
    });
    new VpcSecurityGroupEgressRule(this, "cluster-to-nodes", {
      securityGroupId: cluster.id,
      referencedSecurityGroupId: nodes.id,
      ipProtocol: "-1",
      description: "Control plane to the nodes (kubelet, webhooks)",
    });

    for (const rule of [...builtInNodePorts(), ...(props.extraNodePorts ?? [])]) {
      new VpcSecurityGroupIngressRule(this, rule.id, {
        securityGroupId: nodes.id,
        referencedSecurityGroupId: cluster.id,
        ipProtocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        description: rule.description,
      });
    }
    new VpcSecurityGroupIngressRule(this, "nodes-from-nodes", {
      securityGroupId: nodes.id,
      referencedSecurityGroupId: nodes.id,
      ipProtocol: "-1",
      description: "Node to node, all traffic (pods, DNS, overlay)",
    });
    new VpcSecurityGroupEgressRule(this, "nodes-egress", {
      securityGroupId: nodes.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "Nodes reach AWS APIs, registries and the internet through the NAT gateways",
    });

    tcpFrom("efs-nfs-from-nodes", props.efsSecurityGroupId, nodes.id, NFS_PORT, "NFS from the EKS nodes (EFS CSI driver)");
  }
}
