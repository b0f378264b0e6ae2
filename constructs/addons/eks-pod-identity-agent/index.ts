/** The EKS Pod Identity agent (EKS add-on): installed with the cluster, so pods may use Pod Identity from the start. */
import { EksManagedAddon } from "../eks-addon";

export class EksPodIdentityAgentAddon extends EksManagedAddon {
  constructor() {
    super("eks-pod-identity-agent", "before-compute");
  }
}
