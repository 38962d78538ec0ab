import assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-js";
import { encodePng, pngDataUri } from "../../lib/report/png.ts";

Deno.test("encodePng writes a PNG that a real decoder reads back pixel for pixel", () => {
  // 2 x 2: red, green / blue, white.
  const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  const png = encodePng(rgb, 2, 2);
  assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IEND's CRC is a fixed, well-known value.
  assert.deepStrictEqual([...png.subarray(png.length - 4)], [0xae, 0x42, 0x60, 0x82]);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2">` +
    `<image width="2" height="2" image-rendering="optimizeSpeed" href="${pngDataUri(png)}"/></svg>`;
  const pixels = new Resvg(svg).render().pixels;
  const rgbOut = [0, 1, 2, 3].flatMap((i) => [pixels[4 * i], pixels[4 * i + 1], pixels[4 * i + 2]]);
  assert.deepStrictEqual(rgbOut, [...rgb]);
});

Deno.test("encodePng rejects a raster of the wrong length", () => {
  assert.throws(() => encodePng(new Uint8Array(5), 2, 2), /expected 2x2x3/);
});
