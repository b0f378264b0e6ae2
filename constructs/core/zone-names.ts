import { DataAwsAvailabilityZone } from "@cdktf/provider-aws/lib/data-aws-availability-zone";
import { Construct } from "constructs";
import { idPart } from "../config/naming";

export interface ZoneNamesProps {
  readonly zoneIds: readonly string[];
}

/**
 * The config names zones by id (the same in every account); Kubernetes' topology labels carry the account's zone
 * name (us-west-2a). Looked up per zone id.
 */
export class ZoneNames extends Construct {
  private readonly names = new Map<string, string>();

  constructor(scope: Construct, id: string, props: ZoneNamesProps) {
    super(scope, id);
    for (const zoneId of props.zoneIds) {
      this.names.set(zoneId, new DataAwsAvailabilityZone(this, idPart(zoneId), { zoneId }).name);
    }
  }

  nameOf(zoneId: string): string {
    const name = this.names.get(zoneId);
    if (name === undefined) throw new Error(`zone ${zoneId} was not looked up`);
    return name;
  }
}
