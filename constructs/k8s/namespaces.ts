/** Domino's three namespaces, created ahead of its installer when the config asks for it. */
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "constructs";

export interface DominoNamespacesProps {
  readonly platform: string;
  readonly compute: string;
  readonly system: string;
}

export class DominoNamespaces extends Construct {
  readonly namespaces: Readonly<Record<keyof DominoNamespacesProps, NamespaceV1>>;

  constructor(scope: Construct, id: string, props: DominoNamespacesProps) {
    super(scope, id);
    const make = (key: keyof DominoNamespacesProps) =>
      new NamespaceV1(this, key, {
        metadata: { name: props[key] },
        // Domino's installer labels and annotates its namespaces; those edits are not drift.
        lifecycle: { ignoreChanges: ["metadata[0].labels", "metadata[0].annotations"] },
      });
    this.namespaces = { platform: make("platform"), compute: make("compute"), system: make("system") };
  }
}
