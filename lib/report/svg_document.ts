/**
 * A blank report figure: an SVG element in a d3-node (jsdom) document, and its serialisation
 * to a standalone, well-formed SVG file.
 */
import process from "node:process";
import type { BaseType, Selection } from "d3";
import { theme } from "./theme.ts";

// Deno has no DOM types (SVGSVGElement, SVGGElement): selections use d3's BaseType.
/** Where figure helpers draw: the root <svg> or a group, as a d3 selection. */
export type Canvas = Selection<BaseType, unknown, null, undefined>;
/** The root <svg> of a figure. */
export type Svg = Canvas;
/** A group inside a figure. */
export type Group = Canvas;

// jsdom 16 (inside d3-node 4) requires Node's deprecated built-in `punycode`, which makes Deno
// print a DeprecationWarning. Silence only that load, at its source, and restore the flag.
const flags = process as unknown as { noDeprecation?: boolean };
const previousNoDeprecation = flags.noDeprecation;
flags.noDeprecation = true;
// d3-node 4 is an ES module with a named export only: `import D3Node from "d3-node"` fails.
const { D3Node } = await import("d3-node").finally(() => {
  flags.noDeprecation = previousNoDeprecation;
});

/** A figure under construction. */
export interface Figure {
  /** The d3 selection of the root <svg> element. */
  readonly svg: Svg;
  readonly width: number;
  readonly height: number;
  /** Serialises the figure as a standalone SVG file (XML declaration included). */
  finish(): string;
}

/**
 * Starts a figure of `width` x `height` px with a white background, the report's font, and
 * an accessible title.
 */
export function createFigure(width: number, height: number, title: string): Figure {
  // Whole pixels, so a PNG rendering has exactly the figure's size.
  width = Math.ceil(width);
  height = Math.ceil(height);
  const node = new D3Node();
  // d3-node has no types: its createSVG is a d3 selection of a new <svg>.
  const svg: Svg = node.createSVG(width, height, {
    viewBox: `0 0 ${width} ${height}`,
    "font-family": theme.font,
    "font-size": theme.fontSize,
    fill: theme.ink,
    role: "img",
  });
  svg.append("title").text(title);
  svg.append("rect").attr("width", width).attr("height", height).attr("fill", theme.background);
  return {
    svg,
    width,
    height,
    finish(): string {
      const xml = new node.window.XMLSerializer().serializeToString(svg.node());
      assertFiniteAttributes(xml, title);
      return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
    },
  };
}

/**
 * Every figure skips or clamps non-finite values before drawing; this guard turns a slip
 * into a loud programming error instead of a silently broken file.
 */
function assertFiniteAttributes(xml: string, title: string): void {
  for (const m of xml.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g)) {
    // Base64 in an embedded raster may spell "NaN" by chance: it holds no coordinates.
    if (m[2].startsWith("data:")) continue;
    if (/NaN|Infinity/.test(m[2])) {
      throw new Error(`figure "${title}" has a non-finite value in attribute ${m[1]}: ${m[0]}`);
    }
  }
}

/** The part of a parsed XML document the checks use. */
export interface ParsedXml {
  readonly documentElement: { readonly nodeName: string } | null;
  getElementsByTagName(name: string): { readonly length: number };
}

/** The DOMParser of the jsdom d3-node uses: a strict XML parser (for checking SVG text). */
export interface XmlParser {
  parseFromString(text: string, type: "image/svg+xml" | "application/xml"): ParsedXml;
}

/** A DOMParser from the same jsdom d3-node uses (for tests and validation of SVG text). */
export function createXmlParser(): XmlParser {
  const node = new D3Node();
  return new node.window.DOMParser();
}
