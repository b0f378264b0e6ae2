/**
 * external-dns's IAM policy: the actions of its AWS tutorial, with every action that takes a resource scoped to the
 * configured hosted zones (partition-aware ARNs), so it may change records in those zones and nowhere else.
 * `route53:ListHostedZones` takes no resource and stays on `*`. external-dns applies its zone id filter before it
 * reads a zone's records or tags, so the narrower reads suffice.
 */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { EXTERNAL_DNS_LIST_ACTIONS, EXTERNAL_DNS_ZONE_ACTIONS, EXTERNAL_DNS_ZONE_READ_ACTIONS } from "./defaults";

export interface ExternalDnsPolicyProps {
  /** The partition name (a token). */
  readonly partition: string;
  /** The hosted zones it may change records in (at least one). */
  readonly hostedZoneIds: readonly string[];
}

/** `arn:<partition>:route53:::hostedzone/<id>`: Route53 is global, so the ARN has no region and no account. */
export function hostedZoneArn(partition: string, zoneId: string): string {
  return `arn:${partition}:route53:::hostedzone/${zoneId}`;
}

export function externalDnsStatements(p: ExternalDnsPolicyProps): DataAwsIamPolicyDocumentStatement[] {
  if (p.hostedZoneIds.length === 0) throw new Error("external-dns needs at least one hosted zone id");
  const zones = p.hostedZoneIds.map((id) => hostedZoneArn(p.partition, id));
  return [
    { sid: "ChangeRecordsInZones", effect: "Allow", actions: [...EXTERNAL_DNS_ZONE_ACTIONS], resources: zones },
    { sid: "ReadZones", effect: "Allow", actions: [...EXTERNAL_DNS_ZONE_READ_ACTIONS], resources: zones },
    { sid: "ListZones", effect: "Allow", actions: [...EXTERNAL_DNS_LIST_ACTIONS], resources: ["*"] },
  ];
}

/** external-dns's policy document; `json` is what the IRSA role gets inline. */
export class ExternalDnsPolicy extends Construct {
  readonly json: string;

  constructor(scope: Construct, id: string, props: ExternalDnsPolicyProps) {
    super(scope, id);
    this.json = new DataAwsIamPolicyDocument(this, "document", { statement: externalDnsStatements(props) }).json;
  }
}
