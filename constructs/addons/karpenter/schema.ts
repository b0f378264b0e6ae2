/**
 * The `karpenter` field of a deployment: the controller's chart and namespace. Imports only zod and this add-on's
 * defaults, so config/schema.ts can compose it. A pool's own Karpenter settings are in config/karpenter-pool.ts.
 */
import { z } from "zod";
import { DEFAULT_KARPENTER_NAMESPACE, KARPENTER_CHART } from "./defaults";

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export const karpenterSchema = z.strictObject({
  chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be a Karpenter chart version such as 1.9.0" }).default(KARPENTER_CHART.version)
    .describe(`the Karpenter chart (controller and CRDs) the k8s stage installs; default ${KARPENTER_CHART.version}`),
  namespace: z.string().regex(NAMESPACE, { error: "must be a Kubernetes namespace name: lowercase letters, digits and hyphens, at most 63" })
    .default(DEFAULT_KARPENTER_NAMESPACE).describe(`namespace of the Karpenter controller, created by its release; default ${DEFAULT_KARPENTER_NAMESPACE}`),
}).prefault({}).describe("the Karpenter controller, installed when a pool is run by Karpenter (autoscaling.compute or a pool's scaler)");
