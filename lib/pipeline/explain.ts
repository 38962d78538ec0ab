/**
 * Turns zod validation issues into one clear sentence each, placed at the line and column of
 * the offending YAML node: "x.yaml:12:9: training.bits must be an integer from 1 to 32 (or a
 * list of them), got 'ten'".
 */
import type { z } from "zod";
import { CONTAINERS, FIELDS, normalisePath } from "./schema.ts";
import type { SourceLocator, SourcePosition } from "./positions.ts";
import { suggest } from "./suggest.ts";

type Issue = z.core.$ZodIssue;

/** One problem found in a pipeline file, with where it is. */
export interface PipelineProblem {
  readonly position: SourcePosition;
  /** The sentence without the position. */
  readonly message: string;
}

/** Formats a problem as "file:line:column: message". */
export function formatProblem(problem: PipelineProblem): string {
  return `${problem.position.text}: ${problem.message}`;
}

/** Shows a value the user wrote, briefly: 'ten', 3.5, null, a list, a map. */
export function showValue(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return "a map";
  return String(value);
}

/** "dataset[1].name", "training.bits[2]", "" for the root. */
export function displayPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Where a container is, in words: "features", "dataset[1]", "the top level". */
function containerName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "the top level" : displayPath(path);
}

/** Unknown key in a fixed-key map, with a suggestion and the allowed keys. */
export function unknownKeyMessage(
  key: string,
  containerPath: readonly PropertyKey[],
  allowed: readonly string[],
): string {
  const guess = suggest(key, allowed);
  return `unknown key '${key}' in ${containerName(containerPath)}` +
    (guess ? `; did you mean '${guess}'?` : ";") + ` Allowed: ${allowed.join(", ")}`;
}

/** A branch of a union matched the input's shape when its issues go inside the value. */
function matchedShape(branch: readonly Issue[]): boolean {
  return branch.some((i) => i.path.length > 0 || i.code === "unrecognized_keys");
}

/**
 * Leaf issues with absolute paths. A union (scalar or list, map or list of maps, false or map)
 * is explained through the branch that matched the input's shape; when none did, the union
 * itself is the leaf (a wrong type or value for the field as a whole).
 */
function leaves(
  issue: Issue,
  prefix: readonly PropertyKey[],
): { path: PropertyKey[]; issue: Issue }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union") {
    const branch = issue.errors.find(matchedShape);
    if (branch) return branch.flatMap((inner) => leaves(inner, path));
  }
  return [{ path, issue }];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}

/** Explains one leaf issue (several problems for several unknown keys). */
function explainLeaf(
  path: PropertyKey[],
  issue: Issue,
  root: unknown,
  locator: SourceLocator,
): PipelineProblem[] {
  const norm = normalisePath(path);
  if (issue.code === "unrecognized_keys") {
    const allowed = CONTAINERS[norm]?.keys ?? [];
    return issue.keys.map((key) => ({
      position: locator.at([...path, key], true),
      message: unknownKeyMessage(key, path, allowed),
    }));
  }
  const value = valueAt(root, path);
  const spec = FIELDS[norm];
  const container = CONTAINERS[norm];
  const expect = spec?.expect ?? container?.expect ?? "valid";
  if (value === undefined && path.length > 0) {
    const parent = path.slice(0, -1);
    return [{
      position: locator.at(parent),
      message: `${containerName(parent)} is missing '${
        String(path.at(-1))
      }', which must be ${expect}`,
    }];
  }
  const element = spec?.grid === true && typeof path.at(-1) === "number";
  const listForm = spec?.grid === true && !element ? " (or a list of them)" : "";
  const guess = spec?.choices && typeof value === "string"
    ? suggest(value, spec.choices)
    : undefined;
  const name = path.length === 0 ? "a pipeline file" : displayPath(path);
  return [{
    position: locator.at(path),
    message: `${name} must be ${expect}${listForm}, got ${showValue(value)}` +
      (guess ? `; did you mean '${guess}'?` : ""),
  }];
}

/** Every problem zod found, in file order. */
export function explainIssues(
  issues: readonly Issue[],
  root: unknown,
  locator: SourceLocator,
): PipelineProblem[] {
  const problems = issues.flatMap((issue) =>
    leaves(issue, []).flatMap((leaf) => explainLeaf(leaf.path, leaf.issue, root, locator))
  );
  return problems.sort((a, b) => a.position.offset - b.position.offset);
}
