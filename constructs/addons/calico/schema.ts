/** The `calico` field of a deployment. Imports only zod and this add-on's defaults. */
import { z } from "zod";
import { CALICO_CHART } from "./defaults";

export const calicoSchema = z.strictObject({
  chartVersion: z.string().default(CALICO_CHART.version),
}).prefault({});
