/**
 * The project's address migrations: every time a change renames or moves a construct whose resource users may already
 * have applied, add an entry here (and record it in CHANGELOG.md). Each stage stack writes a `moved` block for every
 * entry of its stage (./moved.ts explains why), so Terraform renames the state entry instead of destroying and
 * recreating the resource. Entries stay for good: a user may upgrade from any earlier version. A `from` a deployment
 * never had is a no-op for Terraform.
 *
 * `npm run addresses` rewrites addresses/<example>.json, and the addresses test fails when a committed address is gone
 * without an entry here that moves it to an address that exists.
 */
import type { Stage } from "../config/naming";

export interface Migration {
  /** The stage whose stack (`<deployId>-<stage>`, in every deployment) holds the resource. */
  readonly stage: Stage;
  /** The old address within the stack, without the stack: `<type>.<logical id>`, e.g. `aws_vpc.network_vpc_1A2B3C4D`. */
  readonly from: string;
  /** The new address within the stack. */
  readonly to: string;
  /** The version of this project that made the change, e.g. "0.2.0". */
  readonly since: string;
  /** Why the address changed (the rename or refactor), for the reader of this list. */
  readonly reason: string;
}

export const MIGRATIONS: readonly Migration[] = [];
