/**
 * Command-line overrides of a pipeline file, Hydra style: `training.bits=[5,12]`,
 * `sampler.params.numSweeps=500`, `~baselines.sgd` (remove a key). Each one is applied to the
 * parsed YAML document before validation, so an override goes through exactly the checks, defaults
 * and grid expansion the file does (a list sweeps), and an error inside an overridden value names
 * the override instead of a line of the file.
 */
import { type Document, isMap, isSeq, type LineCounter, parse as parseYaml } from "yaml";
import { UserError } from "../errors.ts";
import { SourceLocator, type SourcePosition } from "./positions.ts";

/** One parsed `key=value` (or `~key`) argument. */
export interface Override {
  /** The argument as the user typed it, for messages and the manifest. */
  readonly text: string;
  /** Path into the pipeline: map keys, and list indices as numbers. */
  readonly path: readonly (string | number)[];
  /** `set` writes `value` (creating maps on the way); `remove` deletes the key. */
  readonly kind: "set" | "remove";
  readonly value?: unknown;
}

const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_-]*|\d+)$/;

/** The path of `key`: "a.b.0.c" and "a.b[0].c" alike; numbers index lists. */
function parsePath(key: string, text: string): (string | number)[] {
  const segments = key.replace(/\[(\d+)\]/g, ".$1").split(".");
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      throw new UserError(
        `override '${text}' has an invalid key '${key}': write a dotted path of field names, ` +
          "such as training.bits=[5,12] or sampler.params.numSweeps=500.",
        { code: "config" },
      );
    }
  }
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Parses one override argument; its value is YAML (`[5,12]`, `500`, `relu`, `{a: 1}`). */
export function parseOverride(text: string): Override {
  if (text.startsWith("~")) {
    if (text.includes("=")) {
      throw new UserError(
        `override '${text}' both removes and sets a key: write ~KEY to remove it or KEY=VALUE to set it.`,
        { code: "config" },
      );
    }
    return { text, path: parsePath(text.slice(1), text), kind: "remove" };
  }
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new UserError(
      `override '${text}' is not KEY=VALUE: write it as, for example, training.bits=[5,12].`,
      { code: "config" },
    );
  }
  const key = text.slice(0, eq);
  const source = text.slice(eq + 1);
  let value: unknown;
  try {
    value = source.trim() === "" ? null : parseYaml(source);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new UserError(
      `override '${text}' has a value that is not valid YAML (${reason}): ` +
        "quote it for the shell, e.g. 'training.bits=[5,12]'.",
      { code: "config" },
    );
  }
  return { text, path: parsePath(key, text), kind: "set", value };
}

/**
 * Finds positions as {@link SourceLocator} does, except that a path at or below an overridden
 * key is placed at that override (the last one that wrote it).
 */
export class OverrideLocator extends SourceLocator {
  constructor(
    file: string,
    doc: Document,
    lines: LineCounter,
    private readonly overrides: readonly Override[],
  ) {
    super(file, doc, lines);
  }

  override at(path: readonly PropertyKey[], key = false): SourcePosition {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      const o = this.overrides[i];
      if (o.kind !== "set" || o.path.length > path.length) continue;
      if (o.path.every((seg, j) => String(seg) === String(path[j]))) {
        // Before every file position, in the order given, so errors list overrides first.
        return { text: `override '${o.text}'`, offset: i - this.overrides.length };
      }
    }
    return super.at(path, key);
  }
}

/** Applies the overrides to `doc` in order; a path through a scalar is a UserError. */
export function applyOverrides(doc: Document, overrides: readonly Override[]): void {
  for (const o of overrides) {
    // Check the way down: every existing step must be a map (or a list, for a number).
    let node: unknown = doc.contents;
    for (let i = 0; i < o.path.length - 1 && node != null; i++) {
      const seg = o.path[i];
      if (isMap(node)) node = node.get(seg, true);
      else if (isSeq(node) && typeof seg === "number") node = node.get(seg, true);
      else {
        throw new UserError(
          `override '${o.text}' goes through '${
            o.path.slice(0, i).join(".")
          }', which is not a map in the pipeline: override that key as a whole instead.`,
          { code: "config" },
        );
      }
    }
    if (node != null && !isMap(node) && !(isSeq(node) && typeof o.path.at(-1) === "number")) {
      throw new UserError(
        `override '${o.text}' sets a field inside '${
          o.path.slice(0, -1).join(".")
        }', which is not a map in the pipeline: override that key as a whole instead.`,
        { code: "config" },
      );
    }
    if (o.kind === "remove") {
      if (!doc.hasIn(o.path)) {
        throw new UserError(
          `override '${o.text}' removes '${
            o.path.join(".")
          }', which the pipeline does not set: check the key.`,
          { code: "config" },
        );
      }
      doc.deleteIn(o.path);
    } else {
      doc.setIn(o.path, doc.createNode(o.value));
    }
  }
}

/**
 * Applies `overrides` (raw arguments) to a parsed pipeline document and returns the locator
 * its errors should use. A document with syntax errors is left alone: that error comes first.
 */
export function overriddenLocator(
  file: string,
  doc: Document,
  lines: LineCounter,
  overrides: readonly string[],
): SourceLocator {
  if (overrides.length === 0 || doc.errors.length > 0) return new SourceLocator(file, doc, lines);
  const parsed = overrides.map(parseOverride);
  applyOverrides(doc, parsed);
  return new OverrideLocator(file, doc, lines, parsed);
}
