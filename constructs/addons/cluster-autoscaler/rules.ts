import { joinPath } from "../../config/problems";
import type { Rule } from "../../config/rules";
import { AUTOSCALER_IMAGE_TAGS } from "./defaults";

/**
 * The autoscaler's image must match the cluster's minor version; an unknown version needs an explicit tag. Not asked
 * when no managed node group can scale (the autoscaler is then not installed).
 */
export const imageTagRule: Rule = ({ deployment: d, pools }) =>
  d.autoscaler.enabled && pools.some((p) => p.scaler !== "karpenter" && p.minSize < p.maxSize) && !d.autoscaler.imageTag && !AUTOSCALER_IMAGE_TAGS[d.kubernetesVersion]
    ? [{
        path: joinPath(["autoscaler", "imageTag"]),
        message: `is required: no known cluster-autoscaler release for Kubernetes ${d.kubernetesVersion} (known: ${Object.keys(AUTOSCALER_IMAGE_TAGS).join(", ")}); give the v${d.kubernetesVersion}.x tag`,
      }]
    : [];
