/** Reading synthesized stacks (`cdktf.out/stacks/<stack>/cdk.tf.json`) and walking their resources. */
import * as fs from "fs";
import * as path from "path";
import { isObject, JsonObject } from "./json";

/** An expected failure (missing input, bad option, invalid waiver): reported without a stack trace. */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyInputError";
  }
}

export interface SynthesizedStack {
  readonly name: string;
  readonly json: JsonObject;
}

export type BlockMode = "resource" | "data";

/** One `resource` or `data` entry of a stack. */
export interface TerraformBlock {
  readonly mode: BlockMode;
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.blobs_1A2B3C` or `data.aws_iam_policy_document.doc` */
  readonly address: string;
  readonly body: JsonObject;
  /** cdktf construct path from the `//` metadata, e.g. `infra/storage/blobs`. */
  readonly constructPath?: string;
}

export function blockAddress(mode: BlockMode, type: string, name: string): string {
  return mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
}

function constructPathOf(body: JsonObject): string | undefined {
  const comment = body["//"];
  const metadata = isObject(comment) ? comment.metadata : undefined;
  return isObject(metadata) && typeof metadata.path === "string" ? metadata.path : undefined;
}

/** Every `resource` or `data` entry, in file order. A body written as an array yields one entry per element. */
export function listBlocks(json: JsonObject, mode: BlockMode): TerraformBlock[] {
  const section = json[mode];
  if (!isObject(section)) return [];
  const blocks: TerraformBlock[] = [];
  for (const [type, byName] of Object.entries(section)) {
    if (!isObject(byName)) continue;
    for (const [name, value] of Object.entries(byName)) {
      for (const body of Array.isArray(value) ? value : [value]) {
        if (!isObject(body)) continue;
        blocks.push({ mode, type, name, address: blockAddress(mode, type, name), body, constructPath: constructPathOf(body) });
      }
    }
  }
  return blocks;
}

export function parseStackJson(name: string, text: string, file: string): SynthesizedStack {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VerifyInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(json)) throw new VerifyInputError(`${file}: expected a JSON object`);
  return { name, json };
}

/** All stacks under `<outDir>/stacks`, sorted by name. */
export function readSynthesizedStacks(outDir: string): SynthesizedStack[] {
  const stacksDir = path.join(outDir, "stacks");
  if (!fs.existsSync(stacksDir)) {
    throw new VerifyInputError(`no synthesized stacks: ${stacksDir} does not exist (run \`npm run synth\` first)`);
  }
  const stacks = fs
    .readdirSync(stacksDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(stacksDir, entry.name, "cdk.tf.json"))
    .filter((file) => fs.existsSync(file))
    .map((file) => parseStackJson(path.basename(path.dirname(file)), fs.readFileSync(file, "utf8"), file))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (stacks.length === 0) {
    throw new VerifyInputError(`no synthesized stacks: no ${stacksDir}/*/cdk.tf.json (run \`npm run synth\` first)`);
  }
  return stacks;
}
