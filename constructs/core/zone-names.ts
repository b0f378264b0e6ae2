import { DataAwsAvailabilityZone } from "@cdktf/provider-aws/lib/data-aws-availability-zone";
import { Construct } from "constructs";
import { idPart } from "../config/naming";

/**
 * The config names zones by id (the same in every account); Kubernetes' topology labels carry the account's zone
 * name (us-west-2a). Each zone id is looked up once, on first use; the construct itself is created on first use too,
 * so a stage that needs no zone name has no lookup.
 */
export class ZoneNames {
  private construct?: Construct;
  private readonly names = new Map<string, string>();

  /** `id`: the construct id of the lookups under `scope`; part of their Terraform addresses. */
  constructor(
    private readonly scope: Construct,
    private readonly id: string,
  ) {}

  nameOf(zoneId: string): string {
    let name = this.names.get(zoneId);
    if (name === undefined) {
      this.construct ??= new Construct(this.scope, this.id);
      name = new DataAwsAvailabilityZone(this.construct, idPart(zoneId), { zoneId }).name;
      this.names.set(zoneId, name);
    }
    return name;
  }
}
