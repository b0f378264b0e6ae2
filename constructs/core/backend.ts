/** One state per stack, in the backend the config names. */
import { LocalBackend, NamedRemoteWorkspace, RemoteBackend, S3Backend, type TerraformStack } from "cdktf";
import * as path from "path";
import type { BackendConfig } from "../config/schema";

/** Terraform runs in cdktf.out/stacks/<stack>; local state lives relative to the project folder above cdktf.out. */
const PROJECT_FROM_STACK_DIR = "../../..";

export function localStatePath(directory: string, stack: string): string {
  return path.posix.join(PROJECT_FROM_STACK_DIR, directory, `terraform.${stack}.tfstate`);
}

export function s3StateKey(keyPrefix: string, stack: string): string {
  return keyPrefix ? `${keyPrefix.replace(/\/+$/, "")}/${stack}.tfstate` : `${stack}.tfstate`;
}

export function addBackend(stack: TerraformStack, stackName: string, backend: BackendConfig): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: localStatePath(backend.directory, stackName) });
      return;
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket,
        region: backend.region,
        key: s3StateKey(backend.keyPrefix, stackName),
        encrypt: true,
        ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
      });
      // S3-native locking (Terraform >= 1.10); the binding has no property for it.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
    case "remote":
      new RemoteBackend(stack, {
        hostname: backend.hostname,
        organization: backend.organization,
        workspaces: new NamedRemoteWorkspace(`${backend.workspacePrefix}${stackName}`),
      });
      return;
  }
}
