import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { AUTOSCALER_EXTRA_READ_ACTIONS, AUTOSCALER_MUTATING_ACTIONS, SPEC_AUTOSCALER_ACTIONS } from "./defaults";
import { autoscalerDiscoveryTags } from "./tags";

export interface AutoscalerPolicyProps {
  readonly clusterName: string;
}

/**
 * The spec's autoscaler actions: the read-only ones (plus the few newer releases also read) on every group, the ones
 * that resize or terminate only on groups tagged for this cluster's autoscaler (the node groups' discovery tags).
 */
export class AutoscalerPolicy extends Construct {
  readonly json: string;

  constructor(scope: Construct, id: string, props: AutoscalerPolicyProps) {
    super(scope, id);
    const readOnly = [...SPEC_AUTOSCALER_ACTIONS.filter((a) => !AUTOSCALER_MUTATING_ACTIONS.includes(a)), ...AUTOSCALER_EXTRA_READ_ACTIONS];
    const doc = new DataAwsIamPolicyDocument(this, "document", {
      statement: [
        { sid: "Discover", effect: "Allow", actions: readOnly, resources: ["*"] },
        {
          sid: "ScaleOwnGroups",
          effect: "Allow",
          actions: [...AUTOSCALER_MUTATING_ACTIONS],
          resources: ["*"],
          condition: [
            ...Object.entries(autoscalerDiscoveryTags(props.clusterName)).map(([tag, value]) => ({
              test: "StringEquals",
              variable: `aws:ResourceTag/${tag}`,
              values: [value],
            })),
          ],
        },
      ],
    });
    this.json = doc.json;
  }
}
