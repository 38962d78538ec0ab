/**
 * Checksum verification of dataset files, one code path for every dataset: the sha256 of a
 * file (or of its decompressed content) is compared with the expected sum before anything
 * read from the file is returned. A small record (size, mtime, sha256) per file in
 * <default data dir>/.verified remembers sums already computed, so loading MNIST again does
 * not re-hash 55 MB; the remembered sum goes through the same comparison.
 */
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { UserError } from "../errors.ts";
import { type DatasetEnv, verificationDir } from "./locations.ts";

/** What a file is checked against. */
export interface ExpectedSum {
  /** Hex sha256. */
  readonly sha256: string;
  /** "file": the bytes on disk; "content": the gunzipped bytes (the file itself if not gzip). */
  readonly kind: "file" | "content";
  /** Who says so, for messages: "the catalogue", "checksum override file X". */
  readonly origin: string;
}

/** Context for messages and the verification records. */
export interface VerifyContext {
  readonly env: DatasetEnv;
  /** Dataset name, for the fix-it hint. */
  readonly dataset: string;
}

interface VerificationRecord {
  readonly path: string;
  readonly kind: "file" | "content";
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/** Where the record of (path, kind) lives: named by a hash so any path fits. */
function recordPath(env: DatasetEnv, path: string, kind: string): string {
  const name = createHash("sha256").update(`${kind}\0${path}`).digest("hex");
  return join(verificationDir(env), `${name}.json`);
}

/** The remembered sha256 of (path, kind) when size and mtime still match, else undefined. */
export async function rememberedSha256(
  path: string,
  kind: "file" | "content",
  env: DatasetEnv,
): Promise<string | undefined> {
  const absolute = resolve(path);
  try {
    const stat = await Deno.stat(absolute);
    const record = JSON.parse(
      await Deno.readTextFile(recordPath(env, absolute, kind)),
    ) as VerificationRecord;
    const fresh = record.path === absolute && record.kind === kind &&
      record.size === stat.size && record.mtimeMs === (stat.mtime?.getTime() ?? -1);
    return fresh && /^[0-9a-f]{64}$/.test(record.sha256) ? record.sha256 : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the sha256 of (path, kind); failures (read-only cache) only cost a re-hash later. */
async function remember(
  path: string,
  kind: "file" | "content",
  sha256: string,
  stat: Deno.FileInfo,
  env: DatasetEnv,
): Promise<void> {
  const record: VerificationRecord = {
    path,
    kind,
    size: stat.size,
    mtimeMs: stat.mtime?.getTime() ?? -1,
    sha256,
  };
  try {
    const target = recordPath(env, path, kind);
    await Deno.mkdir(verificationDir(env), { recursive: true });
    const temp = `${target}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify(record));
    await Deno.rename(temp, target);
  } catch {
    // Not fatal: verification still happened; it will simply be repeated next time.
  }
}

/** Throws the mismatch UserError unless `actual` equals the expected sum. */
function compare(path: string, actual: string, expected: ExpectedSum, ctx: VerifyContext): void {
  if (actual === expected.sha256) return;
  const what = expected.kind === "content" ? `The decompressed content of ${path}` : `File ${path}`;
  throw new UserError(
    `${what} has sha256 ${actual} but ${expected.origin} expects ${expected.sha256}, so it was not used; delete it and run \`deno task datasets fetch ${ctx.dataset}\` or replace it with the official file.`,
  );
}

/** True when the first bytes of `path` are the gzip magic 1f 8b. */
export async function isGzipFile(path: string): Promise<boolean> {
  const file = await Deno.open(path);
  try {
    const head = new Uint8Array(2);
    const n = await file.read(head);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    file.close();
  }
}

/** The bytes of `path`, gunzipped when the file is gzip, as a stream. */
export async function contentStream(path: string): Promise<ReadableStream<Uint8Array>> {
  const gzip = await isGzipFile(path);
  const file = await Deno.open(path);
  return gzip ? file.readable.pipeThrough(new DecompressionStream("gzip")) : file.readable;
}

/** sha256 hex of the whole stream. */
async function hashStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Verifies `path` against `expected` (hashing it unless a fresh record exists) and returns
 * its sha256; throws a UserError naming the file and both sums on a mismatch.
 */
export async function verifyFile(
  path: string,
  expected: ExpectedSum,
  ctx: VerifyContext,
): Promise<string> {
  const absolute = resolve(path);
  let actual = await rememberedSha256(absolute, expected.kind, ctx.env);
  if (actual === undefined) {
    const stat = await Deno.stat(absolute);
    actual = expected.kind === "content"
      ? await hashStream(await contentStream(absolute))
      : await hashStream((await Deno.open(absolute)).readable);
    await remember(absolute, expected.kind, actual, stat, ctx.env);
  }
  compare(absolute, actual, expected, ctx);
  return actual;
}

/**
 * Reads `path` (gunzipped when gzip) through `consume` and returns its result only once the
 * file is verified. For a "content" sum the hash is computed in the same pass as the read
 * (`consume` must read its stream to the end and hand every chunk to `onChunk`); for a
 * "file" sum the file is verified first.
 */
export async function readVerified<T>(
  path: string,
  expected: ExpectedSum,
  ctx: VerifyContext,
  consume: (
    stream: ReadableStream<Uint8Array>,
    onChunk?: (chunk: Uint8Array) => void,
  ) => Promise<T>,
): Promise<{ value: T; sha256: string }> {
  const absolute = resolve(path);
  if (expected.kind === "file") {
    const sha256 = await verifyFile(absolute, expected, ctx);
    return { value: await consume(await contentStream(absolute)), sha256 };
  }
  const remembered = await rememberedSha256(absolute, "content", ctx.env);
  if (remembered !== undefined) {
    compare(absolute, remembered, expected, ctx);
    return { value: await consume(await contentStream(absolute)), sha256: remembered };
  }
  const stat = await Deno.stat(absolute);
  const hash = createHash("sha256");
  const value = await consume(await contentStream(absolute), (chunk) => hash.update(chunk));
  const sha256 = hash.digest("hex");
  await remember(absolute, "content", sha256, stat, ctx.env);
  compare(absolute, sha256, expected, ctx);
  return { value, sha256 };
}
