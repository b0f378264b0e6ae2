import { zoneIdPrefix, isSameOrSubdomain } from "../../constructs/config/rules";
import { problemsOf } from "../helpers/config";

const ONE_ZONE = "availabilityZones: [usw2-az1]\n";

describe("deployId", () => {
  it.each(["ab", "Domino", "1domino", "domino-", "a_b_c", "x".repeat(33)])("rejects %p", (id) => {
    expect(problemsOf(`deployId: "${id}"\n`)).toEqual([
      "deployId: must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
    ]);
  });
  it.each(["abc", "domino-prod-1", "a".repeat(32)])("accepts %p", (id) => {
    expect(problemsOf(`deployId: ${id}\n`)).toEqual([]);
  });
  it("must be unique across deployments", () => {
    const yaml = "deployments:\n  - {deployId: prod, fqdn: a.example.com}\n  - {deployId: prod, fqdn: b.example.com}\n";
    expect(problemsOf(yaml)).toEqual(['deployments[1].deployId: "prod" is already used by deployments[0]; deployIds must be unique']);
  });
});

describe("region", () => {
  it.each(["us-west-2", "eu-central-1", "ap-southeast-3", "us-gov-west-1", "us-iso-east-1"])("accepts %p", (region) => {
    expect(problemsOf(`region: ${region}\navailabilityZones: [${zoneIdPrefix(region) ?? "usie1"}-az1]\n`)).toEqual([]);
  });
  it.each(["us-west", "mars-north-1", "US-WEST-2", "uswest2"])("rejects %p", (region) => {
    expect(problemsOf(`region: ${region}\n`)).toEqual(["region: must be an AWS region name such as us-west-2, eu-central-1 or us-gov-west-1"]);
  });
  it("derives the zone-id prefix of a region", () => {
    expect(["us-west-2", "us-gov-west-1", "ap-southeast-1", "eu-central-1", "ca-west-1"].map(zoneIdPrefix)).toEqual(["usw2", "usgw1", "apse1", "euc1", "caw1"]);
  });
  it("rejects zones of another region", () => {
    expect(problemsOf("region: eu-west-1\navailabilityZones: [euw1-az1, usw2-az2, euw1-az3]\n")).toEqual([
      "availabilityZones[1]: usw2-az2 is not a zone of eu-west-1 (its zone ids start with euw1-)",
    ]);
  });
});

describe("zones", () => {
  it("accepts one or three", () => {
    expect(problemsOf(ONE_ZONE)).toEqual([]);
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az2, usw2-az4]\n")).toEqual([]);
  });
  it("rejects two with the spec's reason", () => {
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az2]\n")).toEqual([
      "availabilityZones: two zones are not supported: they leave an even number of nodes in a single failure domain; use one zone, or three for highly available platform services (a deployment adopted from Domino's Terraform in two zones may set adoption.twoZones: true)",
    ]);
  });
  it("rejects other counts and duplicates", () => {
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az2, usw2-az3, usw2-az4]\n")).toEqual([
      "availabilityZones: must list exactly one or three zones (got 4); three are needed for highly available platform services",
    ]);
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az1, usw2-az2]\n")).toEqual(["availabilityZones[1]: usw2-az1 is listed twice"]);
  });
  it("accepts two with adoption.twoZones and a reason, and only two", () => {
    const adopted = "adoption: {twoZones: true, reason: \"adopted from Domino's Terraform (terraform-aws-eks 3.x) state\"}\n";
    expect(problemsOf(`availabilityZones: [usw2-az1, usw2-az2]\n${adopted}`)).toEqual([]);
    expect(problemsOf(adopted)).toEqual([
      "adoption.twoZones: accepts exactly two availabilityZones, but 3 are listed; remove adoption.twoZones, or list the adopted deployment's two zones",
    ]);
    expect(problemsOf(`${ONE_ZONE}${adopted}`)).toEqual([
      "adoption.twoZones: accepts exactly two availabilityZones, but 1 are listed; remove adoption.twoZones, or list the adopted deployment's two zones",
    ]);
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az2]\nadoption: {twoZones: true}\n")).toEqual([
      "adoption.reason: is required with twoZones: true (say why the deployment keeps two zones, such as \"adopted from Domino's Terraform (terraform-aws-eks 3.x) state\")",
    ]);
    expect(problemsOf("availabilityZones: [usw2-az1, usw2-az2]\nadoption: {twoZones: false, reason: adopted from Domino's Terraform}\n")).toEqual([
      expect.stringMatching(/^availabilityZones: two zones are not supported.*may set adoption\.twoZones: true\)$/),
    ]);
  });
  it("rejects zone names where zone ids are needed", () => {
    expect(problemsOf("availabilityZones: [us-west-2a]\n")).toEqual([
      "availabilityZones[0]: must be an availability zone id such as usw2-az1 (zone ids, not names: they are the same in every account)",
    ]);
  });
});

describe("pools per zone (volume affinity)", () => {
  it("requires every compute pool in every zone another pool uses", () => {
    const yaml = "nodePools:\n  default-gpu: {availabilityZones: [usw2-az1]}\n";
    expect(problemsOf(yaml)).toEqual([
      "nodePools.default-gpu.availabilityZones: compute pools must have a node group in every zone other pools use; missing usw2-az2, usw2-az3 (an isolated pool causes volume affinity issues)",
    ]);
  });
  it("lets the platform pool run in one zone while compute pools span three", () => {
    expect(problemsOf("nodePools:\n  platform: {availabilityZones: [usw2-az2]}\n")).toEqual([]);
  });
  it("rejects a platform pool in two zones, and pool zones outside the deployment", () => {
    expect(problemsOf("nodePools:\n  platform: {availabilityZones: [usw2-az1, usw2-az2]}\n")[0]).toMatch(
      /^nodePools\.platform\.availabilityZones: the platform pool runs in one zone or across three: two zones are not supported/,
    );
    expect(problemsOf(`${ONE_ZONE}nodePools:\n  default: {availabilityZones: [usw2-az1, usw2-az9]}\n`)).toContain(
      "nodePools.default.availabilityZones[1]: usw2-az9 is not one of the deployment's availabilityZones (usw2-az1)",
    );
  });
});

describe("subnets", () => {
  it("requires node subnets of /23 or larger", () => {
    expect(problemsOf("network: {privateSubnetPrefix: 24}\n")).toEqual([
      "network.privateSubnetPrefix: is /24; subnets that hold nodes or pods must be /23 or larger (every pod takes a subnet address with the VPC CNI)",
    ]);
    expect(problemsOf("network: {privateSubnetPrefix: 23}\n")).toEqual([]);
    expect(problemsOf("network: {podCidr: 100.64.0.0/16, podSubnetPrefix: 25}\n")).toEqual([
      "network.podSubnetPrefix: is /25; subnets that hold nodes or pods must be /23 or larger (every pod takes a subnet address with the VPC CNI)",
    ]);
  });
  it("requires the subnets to fit inside the VPC", () => {
    expect(problemsOf("network: {vpcCidr: 10.0.0.0/20}\n")).toEqual([
      "network.vpcCidr: 10.0.0.0/20 (4096 addresses) cannot hold 3 private /19 and 3 public /27 subnets (24672 addresses); use a larger VPC or smaller subnets",
    ]);
    expect(problemsOf("network: {vpcCidr: 10.0.0.0/20, privateSubnetPrefix: 23, publicSubnetPrefix: 26}\n")).toEqual([]);
    expect(problemsOf("network: {podCidr: 100.64.0.0/20}\n")).toEqual(["network.podCidr: 100.64.0.0/20 cannot hold 3 pod subnets of /19"]);
  });
  it("rejects peer networks that overlap the VPC", () => {
    expect(problemsOf("network: {peerCidrs: [192.168.0.0/16, 10.0.128.0/17]}\n")).toEqual([
      "network.peerCidrs[1]: 10.0.128.0/17 overlaps the VPC 10.0.0.0/16; peered and VPN networks need distinct address space",
    ]);
  });
  it("checks CIDR syntax and host bits", () => {
    const syntax = "must be an IPv4 CIDR block such as 10.0.0.0/16 (four numbers 0-255 without leading zeros, a prefix 0-32)";
    expect(problemsOf("network: {vpcCidr: 10.0.0.0/33}\n")).toEqual([`network.vpcCidr: ${syntax}`]);
    // 010 is octal to some tools: the VPC would keep the literal while subnets were computed from 8.0.0.0.
    expect(problemsOf("network: {vpcCidr: 010.000.000.000/16}\n")).toEqual([`network.vpcCidr: ${syntax}`]);
    expect(problemsOf("network: {peerCidrs: [192.168.1.0/024]}\n")).toEqual([`network.peerCidrs[0]: ${syntax}`]);
    expect(problemsOf("network: {apiPrivateAccessCidrs: [172.16.5.0/12]}\n")).toEqual(["network.apiPrivateAccessCidrs[0]: has host bits set; did you mean 172.16.0.0/12?"]);
    expect(problemsOf("network: {vpcCidr: 10.0.1.0/16}\n")).toEqual(["network.vpcCidr: has host bits set; did you mean 10.0.0.0/16?"]);
  });
  it("asks for one private subnet per zone with a brought VPC", () => {
    const yaml = "network:\n  existingVpc: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0123456789abcdef0]}\n";
    expect(problemsOf(yaml)).toEqual([
      "network.existingVpc.privateSubnetIds: must list one private subnet per zone in availabilityZones order (3), got 1",
    ]);
  });
});

describe("control-plane zones (EKS needs control-plane subnets in two zones)", () => {
  const TWO = "EKS needs control-plane subnets in at least two availability zones";
  const byo = (zones: string, controlPlaneSubnetIds?: string) =>
    `availabilityZones: ${zones}\nnetwork:\n  existingVpc:\n    vpcId: vpc-0123456789abcdef0\n    privateSubnetIds: [subnet-0123456789abcdef0]\n` +
    (controlPlaneSubnetIds ? `    controlPlaneSubnetIds: ${controlPlaneSubnetIds}\n` : "");

  it("accepts a one-zone deployment with the derived or a chosen control-plane zone", () => {
    expect(problemsOf(ONE_ZONE)).toEqual([]);
    expect(problemsOf(`${ONE_ZONE}network: {controlPlaneZoneId: usw2-az4}\n`)).toEqual([]);
  });
  it("needs network.controlPlaneZoneId to be another zone of the region that EKS supports", () => {
    expect(problemsOf(`${ONE_ZONE}network: {controlPlaneZoneId: use1-az2}\n`)).toEqual([
      "network.controlPlaneZoneId: use1-az2 is not a zone of us-west-2 (its zone ids start with usw2-)",
    ]);
    expect(problemsOf(`${ONE_ZONE}network: {controlPlaneZoneId: usw2-az1}\n`)).toEqual([
      `network.controlPlaneZoneId: usw2-az1 is already in availabilityZones; ${TWO}, so the extra one must be another zone`,
    ]);
    expect(problemsOf("region: us-east-1\navailabilityZones: [use1-az1]\nnetwork: {controlPlaneZoneId: use1-az3}\n")).toEqual([
      "network.controlPlaneZoneId: EKS cannot place its control plane in use1-az3 (CreateCluster rejects subnets there); pick another zone of us-east-1",
    ]);
    expect(problemsOf("network: {controlPlaneZoneId: usw2-az1a}\n")).toEqual([
      "network.controlPlaneZoneId: must be an availability zone id such as usw2-az1 (zone ids, not names: they are the same in every account)",
    ]);
  });
  it("rejects network.controlPlaneZoneId where it would not be used", () => {
    expect(problemsOf("network: {controlPlaneZoneId: usw2-az4}\n")).toEqual([
      "network.controlPlaneZoneId: is only used when fewer than two of availabilityZones can hold the EKS control plane, and usw2-az1, usw2-az2, usw2-az3 can; remove it",
    ]);
    expect(problemsOf(`${byo("[usw2-az1]", "[subnet-0123456789abcdef1]")}  controlPlaneZoneId: usw2-az2\n`)).toEqual([
      "network.controlPlaneZoneId: cannot be combined with network.existingVpc; list existingVpc.controlPlaneSubnetIds instead",
    ]);
  });
  it("rejects a lone zone where EKS places no control plane: the extra zone adds only one", () => {
    expect(problemsOf("region: us-east-1\navailabilityZones: [use1-az3]\n")).toEqual([
      `availabilityZones[0]: EKS cannot place its control plane in use1-az3 (CreateCluster rejects subnets there), and network.controlPlaneZoneId adds only one zone: ${TWO}; use another zone`,
    ]);
    // Three zones with one EKS does not support still give it two.
    expect(problemsOf("region: us-east-1\navailabilityZones: [use1-az1, use1-az3, use1-az4]\n")).toEqual([]);
  });
  it("counts the control-plane subnet when checking that the subnets fit the VPC", () => {
    expect(problemsOf(`${ONE_ZONE}network: {vpcCidr: 10.0.0.0/22, privateSubnetPrefix: 23, publicSubnetPrefix: 23}\n`)).toEqual([
      "network.vpcCidr: 10.0.0.0/22 (1024 addresses) cannot hold 1 private /23 and 1 public /23 subnets plus a /27 control-plane subnet (1056 addresses); use a larger VPC or smaller subnets",
    ]);
    expect(problemsOf(`${ONE_ZONE}network: {vpcCidr: 10.0.0.0/22, privateSubnetPrefix: 23, publicSubnetPrefix: 24}\n`)).toEqual([]);
    // Three zones need no control-plane subnet: the same VPC holds them exactly.
    expect(problemsOf("network: {vpcCidr: 10.0.0.0/20, privateSubnetPrefix: 23, publicSubnetPrefix: 26}\n")).toEqual([]);
  });
  it("requires existingVpc.controlPlaneSubnetIds for a brought VPC with one zone", () => {
    expect(problemsOf(byo("[usw2-az1]"))).toEqual([
      `network.existingVpc.controlPlaneSubnetIds: is required: ${TWO}, and availabilityZones gives it only usw2-az1; list a private subnet of the VPC in another zone for the control plane's network interfaces`,
    ]);
    expect(problemsOf(byo("[usw2-az1]", "[subnet-0123456789abcdef1]"))).toEqual([]);
    expect(problemsOf(byo("[usw2-az1]", "[subnet-0123456789abcdef0]"))).toEqual([
      "network.existingVpc.controlPlaneSubnetIds[0]: subnet-0123456789abcdef0 is one of privateSubnetIds; list subnets in zones other than availabilityZones",
    ]);
  });
  it("asks a brought VPC for two control-plane subnets when EKS supports none of its zones", () => {
    expect(problemsOf(`region: us-east-1\n${byo("[use1-az3]", "[subnet-0123456789abcdef1]")}`)).toEqual([
      `network.existingVpc.controlPlaneSubnetIds: lists 1 subnet, 2 needed: ${TWO}, and EKS supports none of availabilityZones (use1-az3); list private subnets of the VPC in two other zones for the control plane's network interfaces`,
    ]);
    expect(problemsOf(`region: us-east-1\n${byo("[use1-az3]", "[subnet-0123456789abcdef1, subnet-0123456789abcdef2]")}`)).toEqual([]);
  });
});

describe("node pools", () => {
  it("requires 0 <= minSize <= desiredSize <= maxSize", () => {
    expect(problemsOf("nodePools:\n  default: {minSize: 3, desiredSize: 2, maxSize: 5}\n")).toEqual([
      "nodePools.default.desiredSize: is 2; need minSize (3) <= desiredSize <= maxSize (5)",
    ]);
    expect(problemsOf("nodePools:\n  default: {minSize: 6, desiredSize: 6, maxSize: 5}\n")).toEqual([
      "nodePools.default.minSize: is 6, more than maxSize 5; need 0 <= minSize <= desiredSize <= maxSize",
      "nodePools.default.desiredSize: is 6; need minSize (6) <= desiredSize <= maxSize (5)",
    ]);
    // Left out, desiredSize follows the bounds and adds no second message.
    expect(problemsOf("nodePools:\n  default: {minSize: 6, maxSize: 5}\n")).toEqual([
      "nodePools.default.minSize: is 6, more than maxSize 5; need 0 <= minSize <= desiredSize <= maxSize",
    ]);
    expect(problemsOf("nodePools:\n  default: {minSize: -1}\n")).toEqual(["nodePools.default.minSize: must be 0 or more"]);
  });
  it("requires at least one instance type, and instanceTypes and maxSize on custom pools", () => {
    expect(problemsOf("nodePools:\n  default: {instanceTypes: []}\n")).toEqual(["nodePools.default.instanceTypes: must list at least one EC2 instance type"]);
    expect(problemsOf("nodePools:\n  highmem: {minSize: 0}\n")).toEqual([
      "nodePools.highmem.instanceTypes: is required for a custom pool: at least one EC2 instance type",
      "nodePools.highmem.maxSize: is required for a custom pool",
    ]);
  });
  it("requires distinct node-pool labels", () => {
    expect(problemsOf('nodePools:\n  highmem: {instanceTypes: [r5.4xlarge], maxSize: 4, labels: {"dominodatalab.com/node-pool": default}}\n')).toEqual([
      'nodePools.highmem.labels["dominodatalab.com/node-pool"]: "default" is already the label of pool default; every pool needs a distinct dominodatalab.com/node-pool label',
    ]);
  });
  it("requires an accelerated AMI for GPU pools", () => {
    const expected =
      "is AL2023_x86_64_STANDARD, but the pool has GPUs: use an EKS-optimized accelerated AMI (AL2023_x86_64_NVIDIA, AL2023_ARM_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA, BOTTLEROCKET_ARM_64_NVIDIA) so the nodes get NVIDIA drivers";
    expect(problemsOf("nodePools:\n  default-gpu: {amiType: AL2023_x86_64_STANDARD}\n")).toEqual([`nodePools.default-gpu.amiType: ${expected}`]);
    expect(problemsOf("nodePools:\n  inference: {instanceTypes: [m5.xlarge], maxSize: 2, gpu: true, amiType: AL2023_x86_64_STANDARD}\n")).toEqual([
      `nodePools.inference.amiType: ${expected}`,
    ]);
  });
  it("requires the platform and default pools", () => {
    expect(problemsOf("nodePools:\n  platform: {enabled: false}\n  default: {enabled: false}\n")).toEqual([
      "nodePools.platform.enabled: the platform pool is required (the spec asks for at least a platform and a default pool)",
      "nodePools.default.enabled: the default pool is required (the spec asks for at least a platform and a default pool)",
    ]);
  });
  it("keeps node group names within 63 characters", () => {
    const yaml = `deployId: ${"d".repeat(32)}\navailabilityZones: [usw2-az123]\nnodePools:\n  very-long-pool-name1: {instanceTypes: [m5.large], maxSize: 2}\n`;
    expect(problemsOf(yaml)).toEqual([
      `nodePools.very-long-pool-name1: node group name ${"d".repeat(32)}-very-long-pool-name1-usw2-az123 is longer than 63 characters; shorten the pool name or deployId`,
    ]);
  });
});

describe("fqdn", () => {
  it("must be a DNS name", () => {
    expect(problemsOf("fqdn: not a name\n")).toEqual(["fqdn: must be a fully qualified DNS name in lowercase, such as domino.example.com"]);
    expect(problemsOf("fqdn: localhost\n")).toEqual(["fqdn: must be a fully qualified DNS name in lowercase, such as domino.example.com"]);
  });
  it("must not be a subdomain of another deployment in the file", () => {
    const yaml = "deployments:\n  - {deployId: one, fqdn: data-science.example.com}\n  - {deployId: two, fqdn: acme.data-science.example.com}\n";
    expect(problemsOf(yaml)).toEqual([
      "deployments[1].fqdn: acme.data-science.example.com is a subdomain of data-science.example.com (deployments[0]); a Domino install cannot be hosted on a subdomain of another",
    ]);
    expect(problemsOf(yaml.replace("acme.data-science", "data-science"))).toEqual([
      "deployments[1].fqdn: data-science.example.com is already the fqdn of deployments[0]",
    ]);
  });
  it("must not be a subdomain of another Domino install", () => {
    expect(problemsOf("fqdn: acme.data-science.example.com\notherDominoFqdns: [data-science.example.com]\n")).toEqual([
      "fqdn: acme.data-science.example.com is a subdomain of the Domino install at data-science.example.com (otherDominoFqdns); a Domino install cannot be hosted on a subdomain of another",
    ]);
    expect(problemsOf("fqdn: notdata-science.example.com\notherDominoFqdns: [data-science.example.com]\n")).toEqual([]);
    expect(isSameOrSubdomain("a.b.c", "b.c")).toBe(true);
    expect(isSameOrSubdomain("ab.c", "b.c")).toBe(false);
  });
});

describe("Fargate, storage class and unknown fields", () => {
  it("rejects Fargate with the spec's reason, however it is asked for", () => {
    expect(problemsOf("fargateProfiles: [{name: compute}]\n")).toEqual([
      "fargateProfiles: Domino cannot be installed on EKS Fargate: Fargate does not support stateful workloads with persistent volumes; remove this field",
    ]);
    expect(problemsOf("fargate: true\nnodePools:\n  default: {capacityType: FARGATE}\n")).toEqual([
      "nodePools.default.capacityType: Domino cannot be installed on EKS Fargate: Fargate does not support stateful workloads with persistent volumes; use ON_DEMAND or SPOT",
      "fargate: Domino cannot be installed on EKS Fargate: Fargate does not support stateful workloads with persistent volumes; remove this field",
    ]);
  });
  it("allows gp2 and gp3 block storage only", () => {
    expect(problemsOf("storage: {blockStorage: {type: gp2}}\n")).toEqual([]);
    expect(problemsOf("storage: {blockStorage: {type: io2}}\n")).toEqual(["storage.blockStorage.type: must be gp3 or gp2 (the volume types the spec supports)"]);
  });
  it("names unknown fields and what is allowed", () => {
    expect(problemsOf("nodePools:\n  default: {instanceType: m5.large}\n")).toEqual([
      "nodePools.default.instanceType: is not a known field; allowed here: enabled, instanceTypes, minSize, maxSize, desiredSize, diskSizeGiB, labels, taints, gpu, amiType, capacityType, availabilityZones, amiReleaseVersion, dominoNode, volumeType, iops, throughputMiBps, tags, updateConfig, capacityReservation, instanceMetadataTags, kubelet, scaler, instanceFamilies, karpenter, amiId",
    ]);
  });
  it("reports wrong types with what was given", () => {
    expect(problemsOf("nodePools:\n  default: {maxSize: twenty}\n")).toEqual(['nodePools.default.maxSize: must be a number, not string "twenty"']);
  });
  it("rejects SSH to the bastion from the whole internet, however the list spells it", () => {
    const line = "bastion.allowedCidrs: SSH from the whole internet is not allowed; list the networks that need it, or none to use Session Manager";
    expect(problemsOf("bastion: {enabled: true, allowedCidrs: [0.0.0.0/0]}\n")).toEqual([line]);
    expect(problemsOf("bastion: {enabled: true, allowedCidrs: [0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/2]}\n")).toEqual([line]);
    expect(problemsOf("bastion: {enabled: true, allowedCidrs: [0.0.0.0/1, 192.0.0.0/2]}\n")).toEqual([]);
  });
  it("refuses a public API endpoint open to the whole internet unless allowPublicApiFromAnywhere says so", () => {
    const open = "network.apiPublicAccessCidrs: covers the whole internet: the Kubernetes API would be open to anyone; list the networks that need it (office, CI runners), or set network.allowPublicApiFromAnywhere: true on purpose (validate then asks for a waiver)";
    expect(problemsOf("network: {apiPublicAccessCidrs: [0.0.0.0/0]}\n")).toEqual([open]);
    expect(problemsOf("network: {apiPublicAccessCidrs: [0.0.0.0/1, 128.0.0.0/1]}\n")).toEqual([open]);
    expect(problemsOf("network: {apiPublicAccessCidrs: [0.0.0.0/0], allowPublicApiFromAnywhere: true}\n")).toEqual([]);
    expect(problemsOf("network: {apiPublicAccessCidrs: [203.0.113.0/24], allowPublicApiFromAnywhere: true}\n")).toEqual([
      "network.allowPublicApiFromAnywhere: is only for an apiPublicAccessCidrs list that covers the whole internet; remove it",
    ]);
    expect(problemsOf("network: {apiPublicAccessCidrs: [203.0.113.0/24]}\n")).toEqual([]);
  });
  it("requires three distinct namespace names", () => {
    expect(problemsOf("namespaces: {compute: domino-platform}\n")).toEqual([
      "namespaces.compute: domino-platform is used for two purposes; the three namespaces must differ",
    ]);
  });
});

describe("waivers and bastion", () => {
  it("accepts waivers of known security rules with a reason, and rejects unknown rules and short reasons", () => {
    expect(problemsOf("waivers: [{rule: NO_FORCE_DESTROY, reason: short}]\n")).toEqual([
      "waivers[0].reason: must explain in at least 10 characters why the rule is waived",
    ]);
    expect(problemsOf("waivers: [{rule: NO_FORCE_DESTROY, reason: throwaway test install}]\n")).toEqual([]);
    expect(problemsOf("waivers: [{rule: NO_SUCH_RULE, reason: a reason long enough}]\n")[0]).toMatch(
      /^waivers\[0\]\.rule: NO_SUCH_RULE is not a security rule; known rules: S3_/,
    );
  });
  it("needs a public subnet for a bastion that takes SSH, with a brought VPC", () => {
    const vpc =
      "network:\n  existingVpc: {vpcId: vpc-0123456789abcdef0, privateSubnetIds: [subnet-0123456789abcdef0], controlPlaneSubnetIds: [subnet-0123456789abcdef1]}\navailabilityZones: [usw2-az1]\n";
    expect(problemsOf(`${vpc}bastion: {enabled: true, allowedCidrs: [192.0.2.0/24]}\n`)).toEqual([
      "bastion.allowedCidrs: SSH from outside needs a public subnet: list network.existingVpc.publicSubnetIds, or leave allowedCidrs empty to reach the bastion with Session Manager",
    ]);
    expect(problemsOf(`${vpc}bastion: {enabled: true}\n`)).toEqual([]);
  });
});

describe("field messages say what is allowed", () => {
  it("explains unquoted YAML versions, whole numbers, record keys and name formats", () => {
    // The hint quotes what was written (1.30), not the number YAML read (1.3).
    expect(problemsOf("kubernetesVersion: 1.30\n")).toEqual(['kubernetesVersion: must be a string, not number 1.3 (quote it in YAML: "1.30")']);
    expect(problemsOf("deployments:\n  - kubernetesVersion: 1.340 # comment\n")).toEqual(['deployments[0].kubernetesVersion: must be a string, not number 1.34 (quote it in YAML: "1.340")']);
    expect(problemsOf("{kubernetesVersion: 1.33}")).toEqual(['kubernetesVersion: must be a string, not number 1.33 (quote it in YAML: "1.33")']);
    expect(problemsOf("network: {privateSubnetPrefix: 19.5}\n")).toEqual(["network.privateSubnetPrefix: must be a whole number, not number 19.5"]);
    expect(problemsOf("nodePools:\n  Bad_Pool: {maxSize: 1}\n")).toEqual([
      "nodePools.Bad_Pool: pool names are 2-20 characters of lowercase letters, digits and hyphens",
    ]);
    expect(problemsOf('tags: {"": x}\n')).toEqual(['tags[""]: tag keys must be 1-128 characters']);
    expect(problemsOf("storage: {ecr: {repositories: [Bad/Repo]}, blockStorage: {storageClassName: Bad_Name}}\nbastion: {instanceType: t3micro}\n")).toEqual([
      "storage.ecr.repositories[0]: must be ECR repository names: lowercase letters and digits, separated by single . _ or -",
      "storage.blockStorage.storageClassName: must be a Kubernetes object name: lowercase letters, digits, . and -, at most 63 characters",
      "bastion.instanceType: must be an EC2 instance type such as t3.micro",
    ]);
  });
});

describe("all at once", () => {
  it("reports field problems and rule problems of one deployment together, without judging a set-aside field", () => {
    expect(problemsOf("deployId: Bad_ID\navailabilityZones: [usw2-az1, usw2-az2]\nnetwork: {privateSubnetPrefix: 25}\nnodePools:\n  default: {minSize: 5, maxSize: 2, diskSizeGiB: 5}\n")).toEqual([
      "deployId: must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
      "nodePools.default.diskSizeGiB: must be 20 GiB or more",
      expect.stringMatching(/^availabilityZones: two zones are not supported/),
      expect.stringMatching(/^network\.privateSubnetPrefix: is \/25/),
      "nodePools.default.minSize: is 5, more than maxSize 2; need 0 <= minSize <= desiredSize <= maxSize",
    ]);
    // A wrong zone id sets the whole list aside: no zone rule runs on the default zones in its place.
    expect(problemsOf("availabilityZones: [usw2-az1, us-west-2b]\n")).toEqual([
      "availabilityZones[1]: must be an availability zone id such as usw2-az1 (zone ids, not names: they are the same in every account)",
    ]);
  });

  it("reports every problem of every deployment in one run, each with its path", () => {
    const yaml = `
deployments:
  - deployId: ok-one
    fqdn: one.example.com
  - deployId: Bad
    availabilityZones: [usw2-az1, usw2-az2]
  - deployId: three
    fqdn: three.example.com
    availabilityZones: [usw2-az1, usw2-az2]
    network: {privateSubnetPrefix: 26}
    fargateProfiles: [x]
`;
    // A mistyped field is set aside and the spec's rules still check the rest of its deployment and the others.
    expect(problemsOf(yaml)).toEqual([
      "deployments[1].deployId: must be 3-32 characters of lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
      expect.stringMatching(/^deployments\[1\]\.availabilityZones: two zones are not supported/),
      expect.stringMatching(/^deployments\[2\]\.availabilityZones: two zones are not supported/),
      expect.stringMatching(/^deployments\[2\]\.network\.privateSubnetPrefix: is \/26/),
      expect.stringMatching(/^deployments\[2\]\.fargateProfiles: Domino cannot be installed on EKS Fargate/),
    ]);
    expect(problemsOf(yaml.replace("deployId: Bad", "deployId: two\n    fqdn: two.example.com"))).toEqual([
      expect.stringMatching(/^deployments\[1\]\.availabilityZones: two zones are not supported/),
      expect.stringMatching(/^deployments\[2\]\.availabilityZones: two zones are not supported/),
      expect.stringMatching(/^deployments\[2\]\.network\.privateSubnetPrefix: is \/26/),
      expect.stringMatching(/^deployments\[2\]\.fargateProfiles: Domino cannot be installed on EKS Fargate/),
    ]);
  });
});

describe("lists whose entries become resources refuse repeats (they crashed synth before)", () => {
  test.each([
    ["a zone twice in a pool", "nodePools:\n  default: {availabilityZones: [usw2-az1, usw2-az1, usw2-az2, usw2-az3]}\n", "nodePools.default.availabilityZones[1]: usw2-az1 is listed twice; each entry becomes its own resource, list it once"],
    ["an ECR repository twice", "storage: {ecr: {repositories: [model, model]}}\n", "storage.ecr.repositories[1]: model is listed twice; each entry becomes its own resource, list it once"],
    ["an admin role twice", "access: {adminRoleArns: [arn:aws:iam::111122223333:role/admin, arn:aws:iam::111122223333:role/admin]}\n", "access.adminRoleArns[1]: arn:aws:iam::111122223333:role/admin is listed twice; each entry becomes its own resource, list it once"],
    ["a CIDR twice in apiPrivateAccessCidrs", "network: {apiPrivateAccessCidrs: [10.8.0.0/16, 10.8.0.0/16]}\n", "network.apiPrivateAccessCidrs[1]: 10.8.0.0/16 is listed twice; each entry becomes its own resource, list it once"],
    ["a taint key and effect twice", "nodePools:\n  default:\n    taints: [{key: a, value: x, effect: NoSchedule}, {key: a, value: y, effect: NoSchedule}]\n", "nodePools.default.taints[1]: taint a:NoSchedule is listed twice (first at taints[0]); Kubernetes allows one taint per key and effect"],
  ])("%s", (_what, yaml, line) => {
    expect(problemsOf(yaml)).toContain(line);
  });
});

describe("what AWS refuses only at apply time, refused here by field", () => {
  test.each([
    ["an S3-reserved deployId prefix", "deployId: xn--domino\n", "deployId: starts with xn--, a prefix S3 reserves for bucket names (the buckets are named <deployId>-blobs, ...); choose another deployId"],
    ["an fqdn over ACM's 64 characters", `fqdn: ${"a".repeat(60)}.example.com\n`, "fqdn: is 72 characters; ACM takes at most 64 for a certificate's first domain name"],
    ["a loopback VPC", "network: {vpcCidr: 127.0.0.0/16}\n", 'network.vpcCidr: 127.0.0.0/16 overlaps 127.0.0.0/8, which is reserved (loopback, link-local, multicast or "this network"); use a private range such as 10.0.0.0/16 or 100.64.0.0/16'],
    ["a link-local pod CIDR", "network: {podCidr: 169.254.0.0/16}\n", 'network.podCidr: 169.254.0.0/16 overlaps 169.254.0.0/16, which is reserved (loopback, link-local, multicast or "this network"); use a private range such as 10.0.0.0/16 or 100.64.0.0/16'],
    ["an S3 ARN as the KMS key", "kms: {keyArn: 'arn:aws:s3:::my-bucket'}\n", "kms.keyArn: must be a KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<key id>"],
    ["a key of another region", "kms: {keyArn: 'arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'}\n", "kms.keyArn: is a key of us-east-1; the deployment's resources in us-west-2 need a key of their own region"],
    ["a key id that is no UUID", "kms: {keyArn: 'arn:aws:kms:us-west-2:111122223333:key/not-a-key'}\n", "kms.keyArn: key id not-a-key is not a KMS key id (a UUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d, or mrk-<32 hex digits>)"],
    ["a key in another partition", "kms: {keyArn: 'arn:aws-us-gov:kms:us-west-2:111122223333:key/mrk-0123456789abcdef0123456789abcdef'}\n", "kms.keyArn: is in partition aws-us-gov, but us-west-2 is in aws"],
    ["an S3 ARN as an admin role", "access: {adminRoleArns: ['arn:aws:s3:::my-bucket']}\n", "access.adminRoleArns[0]: must be an IAM role ARN: arn:<partition>:iam::<account>:role/<name>"],
    ["a tag key AWS reserves", "tags: {'aws:owner': me}\n", 'tags["aws:owner"]: tag keys starting with aws: are reserved for AWS'],
  ])("%s", (_what, yaml, line) => {
    expect(problemsOf(yaml)).toContain(line);
  });

  test("more tags than a resource can take once the default tags are added", () => {
    const tags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "x"]));
    expect(problemsOf(`tags: ${JSON.stringify(tags)}\n`)).toEqual([
      "tags: has 47 tags; at most 46: AWS allows 50 per resource, and every resource also gets domino-deploy-id and up to 3 of its own",
    ]);
    const fits = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, "x"]));
    expect(problemsOf(`tags: ${JSON.stringify(fits)}\n`)).toEqual([]);
  });

  test("pools Karpenter runs have a smaller budget: Karpenter adds six tags of its own to what it launches", () => {
    const tags = (n: number, prefix = "t") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, "x"]));
    const karpenter = "autoscaling: {compute: karpenter}\n";
    const why = "AWS allows 50 per instance or volume, and what Karpenter launches also gets domino-deploy-id and Karpenter's own 6 (Name, karpenter.sh/nodepool, karpenter.sh/nodeclaim, karpenter.k8s.aws/ec2nodeclass, kubernetes.io/cluster/<cluster>, eks:eks-cluster-name)";
    expect(problemsOf(`${karpenter}tags: ${JSON.stringify(tags(44))}\n`)).toEqual([`tags: has 44 tags; at most 43 while Karpenter runs pools (default, default-gpu): ${why}`]);
    expect(problemsOf(`${karpenter}tags: ${JSON.stringify(tags(43))}\n`)).toEqual([]);
    // 40 of the deployment's and 4 of the pool's: fine on node groups (46), too many on a Karpenter pool.
    const mixed = (scaler: string) => `tags: ${JSON.stringify(tags(40))}\nnodePools:\n  default: {scaler: ${scaler}, tags: ${JSON.stringify(tags(4, "p"))}}\n`;
    expect(problemsOf(mixed("karpenter"))).toEqual([`nodePools.default.tags: makes 44 tags with the deployment's; at most 43 on a pool Karpenter runs: ${why}`]);
    expect(problemsOf(mixed("cluster-autoscaler"))).toEqual([]);
  });

  test("more managed node groups than the EKS quota, unless the quota is raised", () => {
    const pools = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`pool${i}`, { instanceTypes: ["m5.xlarge"], maxSize: 2 }]));
    // platform 1 + default 3 + default-gpu 3 + 9 x 3 = 34
    expect(problemsOf(`nodePools: ${JSON.stringify(pools)}\n`)).toEqual([
      "nodePools: make 34 managed node groups (compute pools get one per zone); EKS allows 30 per cluster (quotas.managedNodeGroupsPerCluster, after AWS raised your quota)",
    ]);
    expect(problemsOf(`nodePools: ${JSON.stringify(pools)}\nquotas: {managedNodeGroupsPerCluster: 40}\n`)).toEqual([]);
  });
});

describe("node pool labels, taints and architecture", () => {
  test.each([
    ["a label key with a space", "nodePools:\n  default: {labels: {'team name': ml}}\n", 'nodePools.default.labels["team name"]: must be a Kubernetes label key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit'],
    ["a label value with a trailing space", "nodePools:\n  default: {labels: {team: 'ml '}}\n", "nodePools.default.labels.team: must be a Kubernetes label value: empty, or at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit"],
    ["a label value over 63 characters", `nodePools:\n  default: {labels: {team: ${"a".repeat(64)}}}\n`, "nodePools.default.labels.team: must be a Kubernetes label value: empty, or at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit"],
    ["a taint key that is no label key", "nodePools:\n  default: {taints: [{key: 'bad key', effect: NoSchedule}]}\n", "nodePools.default.taints[0].key: must be a Kubernetes taint key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit"],
    ["a Graviton type on the default x86 AMI", "nodePools:\n  default: {instanceTypes: [m7g.2xlarge]}\n", "nodePools.default.instanceTypes[0]: m7g.2xlarge is an arm64 (Graviton) instance type, but the pool's amiType AL2023_x86_64_STANDARD is for x86_64, so the nodes would not boot; use amiType AL2023_ARM_64_STANDARD, or instance types of one architecture"],
    ["an x86 type on an ARM AMI", "nodePools:\n  default: {instanceTypes: [m5.2xlarge], amiType: BOTTLEROCKET_ARM_64}\n", "nodePools.default.instanceTypes[0]: m5.2xlarge is an x86_64 instance type, but the pool's amiType BOTTLEROCKET_ARM_64 is for arm64, so the nodes would not boot; use amiType BOTTLEROCKET_x86_64, or instance types of one architecture"],
  ])("%s", (_what, yaml, line) => {
    expect(problemsOf(yaml)).toContain(line);
  });

  test("a label key long enough to push the autoscaler's tag key over 128 characters", () => {
    const key = `example.com/${"k".repeat(63)}`;
    const prefix = `${"p".repeat(20)}.example.com/${"k".repeat(63)}`;
    expect(problemsOf(`nodePools:\n  default: {labels: {'${key}': x}}\n`)).toEqual([]);
    expect(problemsOf(`nodePools:\n  default: {labels: {'${prefix}': x}}\n`)).toEqual([
      `nodePools.default.labels["${prefix}"]: is ${prefix.length} characters; the cluster autoscaler's node-template tag for it (k8s.io/cluster-autoscaler/node-template/label/<key>) would pass AWS's 128-character tag-key limit, so keep label keys to 82`,
    ]);
  });

  test("Graviton types on an ARM AMI, and Domino's usual labels, are fine", () => {
    expect(problemsOf("nodePools:\n  default: {instanceTypes: [m7g.2xlarge, c6gn.4xlarge], amiType: AL2023_ARM_64_STANDARD, labels: {dominodatalab.com/domino-node: 'true'}}\n")).toEqual([]);
  });
});

describe("regions, versions, state backends and names: the rest of the front door", () => {
  test.each([
    ["a region that does not exist", "region: us-west-9\navailabilityZones: [usw9-az1, usw9-az2, usw9-az3]\n", /^region: is not an AWS region this release knows; regions of aws: us-east-1, .*allowUnlisted\.region: true\)$/],
    ["an ISO region with another region's zone ids", "region: us-iso-east-1\navailabilityZones: [usw2-az1, usw2-az2, usw2-az3]\n", /^availabilityZones\[0\]: usw2-az1 is a zone of us-west-2, not of us-iso-east-1$/],
    ["an ISO region with zones of two regions", "region: us-isob-east-1\navailabilityZones: [usibe1-az1, usibe1-az2, usiw1-az3]\n", /^availabilityZones\[2\]: usiw1-az3 is not in the region of usibe1-az1; all zones must be of us-isob-east-1$/],
    ["a GovCloud region with commercial zone ids", "region: us-gov-east-1\navailabilityZones: [use1-az1, use1-az2, use1-az4]\n", /^availabilityZones\[0\]: use1-az1 is not a zone of us-gov-east-1 \(its zone ids start with usge1-\)$/],
    ["a Kubernetes version EKS does not offer", 'kubernetesVersion: "1.99"\n', /^kubernetesVersion: 1\.99 is not a version EKS offers; use one of 1\.32, 1\.33, 1\.34, 1\.35, 1\.36 /],
    ["a Kubernetes version past extended support", 'kubernetesVersion: "1.31"\n', /^kubernetesVersion: 1\.31 is not a version EKS offers/],
    ["a provider constraint that is not one", "providers: {aws: latest}\n", /^providers\.aws: must be a Terraform version constraint: comma-separated operator/],
    ["a provider constraint with a bad operator", "providers: {helm: '=> 3.1'}\n", /^providers\.helm: must be a Terraform version constraint/],
    ["a state bucket with capitals", "backend: {type: s3, bucket: My-State, region: us-west-2}\n", /^backend\.bucket: must follow S3's naming rules: S3 bucket names are 3-63 lowercase letters/],
    ["a state bucket over 63 characters", `backend: {type: s3, bucket: ${"s".repeat(64)}, region: us-west-2}\n`, /^backend\.bucket: is 64 characters; S3 bucket names are 3-63/],
    ["a state bucket with an S3-reserved suffix", "backend: {type: s3, bucket: state--ol-s3, region: us-west-2}\n", /^backend\.bucket: ends with --ol-s3, a suffix S3 reserves$/],
    ["a state bucket shaped like an IP address", "backend: {type: s3, bucket: 10.0.0.1, region: us-west-2}\n", /^backend\.bucket: must not look like an IP address/],
    ["a state bucket in a region that does not exist", "backend: {type: s3, bucket: tf-state, region: eu-west-9}\n", /^backend\.region: is not an AWS region this release knows/],
    ["a state key with a bad KMS key id", "backend: {type: s3, bucket: tf-state, region: us-west-2, kmsKeyId: 'arn:aws:kms:us-west-2:111122223333:key/1a2b3c4d-5e6f-0a7b-8c9d-0e1f2a3b4c5d'}\n", /^backend\.kmsKeyId: must be a KMS key ARN or key id/],
    ["a state key prefix starting with /", "backend: {type: s3, bucket: tf-state, region: us-west-2, keyPrefix: /domino}\n", /^backend\.keyPrefix: must be an S3 key prefix without spaces that does not start with \//],
    ["an absolute local state folder", "backend: {type: local, directory: /var/state}\n", /^backend\.directory: must be relative to the project folder/],
    ["a Terraform Cloud organization with spaces", "backend: {type: remote, organization: 'my org'}\n", /^backend\.organization: must name the Terraform Cloud\/Enterprise organization: letters, digits, - and _$/],
    ["a 100,000-character repository name", `storage: {ecr: {repositories: [${"r".repeat(100000)}]}}\n`, /^storage\.ecr\.repositories\[0\]: must be at most 200 characters \(ECR names are at most 256 with the <deployId>\/ namespace\)$/],
    ["an admin role name over 64 characters", `access: {adminRoleArns: ['arn:aws:iam::111122223333:role/${"r".repeat(65)}']}\n`, /^access\.adminRoleArns\[0\]: names a role outside IAM's limits: a role name is 1-64 characters/],
    ["an EKS add-on version in the wrong form", "addons: {versions: {coredns: '1.11'}}\n", /^addons\.versions\.coredns: must be an EKS add-on version such as v1\.19\.0-eksbuild\.1$/],
    ["an instance type name no EC2 type has", `nodePools: {default: {instanceTypes: [m5.${"x".repeat(40)}]}}\n`, /^nodePools\.default\.instanceTypes\[0\]: must be EC2 instance types such as m5\.2xlarge$/],
    ["__proto__ as a key", "tags:\n  __proto__: {a: b}\n", /^tags\.__proto__: __proto__ cannot be a key \(JavaScript reads it as the object's prototype, so the entry would be lost\); remove it$/],
    ["__proto__ as a deployment field", "__proto__: {deployId: other}\n", /^__proto__: __proto__ cannot be a key/],
    ["__proto__ as a pool name", "nodePools:\n  __proto__: {maxSize: 3}\n", /^nodePools\.__proto__: __proto__ cannot be a key/],
  ])("%s", (_what, yaml, line) => {
    const problems = problemsOf(yaml);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(line)]));
  });

  test("workspace names are kept within Terraform Cloud's 90 characters", () => {
    expect(problemsOf(`backend: {type: remote, organization: acme, workspacePrefix: ${"w".repeat(70)}}\n`)).toEqual([]);
    expect(problemsOf(`deployId: ${"d".repeat(32)}\nbackend: {type: remote, organization: acme, workspacePrefix: ${"w".repeat(60)}}\n`)).toEqual([
      `backend.workspacePrefix: makes workspace names such as ${"w".repeat(60)}${"d".repeat(32)}-cluster (100 characters); Terraform Cloud allows 90`,
    ]);
  });

  test("__proto__ beside a deployments list", () => {
    expect(problemsOf("__proto__: {x: 1}\ndeployments:\n  - {}\n")).toEqual([
      "__proto__: __proto__ cannot be a key (JavaScript reads it as the object's prototype, so the entry would be lost); remove it",
    ]);
  });

  test.each([
    ["a region opened after this release", "region: us-west-9\navailabilityZones: [usw9-az1, usw9-az2, usw9-az3]\nallowUnlisted: {region: true}\n"],
    ["a Kubernetes version EKS released after this release", 'kubernetesVersion: "1.37"\nallowUnlisted: {kubernetesVersion: true}\nautoscaler: {imageTag: v1.37.0}\n'],
    ["every listed Kubernetes version", 'kubernetesVersion: "1.32"\n'],
    ["an ISO region with zone ids of its own", "region: us-iso-east-1\navailabilityZones: [usie1-az1, usie1-az2, usie1-az3]\n"],
    ["version constraints Terraform takes", "providers: {aws: '>= 6.25, < 7.0', kubernetes: '2.38.0', helm: '~> 3.1.0-beta1'}\n"],
    ["an S3 state backend with a key id and a nested prefix", "backend: {type: s3, bucket: acme.tf-state, region: eu-west-1, keyPrefix: teams/ds/domino, kmsKeyId: mrk-0123456789abcdef0123456789abcdef}\n"],
  ])("accepts %s", (_what, yaml) => {
    expect(problemsOf(yaml)).toEqual([]);
  });
});

describe("adoption", () => {
  it("is optional, and every field of it too", () => {
    expect(problemsOf("adoption: {}\n")).toEqual([]);
    expect(problemsOf("adoption: {importsFile: adopt/domino.imports.json, reason: '  adopted from state  '}\n")).toEqual([]);
  });
  it.each(["/etc/imports.json", "C:\\\\imports.json", "c:/imports.json", "\\\\\\\\server\\\\share\\\\imports.json"])("refuses the absolute importsFile %p", (file) => {
    expect(problemsOf(`adoption: {importsFile: "${file}"}\n`)).toEqual(["adoption.importsFile: must be a path relative to this config file, not an absolute path"]);
  });
  it("needs a reason of 10-2000 characters, trimmed, and knows only its own fields", () => {
    expect(problemsOf("adoption: {reason: '  short    '}\n")).toEqual(["adoption.reason: must explain in at least 10 characters why the deployment carries adoption settings"]);
    expect(problemsOf(`adoption: {reason: '${"x".repeat(2001)}'}\n`)).toEqual(["adoption.reason: must be at most 2000 characters"]);
    expect(problemsOf("adoption: {names: {clusterRoles: x}}\n")).toEqual([
      "adoption.names.clusterRoles: is not a known field; allowed here: clusterRole, nodeS3Policy, registryPolicy, datasetsCreationToken",
    ]);
  });
});

describe("adoption names against the deployment's other names", () => {
  it("the cluster role may not be another role of the deployment; repeating its own default is fine", () => {
    expect(problemsOf("adoption: {names: {clusterRole: domino-eks-nodes}}\n")).toEqual([
      "adoption.names.clusterRole: is domino-eks-nodes, the name of the project's own eks-nodes role; IAM role names are unique in the account: choose another",
    ]);
    expect(problemsOf("adoption: {names: {clusterRole: domino-eks-cluster}}\n")).toEqual([]);
    const sar = "serviceAccountRoles: [{name: eks, namespace: team, serviceAccount: app, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]}]\n";
    expect(problemsOf(`adoption: {names: {clusterRole: domino-eks}}\n${sar}`)).toEqual([
      "serviceAccountRoles[0].name: makes the role name domino-eks, which adoption.names.clusterRole gives another role; choose another name",
    ]);
  });
  it("the node policies must differ, whatever the case, from each other and the pull-through cache's", () => {
    expect(problemsOf("adoption: {names: {nodeS3Policy: domino-ECR}}\n")).toEqual([
      "adoption.names.nodeS3Policy: is domino-ECR, the name of the nodes' ECR policy domino-ecr (IAM policy names are unique in the account, whatever the case); choose another",
    ]);
    expect(problemsOf("adoption: {names: {nodeS3Policy: domino-ECR}}\nstorage: {ecr: {enabled: false}}\n")).toEqual([]);
    expect(problemsOf("adoption: {names: {registryPolicy: Domino-Ecr-Pull-Through-Nodes}}\nregistries: {pullThroughCache: {enabled: true}}\n")).toEqual([
      "adoption.names.registryPolicy: is Domino-Ecr-Pull-Through-Nodes, the name of the pull-through cache's node policy domino-ecr-pull-through-nodes (IAM policy names are unique in the account, whatever the case); choose another",
    ]);
    expect(problemsOf("adoption: {names: {nodeS3Policy: domino-S3, registryPolicy: domino-ECR}}\n")).toEqual([]);
  });
});

describe("adoption.nodeGroups", () => {
  const zones = (prefix: string) => `{usw2-az1: ${prefix}-a, usw2-az2: ${prefix}-b, usw2-az3: ${prefix}-c}`;
  it("takes enabled pools with managed node groups, the platform pool too, each with a group per zone", () => {
    expect(problemsOf(`adoption: {nodeGroups: {platform: {launchTemplate: acme-platform, groups: ${zones("platform")}}, default: {launchTemplate: acme-compute, groups: ${zones("compute")}}}}\n`)).toEqual([]);
    // Repeating this project's own name for the pool's own group is no clash.
    expect(problemsOf("adoption: {nodeGroups: {default: {launchTemplate: domino-default-usw2-az1, groups: {usw2-az1: domino-default-usw2-az1, usw2-az2: b, usw2-az3: c}}}}\n")).toEqual([]);
  });
  it("refuses unknown and disabled pools, and Karpenter pools", () => {
    expect(problemsOf(`adoption: {nodeGroups: {gpu: {launchTemplate: acme-gpu, groups: ${zones("gpu")}}}}\n`)).toEqual([
      "adoption.nodeGroups.gpu: is not an enabled node pool of this deployment; adopted node groups belong to one of its pools with managed node groups: platform, default, default-gpu",
    ]);
    expect(problemsOf(`nodePools: {default-gpu: {enabled: false}}\nadoption: {nodeGroups: {default-gpu: {launchTemplate: acme-gpu, groups: ${zones("gpu")}}}}\n`)).toEqual([
      "adoption.nodeGroups.default-gpu: is not an enabled node pool of this deployment; adopted node groups belong to one of its pools with managed node groups: platform, default",
    ]);
    expect(problemsOf(`autoscaling: {compute: karpenter}\nadoption: {nodeGroups: {default: {launchTemplate: acme-compute, groups: ${zones("compute")}}}}\n`)).toEqual([
      "adoption.nodeGroups.default: pool default is run by Karpenter (scaler karpenter: a NodePool, no node groups); set nodePools.default.scaler: cluster-autoscaler to keep its node groups, or remove it here",
    ]);
  });
  it("needs exactly the pool's zones", () => {
    expect(problemsOf("adoption: {nodeGroups: {default: {launchTemplate: acme-compute, groups: {usw2-az1: a, usw2-az4: d}}}}\n")).toEqual([
      "adoption.nodeGroups.default.groups: must name one node group for each of the pool's zones (usw2-az1, usw2-az2, usw2-az3), by zone id: missing usw2-az2, usw2-az3; usw2-az4 is not one of them",
    ]);
    expect(problemsOf("availabilityZones: [usw2-az2]\nadoption: {nodeGroups: {platform: {launchTemplate: acme-platform, groups: {usw2-az2: p, usw2-az3: q}}}}\n")).toEqual([
      "adoption.nodeGroups.platform.groups: must name one node group for each of the pool's zones (usw2-az2), by zone id: usw2-az3 is not one of them",
    ]);
  });
  it("refuses a name given twice, and this project's names of the pools not listed", () => {
    expect(problemsOf(`adoption: {nodeGroups: {default: {launchTemplate: acme-c, groups: ${zones("a")}}, platform: {launchTemplate: acme-c, groups: {usw2-az1: a-a, usw2-az2: p, usw2-az3: p}}}}\n`)).toEqual([
      "adoption.nodeGroups.platform.groups.usw2-az1: is a-a, already the node group of adoption.nodeGroups.default.groups.usw2-az1; node group names are unique in the cluster",
      "adoption.nodeGroups.platform.groups.usw2-az3: is p, already the node group of adoption.nodeGroups.platform.groups.usw2-az2; node group names are unique in the cluster",
      "adoption.nodeGroups.platform.launchTemplate: is acme-c, already the launch template of adoption.nodeGroups.default; each adopted pool has a launch template of its own (names are unique in the account and region)",
    ]);
    expect(problemsOf("adoption: {nodeGroups: {default: {launchTemplate: domino-platform, groups: {usw2-az1: domino-platform, usw2-az2: domino-default-gpu-usw2-az2, usw2-az3: c}}}}\n")).toEqual([
      "adoption.nodeGroups.default.groups.usw2-az1: is domino-platform, the name of pool platform's own node group; node group names are unique in the cluster: adopt that pool's groups too (adoption.nodeGroups), or rename one of the pools",
      "adoption.nodeGroups.default.groups.usw2-az2: is domino-default-gpu-usw2-az2, the name of pool default-gpu's own node group in usw2-az2; node group names are unique in the cluster: adopt that pool's groups too (adoption.nodeGroups), or rename one of the pools",
      "adoption.nodeGroups.default.launchTemplate: is domino-platform, the name of the launch template of pool platform's own node group; launch template names are unique in the account and region: adopt that pool's groups too (adoption.nodeGroups), or rename one of the pools",
    ]);
  });
  it("checks the names' form: EC2 launch template and EKS node group names, zone ids, pool names", () => {
    expect(problemsOf(`adoption: {nodeGroups: {default: {launchTemplate: ab, groups: {usw2-az1: -x, usw2-az2: "${"x".repeat(64)}", az3: y}}}}\n`)).toEqual([
      "adoption.nodeGroups.default.launchTemplate: must be 3-128 characters (an EC2 launch template name)",
      "adoption.nodeGroups.default.groups.usw2-az1: must be letters, digits, - and _, starting with a letter or digit (an EKS node group name)",
      "adoption.nodeGroups.default.groups.usw2-az2: must be 1-63 characters (an EKS node group name)",
      "adoption.nodeGroups.default.groups.az3: must be an availability zone id such as usw2-az1 (zone ids, not names: they are the same in every account)",
    ]);
    expect(problemsOf(`adoption: {nodeGroups: {default: {launchTemplate: "acme compute", groups: ${zones("c")}}}}\n`)).toEqual([
      "adoption.nodeGroups.default.launchTemplate: must be letters, digits and ( ) . - / _ only (an EC2 launch template name)",
    ]);
    expect(problemsOf(`adoption: {nodeGroups: {default: {launchTemplate: "eks/acme_(compute).v1", groups: ${zones("c")}}}}\n`)).toEqual([]);
    expect(problemsOf(`adoption: {nodeGroups: {Default: {launchTemplate: acme-compute, groups: ${zones("c")}}}}\n`)).toEqual([
      "adoption.nodeGroups.Default: pool names are 2-20 characters of lowercase letters, digits and hyphens",
    ]);
    expect(problemsOf(`adoption: {nodeGroups: {default: {launchTemplate: acme-compute, groups: ${zones("c")}, name: x}}}\n`)).toEqual([
      "adoption.nodeGroups.default.name: is not a known field; allowed here: launchTemplate, groups",
    ]);
  });
  it("the pool's instances are named after the adopted launch template", () => {
    expect(problemsOf(`nodePools: {default: {tags: {Name: x}}}\nadoption: {nodeGroups: {default: {launchTemplate: acme-compute, groups: ${zones("c")}}}}\n`)).toEqual([
      "nodePools.default.tags.Name: is set to the adopted launch template's name (adoption.nodeGroups.default.launchTemplate) on its instances and volumes; remove it",
    ]);
  });
  it("an adopted platform pool counts a group per zone against the node group quota", () => {
    const quota = "quotas: {managedNodeGroupsPerCluster: 8}\n";
    expect(problemsOf(quota)).toEqual([]);
    expect(problemsOf(`${quota}adoption: {nodeGroups: {platform: {launchTemplate: acme-platform, groups: ${zones("p")}}}}\n`)).toEqual([
      "nodePools: make 9 managed node groups (compute pools and the adopted platform pool get one per zone); EKS allows 8 per cluster (quotas.managedNodeGroupsPerCluster, after AWS raised your quota)",
    ]);
  });
});
