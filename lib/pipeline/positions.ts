/**
 * Maps a path in the parsed pipeline (["training", "bits", 1]) back to the line and column
 * of the YAML text it came from, so every error can say "file:line:column".
 */
import {
  type Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  visit,
} from "yaml";
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

/** An alias node with the position of its `*name` in the source. */
interface AliasAt {
  readonly node: Alias;
  readonly offset: number;
}

/** Every alias of `doc` in file order, and the first offset of each anchor name. */
function aliasesAndAnchors(doc: Document): { aliases: AliasAt[]; anchors: Map<string, number> } {
  const aliases: AliasAt[] = [];
  const anchors = new Map<string, number>();
  visit(doc, {
    Alias(_, node) {
      aliases.push({ node, offset: node.range?.[0] ?? 0 });
    },
    Node(_, node) {
      if (node.anchor) {
        const at = node.range?.[0] ?? 0;
        if (!anchors.has(node.anchor) || anchors.get(node.anchor)! > at) {
          anchors.set(node.anchor, at);
        }
      }
    },
  });
  aliases.sort((a, b) => a.offset - b.offset);
  return { aliases, anchors };
}

/**
 * Explains why `doc.toJS()` failed on aliases, with a position: an alias used before (or
 * without) its anchor, or aliases that expand into far too many values (a "billion laughs").
 * Undefined when the failure is not about aliases.
 */
export function aliasProblem(
  doc: Document,
  locator: SourceLocator,
): { position: SourcePosition; message: string } | undefined {
  const { aliases, anchors } = aliasesAndAnchors(doc);
  for (const { node, offset } of aliases) {
    const anchor = anchors.get(node.source);
    if (anchor === undefined || anchor > offset) {
      return {
        position: locator.offset(offset),
        message: anchor === undefined
          ? `YAML alias *${node.source} has no anchor &${node.source}; define it (such as 'features: &${node.source} { ... }') or remove the alias`
          : `YAML alias *${node.source} comes before its anchor &${node.source}; move the anchor above the alias`,
      };
    }
  }
  // Expanded size of every node, aliases resolved, memoized: linear in the document.
  const sizes = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return 0;
    if (depth > 200) return Infinity; // an alias inside its own anchor
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let total = 1;
    if (isAlias(node)) total = size(node.resolve(doc), depth + 1);
    else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        total += isPair(item)
          ? size(item.key, depth + 1) + size(item.value, depth + 1)
          : size(item, depth + 1);
      }
    }
    sizes.set(node, total);
    return total;
  };
  let worst: AliasAt | undefined;
  let worstSize = 0;
  for (const alias of aliases) {
    const expanded = size(alias.node, 0);
    if (expanded > worstSize) {
      worst = alias;
      worstSize = expanded;
    }
  }
  if (!worst || worstSize <= MAX_ALIAS_VALUES) return undefined;
  return {
    position: locator.offset(worst.offset),
    message: `YAML alias *${worst.node.source} expands to ${
      Number.isFinite(worstSize) ? `about ${worstSize.toLocaleString("en-US")}` : "endlessly many"
    } values, too many for a pipeline (aliases of aliases, a "billion laughs"); write the values out or nest fewer aliases`,
  };
}

/** Values one alias may stand for; a pipeline's longest honest sweep is far below. */
const MAX_ALIAS_VALUES = 10_000;
