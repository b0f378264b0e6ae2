/**
 * The Karpenter settings of one pool (`nodePools.<pool>.karpenter`): its NodePool's disruption, limits and weight.
 * Formats follow Karpenter's CRD patterns, so what passes here the API server accepts.
 */
import { z } from "zod";
import { CONSOLIDATION_POLICIES, DEFAULT_KARPENTER_DISRUPTION, DISRUPTION_REASONS } from "./defaults";

/** Karpenter's own duration format (its CRDs' pattern): hours, minutes and seconds such as 720h or 1h30m, or Never. */
const DURATION = /^(([0-9]+(s|m|h))+|Never)$/;
const durationMessage = "must be a duration such as 30s, 5m, 720h or 1h30m, or Never";
/** A budget's `nodes`: a count or a percentage of the pool's nodes. */
const BUDGET_NODES = /^((100|[0-9]{1,2})%|[0-9]+)$/;
/** A budget's duration: hours and/or minutes (Karpenter's pattern). */
const BUDGET_DURATION = /^([0-9]+h)?([0-9]+m)?$/;
/** Five cron fields, or one of the @ shorthands Karpenter accepts. */
const CRON = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/;

const budgetSchema = z.strictObject({
  nodes: z.string({ error: "must be a count or a percentage as a string, such as \"1\" or \"10%\"" })
    .regex(BUDGET_NODES, { error: "must be a count or a percentage as a string, such as \"1\" or \"10%\"" })
    .describe("how many of the pool's nodes may be disrupted at once: a count (\"2\") or a percentage (\"10%\"); \"0\" blocks disruption"),
  schedule: z.string().regex(CRON, { error: "must be a cron schedule of five fields in UTC, such as \"0 9 * * mon-fri\", or @daily" }).optional()
    .describe("when the budget is in force (cron, UTC); with duration"),
  duration: z.string().regex(BUDGET_DURATION, { error: "must be hours and/or minutes such as 8h or 1h30m" }).refine((d) => d !== "", { error: "must not be empty" }).optional()
    .describe("how long the budget is in force from each schedule time; with schedule"),
  reasons: z.array(z.enum(DISRUPTION_REASONS, { error: `must be ${DISRUPTION_REASONS.join(", ")}` })).optional()
    .describe("the disruption reasons the budget applies to; all when left out"),
}).superRefine((b, ctx) => {
  if ((b.schedule === undefined) !== (b.duration === undefined)) {
    ctx.addIssue({ code: "custom", path: [b.schedule === undefined ? "schedule" : "duration"], message: "schedule and duration go together: give both or neither" });
  }
});

/** Karpenter settings of a pool it runs; every field has a default. */
export const karpenterPoolSchema = z.strictObject({
  consolidationPolicy: z.enum(CONSOLIDATION_POLICIES, { error: `must be ${CONSOLIDATION_POLICIES.join(" or ")}` }).optional()
    .describe(`which nodes Karpenter may consolidate: WhenEmpty (only nodes without workload pods) or WhenEmptyOrUnderutilized (also moves pods to pack nodes); default ${DEFAULT_KARPENTER_DISRUPTION.consolidationPolicy}`),
  consolidateAfter: z.string().regex(DURATION, { error: durationMessage }).optional()
    .describe(`how long a node must be consolidatable before Karpenter acts; default ${DEFAULT_KARPENTER_DISRUPTION.consolidateAfter}`),
  expireAfter: z.string().regex(DURATION, { error: durationMessage }).optional()
    .describe(`node lifetime after which Karpenter replaces it; default ${DEFAULT_KARPENTER_DISRUPTION.expireAfter}`),
  budgets: z.array(budgetSchema).min(1, { error: "must list at least one budget" }).max(50, { error: "must list at most 50 budgets" }).optional()
    .describe(`disruption budgets; default one budget of ${DEFAULT_KARPENTER_DISRUPTION.budgets[0].nodes} of the pool's nodes`),
  limits: z.strictObject({
    cpu: z.number({ error: "must be a whole number of vCPUs" }).int({ error: "must be a whole number of vCPUs" }).min(1, { error: "must be 1 or more" }).optional()
      .describe("the most vCPUs the pool's nodes may have in all"),
    memoryGiB: z.number({ error: "must be a whole number of GiB" }).int({ error: "must be a whole number of GiB" }).min(1, { error: "must be 1 or more" }).optional()
      .describe("the most memory, in GiB, the pool's nodes may have in all"),
    nvidiaGpus: z.number({ error: "must be a whole number of GPUs" }).int({ error: "must be a whole number of GPUs" }).min(1, { error: "must be 1 or more" }).optional()
      .describe("the most NVIDIA GPUs the pool's nodes may have in all"),
  }).optional().describe("the NodePool's limits; default: cpu is maxSize x zones x the vCPUs of the largest of instanceTypes (the ceiling of the node groups the pool replaces)"),
  weight: z.number({ error: "must be a whole number 1-100" }).int({ error: "must be a whole number 1-100" }).min(1, { error: "must be 1-100" }).max(100, { error: "must be 1-100" }).optional()
    .describe("the NodePool's weight, when a pod could go to several pools; higher is tried first"),
});

export type KarpenterPoolInput = z.infer<typeof karpenterPoolSchema>;
