/** Human-readable rendering of a verification report, grouped by stack. */
import { formatProblem } from "./problem";
import { WaivedProblem } from "./security/check";
import { isDefaultEnabled } from "./security/context";
import { SECURITY_RULES } from "./security/rules";
import { VerifyReport } from "./verify";
import { Waiver } from "./waivers";

export function formatWaived(item: WaivedProblem): string {
  const path = item.path === "" ? "" : ` ${item.path}`;
  return `WAIVED ${item.rule} ${item.address}${path}: ${item.reason}`;
}

function describeWaiver(waiver: Waiver): string {
  const globs = [...(waiver.resource === undefined ? [] : [waiver.resource]), ...(waiver.resources ?? [])];
  return `${waiver.rule}${globs.length === 0 ? "" : ` (${globs.join(", ")})`}: ${waiver.reason}`;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;

function stackSection(report: VerifyReport, stack: string): string[] {
  const problems = report.problems.filter((problem) => problem.stack === stack);
  const waived = report.waived.filter((item) => item.stack === stack);
  const summary = problems.length === 0 ? "ok" : plural(problems.length, "problem");
  const waivedNote = waived.length === 0 ? "" : `, ${waived.length} waived`;
  return [
    `stack ${stack}: ${summary}${waivedNote}`,
    ...problems.map((problem) => `  ${formatProblem(problem)}`),
    ...waived.map((item) => `  ${formatWaived(item)}`),
  ];
}

/** `56 security rules (off by default, enable with --rule: S3_ACCESS_LOGGING, ...)`. */
function rulesLine(report: VerifyReport): string {
  const ran = new Set(report.rules);
  const off = SECURITY_RULES.filter((rule) => !ran.has(rule.id) && !isDefaultEnabled(rule)).map((rule) => rule.id);
  return `${plural(report.rules.length, "security rule")}${off.length === 0 ? "" : ` (off by default, enable with --rule: ${off.join(", ")})`}`;
}

export function formatReport(report: VerifyReport): string {
  const failing = new Set(report.problems.map((problem) => problem.stack));
  const unused = report.unusedWaivers.map(({ stack, waiver }) => `  ${stack ?? "all stacks"}: ${describeWaiver(waiver)}`);
  const result =
    failing.size === 0
      ? `OK: ${plural(report.stacks.length, "stack")} verified (${report.waived.length} waived)`
      : `FAILED: ${plural(report.problems.length, "problem")} in ${failing.size} of ${plural(report.stacks.length, "stack")} (${report.waived.length} waived)`;
  return [
    ...report.stacks.flatMap((stack) => stackSection(report, stack)),
    ...(unused.length === 0 ? [] : ["", "unused waivers (nothing matched them):", ...unused]),
    "",
    rulesLine(report),
    result,
  ].join("\n");
}
