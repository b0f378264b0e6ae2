/** The `--waivers FILE` format: `{ "<stack>": [{ "rule", "reason", "resource"? }], "*": [...] }`. */
import * as fs from "fs";
import { isObject } from "./json";
import { VerifyInputError } from "./stacks";
import { Waiver } from "./waivers";

/** Key whose waivers apply to every stack. */
export const ALL_STACKS_KEY = "*";

export interface WaiversFile {
  readonly waivers: readonly Waiver[];
  readonly waiversByStack: Readonly<Record<string, readonly Waiver[]>>;
}

/** Shape only; rule ids and reasons are validated with the rules (see `assertValidWaivers`). */
export function parseWaiversFile(file: string, text: string): WaiversFile {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new VerifyInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(document)) throw new VerifyInputError(`${file}: expected an object mapping stack names to lists of waivers`);
  const byStack: Record<string, readonly Waiver[]> = {};
  for (const [stack, waivers] of Object.entries(document)) {
    if (!Array.isArray(waivers)) throw new VerifyInputError(`${file}: "${stack}" must be a list of waivers`);
    byStack[stack] = waivers as unknown as Waiver[];
  }
  const { [ALL_STACKS_KEY]: all = [], ...rest } = byStack;
  return { waivers: all, waiversByStack: rest };
}

export function readWaiversFile(file: string): WaiversFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new VerifyInputError(`waivers file not found: ${file}`);
  }
  return parseWaiversFile(file, text);
}
