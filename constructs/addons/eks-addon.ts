/** An add-on that is only an EKS managed add-on with no IAM of its own, installed before or after the node groups. */
import type { ClusterContribution, DominoAddon, NodesContribution } from "./addon";

export type EksAddonPhase = "before-compute" | "after-compute";

export class EksManagedAddon implements DominoAddon {
  readonly eksAddonNames: readonly string[];

  /** `name` is both the add-on's name and the EKS add-on's; `phase` says whether its pods need nodes. */
  constructor(
    readonly name: string,
    private readonly phase: EksAddonPhase,
  ) {
    this.eksAddonNames = [name];
  }

  cluster(): ClusterContribution {
    return this.phase === "before-compute" ? { eksAddons: [{ name: this.name }] } : {};
  }

  nodes(): NodesContribution {
    return this.phase === "after-compute" ? { eksAddons: [{ name: this.name }] } : {};
  }
}
