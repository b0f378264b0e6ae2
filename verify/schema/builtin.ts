/** Schemas of Terraform's built-in provider, which `terraform providers schema -json` does not print. */
import { ProviderSchema } from "./types";

export const BUILTIN_PROVIDER = "terraform.io/builtin/terraform";

export const BUILTIN_SCHEMA: ProviderSchema = {
  data_source_schemas: {
    terraform_remote_state: {
      block: {
        attributes: {
          backend: { type: "string", required: true },
          // Optional for Terraform, but a remote state without config silently reads the default local state,
          // which is never what a cdktf cross-stack reference means.
          config: { type: "dynamic", required: true },
          defaults: { type: "dynamic", optional: true },
          workspace: { type: "string", optional: true },
          outputs: { type: "dynamic", computed: true },
        },
      },
    },
  },
  resource_schemas: {
    terraform_data: {
      block: {
        attributes: {
          id: { type: "string", computed: true },
          input: { type: "dynamic", optional: true },
          output: { type: "dynamic", computed: true },
          triggers_replace: { type: "dynamic", optional: true },
        },
      },
    },
  },
};
