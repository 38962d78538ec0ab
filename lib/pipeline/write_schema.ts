/**
 * Writes pipelines/schema.json from the zod schema, so editors can complete and check pipeline
 * files. Run from the project root: `deno run -A lib/pipeline/write_schema.ts [out]`.
 * A test checks the committed file equals {@link schemaFileText}.
 */
import { pipelineJsonSchema } from "./schema.ts";

/** Where the published schema lives, relative to the project root. */
export const SCHEMA_PATH = "pipelines/schema.json";

/** The exact text of pipelines/schema.json (two-space JSON, trailing newline). */
export function schemaFileText(): string {
  return JSON.stringify(pipelineJsonSchema(), null, 2) + "\n";
}

if (import.meta.main) {
  const out = Deno.args[0] ?? SCHEMA_PATH;
  await Deno.writeTextFile(out, schemaFileText());
  console.log(`wrote ${out}`);
}
