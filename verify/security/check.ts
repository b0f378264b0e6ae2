/** Runs the security rules over synthesized stacks and applies waivers. */
import { compareProblems, Problem } from "../problem";
import { SynthesizedStack } from "../stacks";
import { assertValidWaivers, lookupStack, StackLookup, Waiver, waiverCovers } from "../waivers";
import { indexStack, SecurityRule, StackIndex } from "./context";
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
  /** Rules to run (default: all of SECURITY_RULES). */
  readonly rules?: readonly SecurityRule[];
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
  const context = { stack, stacks, allowedIngressPorts: ports.map(toPortRange), userArns };
  return rules.flatMap((rule) => rule.check(context).map((violation) => ({ stack: stack.name, ...violation, rule: rule.id })));
}

export function checkSecurity(stacks: readonly SynthesizedStack[], options: SecurityOptions = {}): SecurityResult {
  const rules = options.rules ?? SECURITY_RULES;
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
  const unusedWaivers: UnusedWaiver[] = [
    ...global.filter((waiver) => !used.has(waiver)).map((waiver) => ({ waiver })),
    ...[...byStack]
      .filter(([name]) => stackNames.has(name))
      .flatMap(([stack, waivers]) => waivers.filter((waiver) => !used.has(waiver)).map((waiver) => ({ stack, waiver }))),
  ];
  return { problems: problems.sort(compareProblems), waived: waived.sort(compareProblems), unusedWaivers };
}
