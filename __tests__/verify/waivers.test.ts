import { formatProblem } from "../../verify/problem";
import { formatReport } from "../../verify/report";
import { checkSecurity, SecurityOptions } from "../../verify/security/check";
import { VerifyInputError } from "../../verify/stacks";
import { Waiver } from "../../verify/waivers";
import { parseWaiversFile } from "../../verify/waivers-file";
import { infraStack, k8sStack, resource, stack } from "./fixtures";

/** Infra without key rotation: exactly one KMS_KEY_ROTATION violation, on aws_kms_key.key (construct path infra/kms/key). */
function stacksWithoutRotation() {
  const infra = infraStack();
  resource(infra, "aws_kms_key", "key").enable_key_rotation = false;
  return [stack("infra", infra), stack("k8s", k8sStack())];
}

const rotationWaiver: Waiver = { rule: "KMS_KEY_ROTATION", reason: "imported key, rotated by the security team" };
const run = (options: SecurityOptions) => checkSecurity(stacksWithoutRotation(), options);

test("a waived violation is not a failure and is reported separately", () => {
  const result = run({ waiversByStack: { infra: [rotationWaiver] } });
  expect(result.problems).toEqual([]);
  expect(result.waived).toEqual([
    {
      stack: "infra",
      address: "aws_kms_key.key",
      path: "enable_key_rotation",
      message: "key rotation disabled (is false); must be true",
      rule: "KMS_KEY_ROTATION",
      reason: "imported key, rotated by the security team",
    },
  ]);
});

test("the report prints waived items and still passes", () => {
  const security = checkSecurity(stacksWithoutRotation(), { waivers: [rotationWaiver] });
  expect(formatReport({ stacks: ["infra", "k8s"], ...security })).toBe(
    [
      "stack infra: ok, 1 waived",
      "  WAIVED KMS_KEY_ROTATION aws_kms_key.key enable_key_rotation: imported key, rotated by the security team",
      "stack k8s: ok",
      "",
      "56 security rules",
      "OK: 2 stacks verified (1 waived)",
    ].join("\n"),
  );
});

test("resource globs match the address or the cdktf construct path", () => {
  expect(run({ waivers: [{ ...rotationWaiver, resource: "aws_kms_key.*" }] }).problems).toEqual([]);
  expect(run({ waivers: [{ ...rotationWaiver, resources: ["infra/kms/*"] }] }).problems).toEqual([]);
  const miss = run({ waivers: [{ ...rotationWaiver, resource: "aws_kms_key.other*" }] });
  expect(miss.problems.map(formatProblem)).toEqual([
    "infra: aws_kms_key.key: enable_key_rotation: key rotation disabled (is false); must be true [KMS_KEY_ROTATION]",
  ]);
  expect(miss.unusedWaivers).toEqual([{ waiver: { ...rotationWaiver, resource: "aws_kms_key.other*" } }]);
});

test("waivers only apply to their rule and their stack; a function can supply them", () => {
  expect(run({ waiversByStack: { k8s: [rotationWaiver] } }).problems).toHaveLength(1);
  expect(run({ waivers: [{ rule: "EFS_ENCRYPTED", reason: "n/a" }] }).problems).toHaveLength(1);
  const byFunction = run({ waiversByStack: (name) => (name === "infra" ? [rotationWaiver] : undefined) });
  expect(byFunction.problems).toEqual([]);
  expect(byFunction.waived).toHaveLength(1);
});

test("a waiver with an empty reason is rejected", () => {
  const empty = () => run({ waiversByStack: { infra: [{ rule: "KMS_KEY_ROTATION", reason: "  " }] } });
  expect(empty).toThrow(VerifyInputError);
  expect(empty).toThrow('waiver #1 for stack "infra" (KMS_KEY_ROTATION): "reason" must be a non-empty string');
});

test("a waiver for an unknown rule is rejected", () => {
  expect(() => run({ waivers: [{ rule: "KMS_ROTATION", reason: "typo" }] })).toThrow(/waiver #1 for all stacks: unknown rule "KMS_ROTATION"/);
});

test("the --waivers file maps stacks to waivers, with * for every stack", () => {
  const file = parseWaiversFile("w.json", JSON.stringify({ "*": [rotationWaiver], infra: [{ rule: "S3_VERSIONING", reason: "logs" }] }));
  expect(file).toEqual({ waivers: [rotationWaiver], waiversByStack: { infra: [{ rule: "S3_VERSIONING", reason: "logs" }] } });
  expect(() => parseWaiversFile("w.json", JSON.stringify({ infra: { rule: "x" } }))).toThrow('w.json: "infra" must be a list of waivers');
});
