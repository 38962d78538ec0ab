/**
 * Loads a pipeline file: YAML (with positions) -> zod validation (errors mapped back to
 * file:line:column) -> grid expansion -> a typed {@link Pipeline}.
 */
import { createHash } from "node:crypto";
import { basename, dirname, extname, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { UserError } from "../errors.ts";
import { DEFAULT_CACHE_DIR, DEFAULT_EXACT, DEFAULT_SGD } from "./defaults.ts";
import { explainIssues, formatProblem } from "./explain.ts";
import { expandGrid } from "./grid.ts";
import { checkCellCount, gridUpperBound } from "./limits.ts";
import { overriddenLocator } from "./overrides.ts";
import { aliasProblem } from "./positions.ts";
import { type PipelineFile, pipelineFileSchema } from "./schema.ts";
import type { ExactConfig, Pipeline, SgdConfig } from "./types.ts";

/** Reads, validates and expands the pipeline at `path`; every problem is a UserError. */
export async function loadPipeline(
  path: string,
  overrides: readonly string[] = [],
): Promise<Pipeline> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UserError(
        `pipeline file '${path}' not found (looked in ${resolve(path)}); check the path`,
        { code: "config" },
      );
    }
    if (error instanceof Deno.errors.IsADirectory) {
      throw new UserError(`pipeline file '${path}' is a directory; give a .yaml file`, {
        code: "config",
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`cannot read pipeline file '${path}': ${reason}`, { code: "config" });
  }
  return parsePipeline(pipelineText(bytes, path), path, overrides);
}

/**
 * The text of a pipeline file, which must be UTF-8 (a UTF-8 byte-order mark is allowed). UTF-16
 * and other encodings are refused with the position of the first bad byte, never echoed.
 */
export function pipelineText(bytes: Uint8Array, path: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0));
  if (utf16) {
    throw new UserError(
      `pipeline file '${path}' is UTF-16 text; save it as UTF-8 (most editors: "Save with encoding" > UTF-8)`,
      { code: "config" },
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder("utf-8").decode(bytes);
    const at = loose.indexOf("\uFFFD");
    const before = loose.slice(0, Math.max(0, at));
    const line = before.split("\n").length;
    const col = at - before.lastIndexOf("\n");
    throw new UserError(
      `${path}:${line}:${col}: the pipeline file is not UTF-8 text (an invalid byte here, perhaps Latin-1 or Windows-1252); save it as UTF-8`,
      { code: "config" },
    );
  }
}

/** The source line and a caret under `col`, for a syntax error's details. */
function excerpt(text: string, line: number, col: number): string[] {
  const source = text.split(/\r?\n/)[line - 1];
  if (source === undefined || source.trim() === "") return [];
  return [source, `${" ".repeat(Math.max(0, col - 1))}^`];
}

/**
 * As {@link loadPipeline}, from text; `file` names the file in errors and sets defaults.
 * `overrides` (`training.bits=[5,12]`, lib/pipeline/overrides.ts) apply before validation.
 */
export function parsePipeline(
  text: string,
  file: string,
  overrides: readonly string[] = [],
): Pipeline {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const locator = overriddenLocator(file, doc, lines, overrides);
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lines.linePos(error.pos[0]);
    // yaml's messages are sentences of their own; keep the first one.
    const reason = error.message.split("\n")[0].replace(/\.$/, "");
    throw new UserError(
      `${file}:${line}:${col}: YAML syntax error: ${reason}; fix the YAML at this position`,
      { code: "config", details: excerpt(text, line, col) },
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // yaml throws (not reports) unresolved aliases and alias bombs: say where.
    const problem = aliasProblem(doc, locator);
    if (problem) {
      throw new UserError(`${problem.position.text}: ${problem.message}`, { code: "config" });
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (!/alias/i.test(reason)) throw error;
    throw new UserError(
      `${file}: YAML aliases could not be resolved (${reason}); write the values out`,
      { code: "config" },
    );
  }
  if (raw === null || raw === undefined) {
    throw new UserError(
      `${file} is empty; a pipeline needs at least a dataset, such as 'dataset: { name: digits }'`,
      { code: "config" },
    );
  }
  const parsed = pipelineFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = explainIssues(parsed.error.issues, raw, locator).map(formatProblem);
    throw new UserError(problems[0], { code: "config", details: problems.slice(1) });
  }
  const pipelineFile = raw as PipelineFile;
  checkCellCount(file, gridUpperBound(pipelineFile), { upTo: true });
  const cells = expandGrid(pipelineFile, { locator, baseDir: dirname(resolve(file)) });
  return {
    // The default name becomes a directory name: keep it to safe characters.
    name: pipelineFile.name ?? basename(file, extname(file)).replace(/[^A-Za-z0-9._-]+/g, "-"),
    description: pipelineFile.description ?? "",
    file,
    fileSha256: createHash("sha256").update(text, "utf8").digest("hex"),
    cacheDir: pipelineFile.cacheDir ?? DEFAULT_CACHE_DIR,
    cells,
    baselines: baselines(pipelineFile.baselines),
    report: pipelineFile.report ?? true,
  };
}

function baselines(raw: PipelineFile["baselines"]): Pipeline["baselines"] {
  if (raw === false) return { sgd: null, exact: null };
  const pick = <T extends object>(value: boolean | object | undefined, defaults: T): T | null =>
    value === false ? null : { ...defaults, ...(typeof value === "object" ? value : {}) };
  return {
    sgd: pick<SgdConfig>(raw?.sgd, DEFAULT_SGD),
    exact: pick<ExactConfig>(raw?.exact, DEFAULT_EXACT),
  };
}
