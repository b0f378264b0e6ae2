/** Offline verification of synthesized stacks: provider schemas plus the security policy. */
import { Problem, compareProblems } from "./problem";
import { checkStacks } from "./schema/check-stack";
import { loadSchemaSet } from "./schema/load";
import { SchemaSet } from "./schema/types";
import { checkSecurity, SecurityOptions, UnusedWaiver, WaivedProblem } from "./security/check";
import { readSynthesizedStacks, SynthesizedStack } from "./stacks";

export const DEFAULT_OUT_DIR = "cdktf.out";

export interface VerifyOptions extends SecurityOptions {
  /** cdktf output directory holding `stacks/<stack>/cdk.tf.json` (default `cdktf.out`). */
  readonly outDir?: string;
  /** `terraform providers schema -json` files that replace the bundled schema of the providers they contain. */
  readonly schemaFiles?: readonly string[];
  /** Start from the bundled `provider-schemas/` (default true). */
  readonly bundledSchemas?: boolean;
  /** Called as each stack's schema check starts (1-based `index` of `total`), for a progress line. */
  readonly onStack?: (stack: string, index: number, total: number) => void;
}

export interface VerifyReport {
  readonly stacks: readonly string[];
  /** Ids of the security rules that ran. */
  readonly rules: readonly string[];
  /** Schema problems and unwaived security violations; the run fails when this is non-empty. */
  readonly problems: readonly Problem[];
  readonly waived: readonly WaivedProblem[];
  readonly unusedWaivers: readonly UnusedWaiver[];
}

/** Verifies already-loaded stacks against already-loaded schemas. */
export function verifyStacks(
  stacks: readonly SynthesizedStack[],
  schemas: SchemaSet,
  options: SecurityOptions & Pick<VerifyOptions, "onStack"> = {},
): VerifyReport {
  const schemaProblems = stacks.flatMap((stack, i) => {
    options.onStack?.(stack.name, i + 1, stacks.length);
    return checkStacks([stack], schemas);
  });
  const security = checkSecurity(stacks, options);
  return {
    stacks: stacks.map((stack) => stack.name),
    rules: security.rules,
    problems: [...schemaProblems, ...security.problems].sort(compareProblems),
    waived: security.waived,
    unusedWaivers: security.unusedWaivers,
  };
}

/** Reads `<outDir>/stacks/*\/cdk.tf.json` and verifies them. Throws VerifyInputError for unusable input. */
export function runVerify(options: VerifyOptions = {}): VerifyReport {
  const stacks = readSynthesizedStacks(options.outDir ?? DEFAULT_OUT_DIR);
  const schemas = loadSchemaSet({ schemaFiles: options.schemaFiles, bundled: options.bundledSchemas });
  return verifyStacks(stacks, schemas, options);
}

export function isClean(report: VerifyReport): boolean {
  return report.problems.length === 0;
}
