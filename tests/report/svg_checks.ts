/** Checks every report figure must pass: strict XML, finite coordinates, renders, not blank. */
import { Resvg } from "@resvg/resvg-js";
import { createXmlParser } from "../../lib/report/svg_document.ts";

const parser = createXmlParser();

/** Throws unless `svg` is well-formed XML whose root is <svg> with numeric width/height. */
export function assertWellFormedSvg(svg: string, name: string): { width: number; height: number } {
  const doc = parser.parseFromString(svg, "image/svg+xml");
  if (doc.getElementsByTagName("parsererror").length > 0) {
    throw new Error(`${name} is not well-formed XML`);
  }
  if (doc.documentElement?.nodeName !== "svg") {
    throw new Error(`${name}: root element is ${doc.documentElement?.nodeName}, not svg`);
  }
  const root = /<svg[^>]*>/.exec(svg)![0];
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error(`${name}: root has no numeric width/height`);
  return { width, height };
}

/**
 * Attribute values that hold NaN or Infinity (coordinates, paths, transforms...); data: URIs
 * are raster bytes in base64, which may spell "NaN" by chance, so they are not coordinates.
 */
export function nonFiniteAttributes(svg: string): string[] {
  const bad: string[] = [];
  for (const m of svg.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g)) {
    if (!m[2].startsWith("data:") && /NaN|Infinity/.test(m[2])) {
      bad.push(`${m[1]}="${m[2].slice(0, 60)}"`);
    }
  }
  return bad;
}

/** Renders `svg` at its natural size; returns the PNG size and the luminance variance. */
export function renderStats(
  svg: string,
): { width: number; height: number; variance: number; png: Uint8Array } {
  const image = new Resvg(svg, { font: { loadSystemFonts: true } }).render();
  const pixels = image.pixels;
  let sum = 0, sum2 = 0;
  const count = pixels.length / 4;
  for (let i = 0; i < pixels.length; i += 4) {
    const l = 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
    sum += l;
    sum2 += l * l;
  }
  const mean = sum / count;
  return {
    width: image.width,
    height: image.height,
    variance: sum2 / count - mean * mean,
    png: new Uint8Array(image.asPng()),
  };
}
