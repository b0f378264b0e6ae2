import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { certificateValidation, type DeploymentPlan } from "../config/plan";
import { awsProvider } from "../core/aws-provider";
import { StageStack } from "../core/stage-stack";
import { Account } from "./account";
import { Bastion } from "./bastion";
import { Buckets } from "./buckets";
import { MonitoringBucket } from "./monitoring-bucket";
import { ELB_ACCESS_LOG_PREFIX, S3_ACCESS_LOG_PREFIX, VPC_FLOW_LOG_PREFIX } from "../config/defaults";
import { bucketRolesOf, type DataBucketRole } from "../config/naming";
import { Certificate } from "./certificate";
import { DatasetsEfs } from "./datasets-efs";
import { EfsBackup } from "./efs-backup";
import { keyProviderOf, type KeyProvider } from "./key-provider";
import { NodeS3Policy } from "./node-s3-policy";
import type { InfraOutputs } from "../core/stage-outputs";
import { pullThroughRules } from "../config/registries";
import { PullThroughCache, Registry } from "./registry";
import { vpcProviderOf, type VpcProvider } from "./vpc-provider";

export interface InfraStackProps {
  readonly plan: DeploymentPlan;
  /** Where the VPC comes from; default: `network.existingVpc` when set, else a VPC created here. */
  readonly vpc?: VpcProvider;
  /** Where the KMS key comes from; default: `kms.keyArn` when set, else a key created here. */
  readonly kmsKey?: KeyProvider;
}

/** Stage 1: everything the cluster stands on. */
export class InfraStack extends StageStack {
  readonly outputs: InfraOutputs;
  /** The log bucket (`storage.s3.monitoring.enabled`); give it to `protectBucket` as `accessLogs` for a bucket of your own. */
  readonly monitoringBucket?: MonitoringBucket;

  constructor(scope: Construct, props: InfraStackProps) {
    const { plan } = props;
    super(scope, plan, "infra");
    awsProvider(this, plan);
    this.relaxProviderVersion("aws");

    const { config, deployId } = plan;
    const account = new Account(this, "account", plan.region);
    const key = (props.kmsKey ?? keyProviderOf(plan)).provide(this, { plan, account });

    const s3 = config.storage.s3;
    const existingRoles: readonly DataBucketRole[] = plan.names.existingBuckets;
    const createdRoles = bucketRolesOf(plan.names.buckets).filter((role) => !existingRoles.includes(role));
    const monitoring = plan.names.monitoringBucket === undefined
      ? undefined
      : new MonitoringBucket(this, "monitoring", {
          account,
          name: plan.names.monitoringBucket,
          forceDestroy: s3.forceDestroy,
          noncurrentVersionExpirationDays: s3.noncurrentVersionExpirationDays,
          accessLogSourceBucketArns: createdRoles.map((role) => account.arn("s3", plan.names.buckets[role]!, "", "")),
          flowLogs: config.network.flowLogs.destination === "s3" && !config.network.existingVpc,
        });
    this.monitoringBucket = monitoring;
    const network = (props.vpc ?? vpcProviderOf(plan)).provide(this, {
      plan,
      account,
      kmsKeyArn: key.keyArn,
      ...(monitoring ? { monitoringBucket: { arn: monitoring.bucket.arn, policy: monitoring.policy } } : {}),
    });

    const buckets = new Buckets(this, "buckets", {
      account,
      names: plan.names.buckets,
      existing: plan.names.existingBuckets,
      kmsKeyArn: key.keyArn,
      forceDestroy: s3.forceDestroy,
      noncurrentVersionExpirationDays: s3.noncurrentVersionExpirationDays,
      accessLogBucket: monitoring?.bucket.id,
    });
    const nodeS3 = new NodeS3Policy(this, "node-s3-policy", {
      account,
      deployId,
      bucketNames: plan.names.buckets,
      kmsKeyArn: key.keyArn,
      policyName: plan.names.nodeS3Policy,
      ...(plan.descriptions.nodeS3Policy !== undefined ? { description: plan.descriptions.nodeS3Policy } : {}),
    });

    const efs = new DatasetsEfs(this, "datasets", {
      deployId,
      vpcId: network.vpcId,
      privateSubnetIds: network.privateSubnetIds,
      zoneIds: plan.zones.map((z) => z.zoneId),
      kmsKeyArn: key.keyArn,
      throughputMode: config.storage.efs.throughputMode,
      provisionedThroughputMibps: config.storage.efs.provisionedThroughputMibps,
      performanceMode: config.storage.efs.performanceMode,
      creationToken: plan.names.datasetsCreationToken,
      ...(plan.descriptions.datasetsSecurityGroup !== undefined ? { securityGroupDescription: plan.descriptions.datasetsSecurityGroup } : {}),
    });
    if (config.storage.efs.backup) {
      new EfsBackup(this, "datasets-backup", {
        account,
        deployId,
        fileSystemArn: efs.fileSystem.arn,
        kmsKeyArn: key.keyArn,
        retentionDays: config.storage.efs.backupRetentionDays,
        schedule: config.storage.efs.backupSchedule,
        coldStorageAfterDays: config.storage.efs.coldStorageAfterDays,
      });
    }

    const ecr = config.storage.ecr;
    const registry = ecr.enabled
      ? new Registry(this, "registry", {
          account,
          deployId,
          repositoryNames: plan.names.ecrRepositories,
          kmsKeyArn: key.keyArn,
          forceDelete: ecr.forceDelete,
          policyName: plan.names.registryPolicy,
          ...(plan.descriptions.registryPolicy !== undefined ? { policyDescription: plan.descriptions.registryPolicy } : {}),
        })
      : undefined;

    const cacheRules = pullThroughRules(config.registries);
    const pullThrough = cacheRules.length > 0
      ? new PullThroughCache(this, "pull-through-cache", { account, deployId, rules: cacheRules, kmsKeyArn: key.keyArn })
      : undefined;

    const certificate = new Certificate(this, "domain", {
      fqdn: config.fqdn,
      validation: certificateValidation(config.dns),
      ...(config.dns.hostedZoneId ? { hostedZoneId: config.dns.hostedZoneId } : {}),
    });

    const bastion = config.bastion.enabled
      ? new Bastion(this, "bastion", {
          account,
          deployId,
          vpcId: network.vpcId,
          allowedCidrs: config.bastion.allowedCidrs,
          publicSubnetId: network.publicSubnetIds[0],
          privateSubnetId: network.privateSubnetIds[0],
          instanceType: config.bastion.instanceType,
          kmsKeyArn: key.keyArn,
          ...(plan.descriptions.bastionSecurityGroup !== undefined ? { securityGroupDescription: plan.descriptions.bastionSecurityGroup } : {}),
        })
      : undefined;

    this.outputs = {
      vpcId: network.vpcId,
      vpcCidr: network.vpcCidr,
      privateSubnetIds: network.privateSubnetIds,
      publicSubnetIds: network.publicSubnetIds,
      podSubnetIds: network.podSubnetIds,
      controlPlaneSubnetIds: network.controlPlaneSubnetIds,
      kmsKeyArn: key.keyArn,
      kmsKeyId: key.keyId,
      bucketNames: buckets.names,
      bucketArns: buckets.arns,
      monitoringBucketName: monitoring?.bucket.bucket,
      monitoringBucketArn: monitoring?.bucket.arn,
      nodePolicyArns: [nodeS3.policy.arn, ...(registry ? [registry.policy.arn] : []), ...(pullThrough ? [pullThrough.nodePolicy.arn] : [])],
      efsFileSystemId: efs.fileSystem.id,
      efsAccessPointId: efs.accessPoint.id,
      efsSecurityGroupId: efs.securityGroup.id,
      ecrRegistryUrl: registry?.registryUrl,
      pullThroughCacheRegistry: pullThrough?.registryUrl,
      certificateArn: certificate.certificateArn,
      certificateValidationRecords: certificate.certificate.domainValidationOptions,
      bastionSecurityGroupId: bastion?.securityGroup.id,
    };
    this.addNamedOutputs();
  }

  /** Named outputs for people and the Domino installer (later stacks use `outputs` instead). */
  private addNamedOutputs(): void {
    const o = this.outputs;
    const out = (name: string, value: unknown, description: string) => new TerraformOutput(this, name, { value, description });
    out("vpc_id", o.vpcId, "VPC id");
    out("vpc_cidr", o.vpcCidr, "VPC primary CIDR");
    out("private_subnet_ids", o.privateSubnetIds, "private (node) subnet ids, in availabilityZones order");
    out("public_subnet_ids", o.publicSubnetIds, "public subnet ids, in availabilityZones order");
    out("pod_subnet_ids", o.podSubnetIds, "pod subnet ids (VPC CNI custom networking), in availabilityZones order");
    out("control_plane_subnet_ids", o.controlPlaneSubnetIds, "extra subnets for the EKS control plane's network interfaces only (a one-zone deployment); empty when the private subnets suffice");
    out("kms_key_arn", o.kmsKeyArn, "the deployment's KMS key");
    out("bucket_names", o.bucketNames, `S3 buckets for Domino: blobs (user data), registry, logs, backups${o.bucketNames.costs === undefined ? "" : ", costs (long-term storage of the cost features)"}`);
    if (o.monitoringBucketName) {
      out("monitoring_bucket_name", o.monitoringBucketName, `log bucket (SSE-S3): S3 server access logs under ${S3_ACCESS_LOG_PREFIX}<role>/, load-balancer access logs with prefix ${ELB_ACCESS_LOG_PREFIX} (access_logs.s3.bucket / access_logs.s3.prefix), VPC flow logs under ${VPC_FLOW_LOG_PREFIX} with flowLogs.destination s3`);
      out("monitoring_bucket_arn", o.monitoringBucketArn, "ARN of the log bucket");
    }
    out("node_policy_arns", o.nodePolicyArns, "IAM policies the cluster stage attaches to the node role");
    out("efs_file_system_id", o.efsFileSystemId, "EFS file system for Domino Datasets");
    out("efs_access_point_id", o.efsAccessPointId, "EFS access point for Domino Datasets");
    out("efs_security_group_id", o.efsSecurityGroupId, "security group of the EFS mount targets");
    if (o.ecrRegistryUrl) out("ecr_registry_url", o.ecrRegistryUrl, "ECR registry host for Domino's external Docker registry");
    if (o.pullThroughCacheRegistry) out("pull_through_cache_registry", o.pullThroughCacheRegistry, "ECR registry host of the pull-through cache rules (images at <host>/<prefix>/<upstream repository>)");
    out("certificate_arn", o.certificateArn, "ACM certificate for the deployment's FQDN");
    if (o.bastionSecurityGroupId) out("bastion_security_group_id", o.bastionSecurityGroupId, "security group of the bastion");
  }
}
