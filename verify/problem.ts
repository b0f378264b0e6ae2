/** The single finding type shared by the schema check and the security rules. */

export interface Problem {
  readonly stack: string;
  /** `<type>.<name>` for resources, `data.<type>.<name>` for data sources, `provider.<name>` for providers. */
  readonly address: string;
  /** Attribute path inside the block, e.g. `ingress[0].cidr_blocks`; empty when the problem is the whole block. */
  readonly path: string;
  readonly message: string;
  /** Security rule id; absent for provider-schema problems. */
  readonly rule?: string;
}

/** `<stack>: <address>: <path>: <message> [RULE]` (the path segment is left out when empty). */
export function formatProblem(problem: Problem): string {
  const location = [problem.stack, problem.address, problem.path].filter((part) => part !== "").join(": ");
  return `${location}: ${problem.message}${problem.rule === undefined ? "" : ` [${problem.rule}]`}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    a.stack.localeCompare(b.stack) ||
    a.address.localeCompare(b.address) ||
    a.path.localeCompare(b.path) ||
    a.message.localeCompare(b.message)
  );
}
