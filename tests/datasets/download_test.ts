/**
 * The downloader against a local HTTP server on 127.0.0.1: resume with Range, mirror
 * fallback, checksum rejection, and the no-network message.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { downloadFile } from "../../lib/datasets/download.ts";
import type { ProgressEvent } from "../../lib/progress.ts";
import { tempEnv, thrown } from "./helpers.ts";

const BODY = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7 + (i >> 9)) & 255);
const SHA = createHash("sha256").update(BODY).digest("hex");

interface Served {
  readonly base: string;
  readonly requests: { path: string; range: string | null }[];
  close(): Promise<void>;
}

/**
 * Serves BODY at /good (with Range support), other bytes at /wrong, 503 at /down, and at
 * /flaky drops the connection half-way through the first full (non-Range) response.
 */
function serve(): Served {
  const requests: { path: string; range: string | null }[] = [];
  let flakyDropped = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    const range = req.headers.get("range");
    requests.push({ path, range });
    if (path === "/down") return new Response("maintenance", { status: 503 });
    if (path === "/wrong") return new Response(BODY.map((b) => b ^ 1));
    if (path !== "/good" && path !== "/flaky") return new Response("no", { status: 404 });
    const match = range?.match(/^bytes=(\d+)-$/);
    if (match) {
      const start = Number(match[1]);
      if (start >= BODY.length) return new Response(null, { status: 416 });
      return new Response(BODY.slice(start), {
        status: 206,
        headers: { "content-range": `bytes ${start}-${BODY.length - 1}/${BODY.length}` },
      });
    }
    if (path === "/flaky" && !flakyDropped) {
      flakyDropped = true;
      const half = BODY.slice(0, 120_000);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(half);
        },
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 20));
          // Deno's server logs this intentional error ("Error: dropped") to the console.
          controller.error(new Error("dropped"));
        },
      });
      return new Response(body, { headers: { "content-length": String(BODY.length) } });
    }
    return new Response(BODY);
  });
  const addr = server.addr as Deno.NetAddr;
  return {
    base: `http://127.0.0.1:${addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

/** A URL on a port nothing listens on (a server is opened and closed to find one). */
async function deadUrl(): Promise<string> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await new Promise((r) => setTimeout(r, 10));
  return `http://127.0.0.1:${port}/file.bin`;
}

Deno.test("download: verified file lands at dest; progress reports bytes", async () => {
  const server = serve();
  try {
    const { dir } = await tempEnv();
    const dest = join(dir, "x", "file.bin");
    const events: ProgressEvent[] = [];
    const result = await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [`${server.base}/good`],
      dest,
      sha256: SHA,
      onProgress: (e) => events.push(e),
    });
    assert.equal(result.url, `${server.base}/good`);
    assert.deepEqual(await Deno.readFile(dest), BODY);
    assert.equal(events.at(-1)!.done, BODY.length);
    assert.equal(events.at(-1)!.total, BODY.length);
    assert.equal(events.at(-1)!.unit, "bytes");
    // A second call finds the verified file and does not download again.
    const before = server.requests.length;
    await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [`${server.base}/good`],
      dest,
      sha256: SHA,
    });
    assert.equal(server.requests.length, before);
  } finally {
    await server.close();
  }
});

Deno.test("download: an interrupted download resumes from the .part with a Range request", async () => {
  const server = serve();
  try {
    const { dir } = await tempEnv();
    const dest = join(dir, "file.bin");
    const result = await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [`${server.base}/flaky`],
      dest,
      sha256: SHA,
    });
    assert.equal(result.resumed, true);
    assert.deepEqual(await Deno.readFile(dest), BODY);
    assert.equal(server.requests[0].range, null);
    const resume = server.requests[1].range!.match(/^bytes=(\d+)-$/);
    assert.ok(
      resume,
      `second request should carry a Range header, got ${server.requests[1].range}`,
    );
    const offset = Number(resume[1]);
    assert.ok(offset > 0 && offset <= 120_000, `resumed at ${offset}`);
    await assert.rejects(Deno.stat(`${dest}.part`));
  } finally {
    await server.close();
  }
});

Deno.test("download: a partial .part left by an earlier run is resumed", async () => {
  const server = serve();
  try {
    const { dir } = await tempEnv();
    const dest = join(dir, "file.bin");
    await Deno.writeFile(`${dest}.part`, BODY.slice(0, 50_000));
    const result = await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [`${server.base}/good`],
      dest,
      sha256: SHA,
    });
    assert.equal(result.resumed, true);
    assert.deepEqual(server.requests.map((r) => r.range), ["bytes=50000-"]);
    assert.deepEqual(await Deno.readFile(dest), BODY);
  } finally {
    await server.close();
  }
});

Deno.test("download: dead mirrors (refused, HTTP 503) fall back to the next", async () => {
  const server = serve();
  try {
    const { dir } = await tempEnv();
    const dest = join(dir, "file.bin");
    const result = await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [await deadUrl(), `${server.base}/down`, `${server.base}/good`],
      dest,
      sha256: SHA,
    });
    assert.equal(result.url, `${server.base}/good`);
    assert.deepEqual(server.requests.map((r) => r.path), ["/down", "/good"]);
    assert.deepEqual(await Deno.readFile(dest), BODY);
  } finally {
    await server.close();
  }
});

Deno.test("download: a checksum mismatch is rejected and the file never lands", async () => {
  const server = serve();
  try {
    const { dir } = await tempEnv();
    const dest = join(dir, "file.bin");
    const wrongSha = createHash("sha256").update(BODY.map((b) => b ^ 1)).digest("hex");
    const error = await thrown(() =>
      downloadFile({
        dataset: "test",
        file: "file.bin",
        urls: [`${server.base}/wrong`],
        dest,
        sha256: SHA,
      })
    );
    assert.equal(
      error.message,
      `Could not download file.bin for dataset test: tried ${server.base}/wrong: sha256 ${wrongSha} does not match the expected ${SHA}; download it by hand from ${server.base}/wrong and put it at ${dest}.`,
    );
    await assert.rejects(Deno.stat(dest));
    await assert.rejects(Deno.stat(`${dest}.part`));
    // With a good mirror after the bad one, the good copy is used.
    const ok = await downloadFile({
      dataset: "test",
      file: "file.bin",
      urls: [`${server.base}/wrong`, `${server.base}/good`],
      dest,
      sha256: SHA,
    });
    assert.equal(ok.url, `${server.base}/good`);
    assert.deepEqual(await Deno.readFile(dest), BODY);
  } finally {
    await server.close();
  }
});

Deno.test("download: no network gives one message with the file, URLs tried and where to put it", async () => {
  const { dir } = await tempEnv();
  const dest = join(dir, "mnist", "train-labels-idx1-ubyte.gz");
  const offline: typeof fetch = () => Promise.reject(new TypeError("network is unreachable"));
  const error = await thrown(() =>
    downloadFile({
      dataset: "mnist",
      file: "train-labels-idx1-ubyte.gz",
      urls: ["https://a.example/t.gz", "https://b.example/t.gz"],
      dest,
      sha256: SHA,
      fetch: offline,
    })
  );
  assert.equal(error.name, "UserError");
  assert.equal(
    error.message,
    `Could not download train-labels-idx1-ubyte.gz for dataset mnist: tried https://a.example/t.gz: network is unreachable; https://b.example/t.gz: network is unreachable; download it by hand from https://a.example/t.gz or https://b.example/t.gz and put it at ${dest}.`,
  );
});
