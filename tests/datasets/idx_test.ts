import assert from "node:assert/strict";
import { idxImageSet, readIdx } from "../../lib/datasets/idx.ts";
import { gzip, idx } from "../fixtures/formats.ts";
import { thrown } from "./helpers.ts";

function streamOf(bytes: Uint8Array, chunk = 5): ReadableStream<Uint8Array<ArrayBuffer>> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.slice(at, at + chunk));
        at += chunk;
      }
    },
  });
}

Deno.test("idx: header and data read across small chunks; gzip via the stream", async () => {
  const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 3);
  const bytes = idx([2, 3, 4], data);
  const a = await readIdx(streamOf(bytes), "a");
  assert.deepEqual(a.dims, [2, 3, 4]);
  assert.deepEqual(a.data, data);
  const gz = streamOf(await gzip(bytes), 7).pipeThrough(new DecompressionStream("gzip"));
  assert.deepEqual((await readIdx(gz, "a.gz")).data, data);
  let seen = 0;
  await readIdx(streamOf(bytes), "a", (c) => seen += c.length);
  assert.equal(seen, bytes.length);
});

Deno.test("idx: bad magic, truncation and trailing bytes are clear errors", async () => {
  const good = idx([2, 2, 2], new Uint8Array(8));
  const bad = good.slice();
  bad[2] = 0x0d; // float type
  assert.equal(
    (await thrown(() => readIdx(streamOf(bad), "x.idx"))).message,
    "IDX file x.idx has magic number 00 00 0d 03, not 00 00 08 0N of an unsigned-byte IDX file; check that it is the right file and not still compressed.",
  );
  assert.equal(
    (await thrown(() => readIdx(streamOf(good.subarray(0, 20)), "x.idx"))).message,
    "IDX file x.idx is truncated: its header (2 x 2 x 2) promises 8 data bytes but it holds 4; replace it with a complete copy.",
  );
  assert.equal(
    (await thrown(() => readIdx(streamOf(good.subarray(0, 10)), "x.idx"))).message,
    "IDX file x.idx is truncated: it ends inside its header of 3 sizes; replace it with a complete copy.",
  );
  const long = new Uint8Array(good.length + 3);
  long.set(good);
  assert.equal(
    (await thrown(() => readIdx(streamOf(long), "x.idx"))).message,
    "IDX file x.idx has 3 bytes after the 8 data bytes its header (2 x 2 x 2) promises; replace it with an official copy.",
  );
  const gzipped = await gzip(good);
  assert.match(
    (await thrown(() => readIdx(streamOf(gzipped), "x.gz"))).message,
    /^IDX file x\.gz has magic number 1f 8b 08 00, not 00 00 08 0N/,
  );
});

Deno.test("idx: images and labels must agree on the count and labels fit the classes", () => {
  const images = { dims: [3, 2, 2], data: new Uint8Array(12) };
  const labels = { dims: [2], data: Uint8Array.from([1, 0]) };
  const files = { images: "i.idx", labels: "l.idx" };
  assert.throws(() => idxImageSet(images, labels, files, 10), {
    message:
      "IDX files disagree on the number of images: i.idx holds 3 but l.idx holds 2 labels; use the images and labels files of the same split.",
  });
  const three = { dims: [3], data: Uint8Array.from([1, 0, 12]) };
  assert.throws(() => idxImageSet(images, three, files, 10), {
    message:
      "IDX file l.idx has label 12 at index 2, outside the 10 classes expected; check that it belongs to this dataset.",
  });
  const set = idxImageSet(images, { dims: [3], data: Uint8Array.from([1, 2, 3]) }, files, 3, 1);
  assert.deepEqual(Array.from(set.labels), [0, 1, 2]);
});
