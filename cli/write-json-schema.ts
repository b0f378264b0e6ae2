/** Writes domino-eks.schema.json from the zod definitions (`npm run schema`); a test keeps the committed file current. */
import * as fs from "fs";
import * as path from "path";
import { configJsonSchema } from "../constructs/config/validate";

export const JSON_SCHEMA_FILE = "domino-eks.schema.json";

export function renderJsonSchema(): string {
  return `${JSON.stringify({ title: "Domino on EKS deployment config", ...configJsonSchema() }, null, 2)}\n`;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? JSON_SCHEMA_FILE);
  fs.writeFileSync(file, renderJsonSchema());
  process.stdout.write(`wrote ${file}\n`);
}
