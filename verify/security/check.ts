/** Runs the security rules over synthesized stacks and applies waivers. */
import { compareProblems, Problem } from "../problem";
import { SynthesizedStack, VerifyInputError } from "../stacks";
import { assertValidWaivers, lookupStack, StackLookup, Waiver, waiverCovers } from "../waivers";
import { DEFAULT_PARAMETERS, indexStack, isDefaultEnabled, SecurityParameters, SecurityRule, StackIndex } from "./context";
import { PortSpec, toPortRange } from "./ports";
import { SECURITY_RULES } from "./rules";

export interface SecurityOptions {
  /** Waivers for every stack. */
  readonly waivers?: readonly Waiver[];
  /** Waivers per stack name, e.g. from each deployment's config. */
  readonly waiversByStack?: StackLookup<readonly Waiver[]>;
  /** Ports deliberately open to 0.0.0.0/0 and ::/0 in every stack. */
  readonly allowedIngressPorts?: readonly PortSpec[];
  readonly allowedIngressPortsByStack?: StackLookup<readonly PortSpec[]>;
  /** ARNs the user supplied in the config (their partition is deliberate), per stack. */
  readonly userArnsByStack?: StackLookup<readonly string[]>;
  /** Rules to run (default: the rules of SECURITY_RULES that are on by default, plus `enableRules`). */
  readonly rules?: readonly SecurityRule[];
  /** Ids of rules that are off by default (e.g. `S3_ACCESS_LOGGING`) to run as well. */
  readonly enableRules?: readonly string[];
  /** Thresholds of the rules that have one (default DEFAULT_PARAMETERS). */
  readonly parameters?: Partial<SecurityParameters>;
}

export interface WaivedProblem extends Problem {
  readonly rule: string;
  readonly reason: string;
}

export interface UnusedWaiver {
  /** Undefined for a waiver given for every stack. */
  readonly stack?: string;
  readonly waiver: Waiver;
}

export interface SecurityResult {
  /** Ids of the rules that ran, in catalogue order. */
  readonly rules: string[];
  readonly problems: Problem[];
  readonly waived: WaivedProblem[];
  readonly unusedWaivers: UnusedWaiver[];
}

function validatedWaivers(options: SecurityOptions, stacks: readonly StackIndex[], knownRules: ReadonlySet<string>) {
  const global = options.waivers ?? [];
  assertValidWaivers(global, knownRules, "all stacks");
  const byStack = new Map<string, readonly Waiver[]>();
  const lookup = options.waiversByStack;
  const names = typeof lookup === "object" ? Object.keys(lookup) : stacks.map((stack) => stack.name);
  for (const name of names) {
    const waivers = lookupStack(lookup, name) ?? [];
    assertValidWaivers(waivers, knownRules, `stack "${name}"`);
    byStack.set(name, waivers);
  }
  return { global, byStack };
}

function violationsOf(stack: StackIndex, stacks: readonly StackIndex[], rules: readonly SecurityRule[], options: SecurityOptions): Problem[] {
  const ports = [...(options.allowedIngressPorts ?? []), ...(lookupStack(options.allowedIngressPortsByStack, stack.name) ?? [])];
  const userArns = new Set(lookupStack(options.userArnsByStack, stack.name) ?? []);
  const parameters = { ...DEFAULT_PARAMETERS, ...options.parameters };
  const context = { stack, stacks, allowedIngressPorts: ports.map(toPortRange), userArns, parameters };
  return rules.flatMap((rule) => rule.check(context).map((violation) => ({ stack: stack.name, ...violation, rule: rule.id })));
}

/** The rules a run uses: `options.rules`, or the catalogue's default-on rules plus those named in `enableRules`. */
export function selectRules(options: Pick<SecurityOptions, "rules" | "enableRules"> = {}): readonly SecurityRule[] {
  const enable = new Set(options.enableRules ?? []);
  const known = new Set([...SECURITY_RULES, ...(options.rules ?? [])].map((rule) => rule.id));
  const unknown = [...enable].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new VerifyInputError(`unknown rule ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
  if (options.rules !== undefined) return options.rules;
  return SECURITY_RULES.filter((rule) => isDefaultEnabled(rule) || enable.has(rule.id));
}

export function checkSecurity(stacks: readonly SynthesizedStack[], options: SecurityOptions = {}): SecurityResult {
  const rules = selectRules(options);
  const knownRules = new Set([...SECURITY_RULES, ...rules].map((rule) => rule.id));
  const indexes = stacks.map(indexStack);
  const { global, byStack } = validatedWaivers(options, indexes, knownRules);
  const used = new Set<Waiver>();
  const problems: Problem[] = [];
  const waived: WaivedProblem[] = [];
  for (const stack of indexes) {
    const waivers = [...global, ...(byStack.get(stack.name) ?? [])];
    for (const problem of violationsOf(stack, indexes, rules, options)) {
      const constructPath = stack.byAddress.get(problem.address)?.constructPath;
      const waiver = waivers.find((candidate) => waiverCovers(candidate, problem, constructPath));
      if (waiver === undefined) {
        problems.push(problem);
      } else {
        used.add(waiver);
        waived.push({ ...problem, rule: waiver.rule, reason: waiver.reason });
      }
    }
  }
  const stackNames = new Set(indexes.map((stack) => stack.name));
  // A waiver of a rule that did not run (one off by default) is not unused: it waits for the rule to be enabled.
  const ran = new Set(rules.map((rule) => rule.id));
  const unused = (waiver: Waiver): boolean => !used.has(waiver) && ran.has(waiver.rule);
  const unusedWaivers: UnusedWaiver[] = [
    ...global.filter(unused).map((waiver) => ({ waiver })),
    ...[...byStack]
      .filter(([name]) => stackNames.has(name))
      .flatMap(([stack, waivers]) => waivers.filter(unused).map((waiver) => ({ stack, waiver }))),
  ];
  return { rules: rules.map((rule) => rule.id), problems: problems.sort(compareProblems), waived: waived.sort(compareProblems), unusedWaivers };
}
