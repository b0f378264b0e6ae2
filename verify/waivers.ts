/** Waivers: documented, deliberate exceptions to a security rule. */
import { isObject } from "./json";
import { Problem } from "./problem";
import { VerifyInputError } from "./stacks";

export interface Waiver {
  /** Security rule id, e.g. `KMS_KEY_ROTATION`. */
  readonly rule: string;
  /** Why the exception is acceptable; required and non-empty. */
  readonly reason: string;
  /** Glob (`*`, `?`) over the resource address or cdktf construct path; the waiver covers the whole stack without one. */
  readonly resource?: string;
  /** Several globs; same matching as `resource` (the deployment config spells it this way). */
  readonly resources?: readonly string[];
}

/** Per-stack values: a record keyed by stack name, or a function of the stack name. */
export type StackLookup<T> = Readonly<Record<string, T>> | ((stack: string) => T | undefined);

export function lookupStack<T>(lookup: StackLookup<T> | undefined, stack: string): T | undefined {
  if (lookup === undefined) return undefined;
  if (typeof lookup === "function") return lookup(stack);
  return Object.prototype.hasOwnProperty.call(lookup, stack) ? lookup[stack] : undefined;
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`);
}

function waiverGlobs(waiver: Waiver): string[] {
  return [...(waiver.resource === undefined ? [] : [waiver.resource]), ...(waiver.resources ?? [])];
}

/** Whether `waiver` covers `problem`; `constructPath` is the offending block's cdktf path, when known. */
export function waiverCovers(waiver: Waiver, problem: Problem, constructPath?: string): boolean {
  if (problem.rule !== waiver.rule) return false;
  const globs = waiverGlobs(waiver);
  if (globs.length === 0) return true;
  const targets = [problem.address, ...(constructPath === undefined ? [] : [constructPath])];
  return globs.some((glob) => targets.some((target) => globToRegExp(glob).test(target)));
}

/** Every reason the waivers are unusable; `scope` names where they came from (e.g. `stack "infra"`). */
export function waiverErrors(waivers: readonly unknown[], knownRules: ReadonlySet<string>, scope: string): string[] {
  return waivers.flatMap((waiver, index) => {
    const where = `waiver #${index + 1} for ${scope}`;
    if (!isObject(waiver)) return [`${where}: expected an object with "rule" and "reason"`];
    const errors: string[] = [];
    if (typeof waiver.rule !== "string" || !knownRules.has(waiver.rule)) {
      errors.push(`${where}: unknown rule ${JSON.stringify(waiver.rule ?? null)} (known: ${[...knownRules].join(", ")})`);
    }
    if (typeof waiver.reason !== "string" || waiver.reason.trim() === "") {
      errors.push(`${where} (${String(waiver.rule)}): "reason" must be a non-empty string`);
    }
    const globs = [waiver.resource, ...(Array.isArray(waiver.resources) ? waiver.resources : [waiver.resources])].filter((g) => g !== undefined);
    if (globs.some((glob) => typeof glob !== "string" || glob.trim() === "")) {
      errors.push(`${where} (${String(waiver.rule)}): "resource"/"resources" must be non-empty strings`);
    }
    return errors;
  });
}

export function assertValidWaivers(waivers: readonly unknown[], knownRules: ReadonlySet<string>, scope: string): asserts waivers is Waiver[] {
  const errors = waiverErrors(waivers, knownRules, scope);
  if (errors.length > 0) throw new VerifyInputError(`invalid waivers:\n  ${errors.join("\n  ")}`);
}
