/** CoreDNS (EKS add-on): cluster DNS. Its pods need nodes, so it is installed in the nodes stage, after the node groups. */
import { EksManagedAddon } from "../eks-addon";

export class CorednsAddon extends EksManagedAddon {
  constructor() {
    super("coredns", "after-compute");
  }
}
