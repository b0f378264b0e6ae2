/**
 * Property: whatever JSON value sits at whatever field of the config, the loader accepts the file or reports problems,
 * and when the schema refuses the value, a problem names that field (or a field inside or around it). Nothing else
 * is thrown, no run takes long, and every accepted config plans.
 */
import fc from "fast-check";
import { parseConfig } from "../../cli/config-file";
import { planDeployment } from "../../constructs/config/plan";
import { ConfigError, joinPath } from "../../constructs/config/problems";
import { deploymentSchema } from "../../constructs/config/schema";
import { configJsonSchema } from "../../constructs/config/validate";

type Segment = string | number;
type JsonSchema = Record<string, any>;

/** Every field path of the JSON Schema: records get a sample key, lists their first item, unions every variant. */
function schemaPaths(schema: JsonSchema, defs: JsonSchema, path: Segment[] = [], depth = 0): Segment[][] {
  if (depth > 8) return [];
  if (schema.$ref) return schemaPaths(defs[String(schema.$ref).split("/").pop() as string], defs, path, depth + 1);
  const out: Segment[][] = path.length > 0 ? [path] : [];
  for (const variant of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...schemaPaths(variant, defs, path, depth + 1));
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    out.push(...schemaPaths(child, defs, [...path, key], depth + 1));
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    out.push(...schemaPaths(schema.additionalProperties, defs, [...path, path[path.length - 1] === "nodePools" ? "default" : "key"], depth + 1));
  }
  if (schema.items && typeof schema.items === "object") out.push(...schemaPaths(schema.items, defs, [...path, 0], depth + 1));
  return out;
}

const root = configJsonSchema();
const deploymentRoot = (root.anyOf as JsonSchema[] | undefined)?.find((s) => s.properties?.deployId) ?? root;
const seen = new Set<string>();
const PATHS = schemaPaths(deploymentRoot, (root.$defs ?? root.definitions ?? {}) as JsonSchema).filter((p) => {
  const key = JSON.stringify(p);
  return !seen.has(key) && seen.add(key) && p[0] !== "$schema";
});

/** A config holding `value` at `path`, with the objects and lists on the way created. */
function configWith(path: readonly Segment[], value: unknown): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  let node: any = top;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    node[segment] ??= typeof path[i + 1] === "number" ? [] : {};
    node = node[segment];
  });
  return top;
}

/** Values the schema's fields care about, beside arbitrary JSON. */
const interesting = fc.constantFrom(
  "", " ", "us-west-2", "us-iso-east-1", "usw2-az1", "10.0.0.0/16", "0.0.0.0/0", "010.0.0.0/8", "1.35", "1.99", "~> 6.25",
  "arn:aws:s3:::bucket", "arn:aws:kms:us-west-2:111122223333:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "__proto__",
  "m5.2xlarge", "domino", "a".repeat(300), -1, 0, 1, 2 ** 31, 1.5, true, null, [], {}, ["usw2-az1", "usw2-az1"],
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), interesting, fc.string({ maxLength: 40 }));

const related = (problemPath: string, field: string) =>
  problemPath === field || problemPath.startsWith(`${field}.`) || problemPath.startsWith(`${field}[`) ||
  field.startsWith(`${problemPath}.`) || field.startsWith(`${problemPath}[`) || problemPath === "";

describe("the loader over arbitrary values at every field", () => {
  it("covers the schema's fields", () => {
    expect(PATHS.length).toBeGreaterThan(100);
    expect(PATHS.map((p) => joinPath(p))).toEqual(expect.arrayContaining(["deployId", "network.vpcCidr", "nodePools.default.labels.key", "backend.bucket", "storage.ecr.repositories[0]"]));
  });

  it("accepts, or names the field; never throws anything else, never takes long", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), value, (path, v) => {
        const config = configWith(path, v);
        const text = JSON.stringify(config);
        const started = Date.now();
        let problems: readonly { path: string }[] = [];
        try {
          for (const deployment of parseConfig(text, "property.json")) planDeployment(deployment);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          problems = error.problems;
          expect(problems.length).toBeGreaterThan(0);
        }
        expect(Date.now() - started).toBeLessThan(2000);
        if (!deploymentSchema.safeParse(JSON.parse(text)).success) {
          // The field itself, or (when the value is fine but an object created on its way lacks required fields) a
          // field of the same top-level block.
          const field = joinPath(path);
          const block = joinPath(path.slice(0, 1));
          if (!problems.some((p) => related(p.path, field) || related(p.path, block))) {
            throw new Error(`the schema refuses ${shortJson(v)} at ${field}, but no problem names it: ${JSON.stringify(problems)}`);
          }
        }
      }),
      { numRuns: 2500, seed: Number(process.env.PROPERTY_SEED ?? 20261202) },
    );
  });
});

function shortJson(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
