/**
 * Maps a path in the parsed pipeline (["training", "bits", 1]) back to the line and column
 * of the YAML text it came from, so every error can say "file:line:column".
 */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { Document } from "yaml";

/** Where a path points in the source, for messages and for sorting errors in file order. */
export interface SourcePosition {
  /** "file:line:column" (1-based), or just "file" when the document is empty. */
  readonly text: string;
  /** Character offset into the text (0 for the file itself). */
  readonly offset: number;
}

/** Finds the YAML nodes of parsed values by path. */
export class SourceLocator {
  constructor(
    /** The file name as errors show it. */
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Position of the value at `path` or, with `key`, of the map key that names it; falls back
   * to the deepest ancestor that exists (a missing field points at the map that lacks it).
   */
  at(path: readonly PropertyKey[], key = false): SourcePosition {
    let node: unknown = this.doc.contents;
    let found: unknown = node;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      let next: unknown = undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) =>
          isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg)
        );
        if (pair) {
          // The last segment's key node when asked for it; its value otherwise.
          if (key && i === path.length - 1) return this.position(pair.key as Node);
          // A key with no value (`seed:`) still has a position: its key's.
          next = pair.value ?? pair.key;
        }
      } else if (isSeq(node) && typeof seg === "number") {
        next = node.items[seg];
      }
      if (next === undefined || next === null) break;
      node = next;
      found = next;
    }
    return this.position(found as Node | null);
  }

  /** Position of a character offset. */
  offset(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { text: `${this.file}:${line}:${col}`, offset };
  }

  private position(node: Node | null | undefined): SourcePosition {
    const range = node?.range;
    if (!range) return { text: this.file, offset: 0 };
    return this.offset(range[0]);
  }
}
