import { joinPath } from "../../config/problems";
import type { Rule } from "../../config/rules";

/** The chart's service account uses the controller's IRSA role, which `enabled: false` leaves out. */
export const chartNeedsRoleRule: Rule = ({ deployment: d }) =>
  d.loadBalancerController.chart.enabled && !d.loadBalancerController.enabled
    ? [{
        path: joinPath(["loadBalancerController", "chart", "enabled"]),
        message: "needs loadBalancerController.enabled: true (the chart's service account uses the controller's IRSA role, which enabled: false leaves out)",
      }]
    : [];
