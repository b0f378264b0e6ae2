/**
 * A pool's AMI as an EC2NodeClass `amiSelectorTerms` alias (`<family>@<version>`, Karpenter v1): the family from the
 * pool's amiType, the version from its amiReleaseVersion. EKS names AL2023 releases `<k8s>-<build date>` and Karpenter
 * `v<build date>`; Bottlerocket releases `<version>-<commit>` and Karpenter `v<version>`. Karpenter picks the
 * architecture and the NVIDIA variant per instance type itself. Pure.
 */

/** `al2023@v20251120`, `bottlerocket@v1.50.0`; `@latest` without a release (a new AMI then drifts the pool's nodes). */
export function karpenterAmiAlias(amiType: string, amiReleaseVersion?: string): string {
  const bottlerocket = amiType.startsWith("BOTTLEROCKET");
  const family = bottlerocket ? "bottlerocket" : "al2023";
  if (amiReleaseVersion === undefined) return `${family}@latest`;
  const [version, suffix] = amiReleaseVersion.split("-");
  return `${family}@v${bottlerocket ? version : suffix}`;
}
