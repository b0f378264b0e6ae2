/** ARNs must be built from `data.aws_partition` so the same code deploys to aws, aws-cn and aws-us-gov. */
import { formatPath, isObject, JsonValue, PathSegment } from "../../json";
import { listBlocks } from "../../stacks";
import { SecurityRule, StackIndex, Violation } from "../context";

/** A literal-partition ARN up to the end of the JSON string or list it is embedded in. */
const LITERAL_PARTITION_ARN = /\barn:aws(-[a-z]+)*:[^\s"',\]}]*/;

/** Every string value under `value` containing a literal partition, skipping `//` metadata at any depth. */
function literalPartitions(value: JsonValue, path: readonly PathSegment[]): Array<{ path: readonly PathSegment[]; arn: string }> {
  if (typeof value === "string") {
    const arn = LITERAL_PARTITION_ARN.exec(value);
    return arn === null ? [] : [{ path, arn: arn[0] }];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => literalPartitions(item, [...path, index]));
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => (key === "//" ? [] : literalPartitions(item, [...path, key])));
  }
  return [];
}

/** Top-level sections other than resource/data, each entry addressed like Terraform does (`output.x`). */
const NAMED_SECTIONS: Readonly<Record<string, string>> = { provider: "provider", output: "output", locals: "local", module: "module", variable: "var" };

function addressedValues(stack: StackIndex): Array<{ address: string; value: JsonValue }> {
  const json = stack.json;
  const blocks = [...listBlocks(json, "resource"), ...listBlocks(json, "data")].map((block) => ({ address: block.address, value: block.body }));
  const named = Object.entries(NAMED_SECTIONS).flatMap(([section, prefix]) => {
    const entries = json[section];
    return isObject(entries) ? Object.entries(entries).map(([name, value]) => ({ address: `${prefix}.${name}`, value })) : [];
  });
  const terraform = json.terraform === undefined ? [] : [{ address: "terraform", value: json.terraform }];
  return [...blocks, ...named, ...terraform];
}

function message(arn: string): string {
  return `hard-coded partition in ${JSON.stringify(arn)}; use arn:\${data.aws_partition.<name>.partition}:...`;
}

const noHardcodedPartition: SecurityRule = {
  id: "NO_HARDCODED_PARTITION",
  rationale: 'Literal "arn:aws:" breaks deployments to aws-cn and aws-us-gov; build ARNs from data.aws_partition.',
  checkov: [],
  trivy: [],
  check: (context) =>
    addressedValues(context.stack).flatMap(({ address, value }): Violation[] =>
      literalPartitions(value, [])
        .filter((found) => !context.userArns.has(found.arn))
        .map((found) => ({ address, path: formatPath(found.path), message: message(found.arn) })),
    ),
};

export const PARTITION_RULES: readonly SecurityRule[] = [noHardcodedPartition];
