import { joinPath } from "../../config/problems";
import type { Rule } from "../../config/rules";
import { AUTOSCALER_IMAGE_TAGS } from "./defaults";

/** The autoscaler's image must match the cluster's minor version; an unknown version needs an explicit tag. */
export const imageTagRule: Rule = ({ deployment: d }) =>
  d.autoscaler.enabled && !d.autoscaler.imageTag && !AUTOSCALER_IMAGE_TAGS[d.kubernetesVersion]
    ? [{
        path: joinPath(["autoscaler", "imageTag"]),
        message: `is required: no known cluster-autoscaler release for Kubernetes ${d.kubernetesVersion} (known: ${Object.keys(AUTOSCALER_IMAGE_TAGS).join(", ")}); give the v${d.kubernetesVersion}.x tag`,
      }]
    : [];
