/** The `autoscaler` field of a deployment. Imports only zod and this add-on's defaults, so config/schema.ts can compose it. */
import { z } from "zod";
import { AUTOSCALER_CHART, AUTOSCALER_IAM_MODES, DEFAULT_AUTOSCALER_IAM } from "./defaults";

export const clusterAutoscalerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  chartVersion: z.string().default(AUTOSCALER_CHART.version),
  imageTag: z.string().regex(/^v\d+\.\d+\.\d+$/, { error: "must be a cluster-autoscaler image tag such as v1.35.0" }).optional()
    .describe("image tag; defaults to the release matching kubernetesVersion (required for a version the project does not know)"),
  iam: z.enum(AUTOSCALER_IAM_MODES, { error: "must be irsa or node-role" }).default(DEFAULT_AUTOSCALER_IAM)
    .describe("irsa: a role for the autoscaler's service account; node-role: the spec's policy on the platform nodes"),
}).prefault({});
