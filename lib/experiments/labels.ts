/**
 * What a user calls a run: `run PIPELINE --name NAME --tag TAG ... [KEY=VALUE ...]`. Recorded in
 * manifest.json (`name`, `tags`, `overrides`) so `runs`, `compare` and `why` can show and find it.
 */
import { UserError } from "../errors.ts";

/** The labels of one run, as recorded in its manifest. */
export interface RunLabels {
  /** Run name (also the default results directory, results/NAME). */
  readonly name?: string;
  /** Tags given with --tag, in order. */
  readonly tags?: readonly string[];
  /** Command-line overrides, as typed, in order (lib/pipeline/overrides.ts). */
  readonly overrides?: readonly string[];
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Checks a run name: it becomes a directory name, so letters, digits, `.`, `_`, `-` only. */
export function checkRunName(name: string): string {
  if (!LABEL.test(name)) {
    throw new UserError(
      `--name "${name}" is not a usable run name: use 1 to 64 letters, digits, '.', '_' or '-', ` +
        "starting with a letter or digit (it becomes the results directory's name).",
      { code: "input" },
    );
  }
  return name;
}

/** Splits and checks `--tag` values (repeatable, or comma-separated); duplicates dropped. */
export function checkTags(values: readonly string[]): string[] {
  const tags = values.flatMap((v) => v.split(",")).map((t) => t.trim()).filter(Boolean);
  for (const tag of tags) {
    if (!LABEL.test(tag)) {
      throw new UserError(
        `--tag "${tag}" is not a usable tag: use 1 to 64 letters, digits, '.', '_' or '-'.`,
        { code: "input" },
      );
    }
  }
  return [...new Set(tags)];
}
