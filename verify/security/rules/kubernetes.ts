/** What the helm and kubernetes providers install: charts from TLS sources at pinned versions, encrypted volumes. */
import { isObject } from "../../json";
import { resourcesOfType, SecurityRule, Violation } from "../context";

/** A chart or repository given by URL must use TLS: https:// or oci:// (registries speak HTTPS). */
const PLAIN_URL = /^(?:http|ftp):\/\//i;

const helmTls: SecurityRule = {
  id: "HELM_HTTPS_REPOSITORY",
  rationale: "Charts come over https:// or oci://: a chart fetched over plain HTTP can be swapped in transit and runs with cluster-admin rights.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, "helm_release").flatMap((release): Violation[] =>
      (["repository", "chart"] as const)
        .filter((attribute) => typeof release.body[attribute] === "string" && PLAIN_URL.test(String(release.body[attribute])))
        .map((attribute) => ({ address: release.address, path: attribute, message: `${attribute} ${JSON.stringify(release.body[attribute])} is fetched without TLS; use https:// or oci://` })),
    ),
};

const isRemote = (body: Record<string, unknown>): boolean =>
  body.repository !== undefined || (typeof body.chart === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(body.chart));

const helmPinned: SecurityRule = {
  id: "HELM_CHART_VERSION_PINNED",
  rationale: "A remote chart without a version installs whatever is latest at apply time: an unreviewed upgrade of cluster software.",
  checkov: [],
  trivy: [],
  check: (context) =>
    resourcesOfType(context.stack, "helm_release").flatMap((release): Violation[] => {
      const version = release.body.version;
      const pinned = (typeof version === "string" && version.trim() !== "") || typeof version === "number";
      if (!isRemote(release.body) || pinned) return [];
      return [{ address: release.address, path: "version", message: "remote chart without a version; pin the chart version" }];
    }),
};

const EBS_PROVISIONERS = new Set(["ebs.csi.aws.com", "kubernetes.io/aws-ebs"]);
const STORAGE_CLASSES = ["kubernetes_storage_class_v1", "kubernetes_storage_class"];

const storageClassEncrypted: SecurityRule = {
  id: "K8S_STORAGE_CLASS_ENCRYPTED",
  rationale: 'Storage classes that provision EBS volumes set parameters.encrypted = "true", so every persistent volume is encrypted at rest.',
  checkov: [],
  trivy: [],
  check: (context) =>
    STORAGE_CLASSES.flatMap((type) => resourcesOfType(context.stack, type)).flatMap((storageClass): Violation[] => {
      if (!EBS_PROVISIONERS.has(String(storageClass.body.storage_provisioner))) return [];
      const parameters = storageClass.body.parameters;
      const encrypted = isObject(parameters) ? parameters.encrypted : undefined;
      if (encrypted === "true" || encrypted === true) return [];
      const found = encrypted === undefined ? "not set" : `is ${JSON.stringify(encrypted)}`;
      return [{ address: storageClass.address, path: "parameters.encrypted", message: `EBS storage class with parameters.encrypted ${found}; must be "true"` }];
    }),
};

export const KUBERNETES_RULES: readonly SecurityRule[] = [helmTls, helmPinned, storageClassEncrypted];
