/** Whether the real terraform can run here: a binary on PATH and a provider mirror (CI has both; a laptop may not). */
import { findMirror, findTerraform } from "../../cli/terraform/setup";

export function terraformAvailable(): boolean {
  try {
    findTerraform();
    return findMirror(undefined) !== undefined;
  } catch {
    return false;
  }
}
