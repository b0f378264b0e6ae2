/** kube-proxy (EKS add-on): Service routing on every node; installed with the cluster, before any node exists. */
import { EksManagedAddon } from "../eks-addon";

export class KubeProxyAddon extends EksManagedAddon {
  constructor() {
    super("kube-proxy", "before-compute");
  }
}
