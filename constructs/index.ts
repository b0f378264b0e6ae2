/**
 * domino-eks-cdktf: CDK for Terraform constructs for Domino Data Lab on AWS EKS. Importing this module creates nothing
 * and reads no file or environment variable; `new DominoDeployment(app, props)` builds the four stage stacks.
 * Import provider classes in your own code from their own module paths (`@cdktf/provider-aws/lib/s3-bucket`).
 */

// The deployment and its stages.
export { DominoDeployment, type DominoDeploymentOptions, type DominoDeploymentProps } from "./deployment";
export { InfraStack, type InfraStackProps } from "./infra/infra-stack";
export { ClusterStack, type ClusterStackProps } from "./cluster/cluster-stack";
export { NodesStack, type NodesStackProps } from "./nodes/nodes-stack";
export { K8sStack, type K8sStackProps } from "./k8s/k8s-stack";
export { StageStack, type ProviderName } from "./core/stage-stack";
export type { ClusterOutputs, InfraOutputs, NodesOutputs, VpcOutputs } from "./core/stage-outputs";

// The Terraform address contract: moved blocks, the project's own migrations, and import blocks for adoption.
export { addMovedBlock, addressOf, movedBlocksOf, type MovedBlock } from "./core/moved";
export { MIGRATIONS, type Migration } from "./core/migrations";
export { addImportBlock, importBlocksOf, importProblems, type ImportBlock } from "./core/imports";

// Add-ons: the contract, the built-ins and how they compose.
export * from "./addons";

// Create or bring: the VPC and the KMS key.
export { CreateVpcProvider, ExistingVpcProvider, vpcProviderOf, type ProvidedVpc, type VpcProvider, type VpcProviderContext } from "./infra/vpc-provider";
export { CreateKeyProvider, ExistingKeyProvider, keyProviderOf, type KeyProvider, type KeyProviderContext, type ProvidedKey } from "./infra/key-provider";

// The constructs the stages are made of, for use on their own.
export { Account } from "./infra/account";
export { Bastion, type BastionProps } from "./infra/bastion";
export { Buckets, protectBucket, type AccessLogTarget, type BucketProtectionProps, type BucketsProps } from "./infra/buckets";
export { Certificate, type CertificateProps } from "./infra/certificate";
export { DatasetsEfs, type DatasetsEfsProps } from "./infra/datasets-efs";
export { EfsBackup, type EfsBackupProps } from "./infra/efs-backup";
export { ExistingNetwork, type ExistingNetworkProps } from "./infra/existing-network";
export { FlowLogs, type FlowLogsProps } from "./infra/flow-logs";
export { MonitoringBucket, type MonitoringBucketProps } from "./infra/monitoring-bucket";
export { DeploymentKey, type DeploymentKeyProps } from "./infra/kms-key";
export { Network, type NetworkProps } from "./infra/network";
export { NodeS3Policy, type NodeS3PolicyProps } from "./infra/node-s3-policy";
export { Registry, type RegistryProps } from "./infra/registry";
export { VpcEndpoints, type VpcEndpointsProps } from "./infra/vpc-endpoints";
export { ClusterAdminAccess, type ClusterAdminAccessProps } from "./cluster/cluster-access";
export { EksControlPlane, type EksControlPlaneProps } from "./cluster/eks-cluster";
export { IRSA_AUDIENCE, IrsaRole, type IrsaRoleProps } from "./cluster/irsa-role";
export { NodeRole, type NodeRoleProps } from "./core/node-role";
export { ClusterSecurityGroups, type ClusterSecurityGroupsProps } from "./cluster/security-groups";
export { ManagedNodeGroup, nodeLaunchTemplate, type ManagedNodeGroupProps, type NodeLaunchTemplateProps } from "./nodes/node-group";
export { DOMINO_CONFIG_OUTPUT, InstallerValues, dominoConfigOf, type InstallerValuesProps } from "./k8s/installer-values";
export type { DominoConfig } from "./k8s/domino-config";
export { DominoNamespaces, type DominoNamespacesProps } from "./k8s/namespaces";
export { eksGetTokenExec, providerAuth, type ExecAuth, type ProviderAuth } from "./k8s/provider-auth";
export { EksAddons, type AddonSpec, type EksAddonsProps } from "./core/eks-addons";
export { Partition } from "./core/partition";
export { ZoneNames } from "./core/zone-names";

// Config: the schema, validation, resolution and names.
export { ConfigError, formatProblem, joinPath, type Problem } from "./config/problems";
export { checkDeploymentInput, configJsonSchema, describeIssue, validateDeployment, type CheckOptions, type DeploymentCheck, type SourceText } from "./config/validate";
export { checkAcrossDeployments, checkDeployment, type Rule, type RuleInput } from "./config/rules";
export { configFileSchema, deploymentSchema, multiDeploymentSchema, type AdoptionConfig, type DeploymentInput, type ParsedDeployment, type Taint } from "./config/schema";
export type { DeploymentConfig } from "./config/deployment-config";
export type { NodePoolConfig } from "./config/node-pools";
export { DEPLOY_ID_TAG, planDeployment, type DeploymentPlan, type NodeGroupPlan, type ZonePlan } from "./config/plan";
export * as naming from "./config/naming";
export * as defaults from "./config/defaults";
