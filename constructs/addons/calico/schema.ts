/** The `calico` field of a deployment. Imports only zod and this add-on's defaults. */
import { z } from "zod";
import { CALICO_CHART } from "./defaults";

export const calicoSchema = z.strictObject({
  chartVersion: z.string().default(CALICO_CHART.version),
  releaseName: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/, { error: "must be a Helm release name: 1-53 lowercase letters, digits and hyphens, starting and ending with a letter or digit" })
    .default(CALICO_CHART.releaseName)
    .describe(`the Helm release of the Tigera operator chart in ${CALICO_CHART.namespace}; an adopted deployment keeps its own (Domino's Terraform installs calico-tigera-operator), so the release is imported and upgraded in place rather than installed beside it. Default ${CALICO_CHART.releaseName}`),
}).prefault({});
