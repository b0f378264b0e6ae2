/** The `storage.blockStorage` field: the storage class. Imports only zod and this add-on's defaults. */
import { z } from "zod";
import { BLOCK_STORAGE_TYPES, SPEC_STORAGE_CLASS } from "./defaults";

export const blockStorageSchema = z.strictObject({
  storageClassName: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/, {
    error: "must be a Kubernetes object name: lowercase letters, digits, . and -, at most 63 characters",
  }).default(SPEC_STORAGE_CLASS.name),
  type: z.enum(BLOCK_STORAGE_TYPES, { error: "must be gp3 or gp2 (the volume types the spec supports)" }).default(SPEC_STORAGE_CLASS.type),
  defaultClass: z.boolean().default(false),
}).prefault({});
