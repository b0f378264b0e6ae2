/**
 * Which pools Karpenter may run and what their fields can be: the platform pool stays on managed node groups (the
 * controller runs there), Karpenter-only fields need a Karpenter pool, and a Karpenter pool's fields must be ones an
 * EC2NodeClass or NodePool (v1.9) can carry. Each problem names the field and the reason.
 */
import { PLATFORM_POOL } from "../../config/defaults";
import { vcpusOfInstanceType } from "../../config/aws-facts";
import { unknownInstanceTypes } from "../../config/max-pods";
import type { NodePoolConfig } from "../../config/node-pools";
import { joinPath, type Problem } from "../../config/problems";
import type { Rule } from "../../config/rules";

const problem = (path: PropertyKey[], message: string): Problem => ({ path: joinPath(path), message });

/** Graviton (arm64) families: a1, and a `g` after the generation (m7g, c6gn, r8gd, t4g). */
const ARM_FAMILY = /^(a1|[a-z]+\d+g[a-z]*)$/;

/** The platform pool and the fields only Karpenter pools take. */
export const karpenterScalerRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  if (d.nodePools[PLATFORM_POOL]?.scaler === "karpenter") {
    out.push(problem(["nodePools", PLATFORM_POOL, "scaler"], "cannot be karpenter: the Karpenter controller and Domino's platform services run on the platform pool, which stays on managed node groups; set scaler on compute pools, or autoscaling.compute"));
  }
  for (const pool of pools) {
    if (pool.scaler === "karpenter") continue;
    const input = d.nodePools[pool.name] ?? {};
    const runBy = pool.role === "platform"
      ? "the platform pool is always managed node groups"
      : "this pool is managed node groups run by the cluster autoscaler; set its scaler (or autoscaling.compute) to karpenter";
    if (input.instanceFamilies !== undefined) out.push(problem(["nodePools", pool.name, "instanceFamilies"], `is for pools Karpenter runs (managed node groups take instanceTypes only): ${runBy}`));
    if (input.karpenter !== undefined) out.push(problem(["nodePools", pool.name, "karpenter"], `is for pools Karpenter runs: ${runBy}`));
  }
  return out;
};

/** The fields of a Karpenter pool: what it launches, no sizes Karpenter does not keep, nothing a NodeClass cannot carry. */
export const karpenterPoolRules: Rule = ({ deployment: d, pools }) => {
  const out: Problem[] = [];
  for (const pool of pools) {
    if (pool.scaler !== "karpenter") continue;
    const input = d.nodePools[pool.name] ?? {};
    const path = ["nodePools", pool.name];
    if (pool.instanceTypes.length === 0 && pool.instanceFamilies.length === 0) {
      out.push(problem([...path, "instanceTypes"], "is required for a pool Karpenter runs unless instanceFamilies is given: at least one EC2 instance type, or the families (such as m7i) of which Karpenter may launch any size"));
    }
    if (input.instanceTypes !== undefined && input.instanceFamilies !== undefined) {
      out.push(problem([...path, "instanceFamilies"], "goes without instanceTypes: a NodePool's requirements all apply at once, so Karpenter would launch only the listed types that are also of these families; give one of the two"));
    }
    pool.instanceFamilies.forEach((family, i) => {
      if (pool.instanceFamilies.indexOf(family) !== i) out.push(problem([...path, "instanceFamilies", i], `${family} is listed twice`));
      const arm = ARM_FAMILY.test(family);
      const armAmi = pool.amiType.includes("ARM_64");
      if (arm !== armAmi) {
        out.push(problem([...path, "instanceFamilies", i], `${family} is ${arm ? "an arm64 (Graviton)" : "an x86_64"} family, but the pool's amiType ${pool.amiType} is for ${armAmi ? "arm64" : "x86_64"}; use families of the AMI's architecture, or the other amiType`));
      }
    });
    if (input.minSize !== undefined && input.minSize > 0) {
      out.push(problem([...path, "minSize"], `is ${input.minSize}; Karpenter keeps no minimum (it launches nodes for pending pods and removes empty ones), so a pool it runs takes minSize 0 or none`));
    }
    if (input.desiredSize !== undefined) {
      out.push(problem([...path, "desiredSize"], "is a managed node group's size; Karpenter sizes a pool by its pending pods: remove it"));
    }
    if (input.maxSize !== undefined && pool.instanceFamilies.length > 0) {
      out.push(problem([...path, "maxSize"], "has no effect on a pool Karpenter runs with instanceFamilies: maxSize only works out the NodePool's default cpu limit from instanceTypes, and with families karpenter.limits.cpu caps the pool; remove it"));
    } else if (input.maxSize !== undefined && input.karpenter?.limits?.cpu !== undefined) {
      out.push(problem([...path, "maxSize"], "has no effect next to karpenter.limits.cpu, which caps the pool: on a pool Karpenter runs, maxSize only works out a default cpu limit; remove one of the two"));
    }
    if (input.updateConfig !== undefined) {
      out.push(problem([...path, "updateConfig"], "is a managed node group's rolling-update setting; Karpenter replaces a pool's nodes within its disruption budgets: use karpenter.budgets"));
    }
    if (input.capacityReservation !== undefined) {
      out.push(problem([...path, "capacityReservation"], "is a launch-template setting of managed node groups; a pool run by Karpenter takes none here (EC2NodeClass capacity reservations are not mapped yet): leave it out, or set scaler: cluster-autoscaler"));
    }
    if (input.instanceMetadataTags === true) {
      out.push(problem([...path, "instanceMetadataTags"], "has no EC2NodeClass equivalent (its metadataOptions cannot expose instance tags in the instance metadata): remove it"));
    }
    if (d.network.prefixDelegation && pool.kubelet?.maxPods === undefined) {
      const unknown = unknownInstanceTypes(pool.instanceTypes);
      const why = pool.instanceFamilies.length > 0
        ? "with instanceFamilies Karpenter may launch any size, so no one value can be worked out from the instance types"
        : unknown.length > 0 && !pool.amiId ? `the network facts of ${unknown.join(", ")} are not known here to work it out` : undefined;
      if (why) {
        out.push(problem([...path, "kubelet", "maxPods"], `is required with network.prefixDelegation: Karpenter does not read the VPC CNI's prefix delegation and sizes max pods by single addresses, far below what the node holds, and ${why}; set the value max-pods-calculator.sh gives (with --cni-prefix-delegation-enabled) for the smallest instance type the pool may launch`));
      }
    }
    const cpu = pool.karpenter?.limits.cpu;
    if (cpu === undefined) out.push(problem([...path, "karpenter", "limits", "cpu"], `is required: ${cpuLimitReason(pool, input.maxSize)}`));
    else {
      const sizes = pool.instanceTypes.map(vcpusOfInstanceType).filter((v): v is number => v !== undefined);
      const smallest = sizes.length === pool.instanceTypes.length && sizes.length > 0 ? Math.min(...sizes) : undefined;
      if (smallest !== undefined && cpu < smallest) {
        out.push(problem([...path, "karpenter", "limits", "cpu"], `is ${cpu}, fewer vCPUs than the smallest of the pool's instance types has (${smallest}): Karpenter could launch no node`));
      }
    }
  }
  return out;
};

/** Why the NodePool's cpu limit cannot default to the ceiling of the node groups the pool replaces. */
function cpuLimitReason(pool: NodePoolConfig, maxSize: number | undefined): string {
  if (pool.instanceFamilies.length > 0) return "with instanceFamilies Karpenter may launch any size, so the pool's vCPU ceiling cannot be worked out from maxSize; give the most vCPUs its nodes may have in all";
  const unknown = pool.instanceTypes.find((t) => vcpusOfInstanceType(t) === undefined);
  if (unknown !== undefined) return `the vCPUs of ${unknown} are not known from its name, so the pool's ceiling cannot be worked out from maxSize; give the most vCPUs its nodes may have in all`;
  if (maxSize === undefined || maxSize < 1) return "without maxSize the pool's ceiling cannot be worked out; give maxSize (nodes per zone) or the most vCPUs its nodes may have in all";
  return "the pool's ceiling cannot be worked out; give the most vCPUs its nodes may have in all";
}

export const karpenterRules: readonly Rule[] = [karpenterScalerRules, karpenterPoolRules];
