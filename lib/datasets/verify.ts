/**
 * Checksum verification of dataset files, one code path for every dataset: the sha256 of a
 * file (or of its decompressed content) is compared with the expected sum before anything
 * read from the file is returned. The sum is always computed from the bytes actually read, in
 * the same pass as the read: a file changed in place (same size, same mtime) is caught.
 *
 * A small record (size, mtime, sha256) per file in <default data dir>/.verified remembers the
 * last sum computed. Only the `datasets` listing consults it (so listing is instant); loading
 * never trusts it, and `datasets --verify` rehashes every file.
 */
import { createHash, type Hash } from "node:crypto";
import { join, resolve } from "node:path";
import { isUserError, UserError } from "../errors.ts";
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

/**
 * The last recorded sha256 of (path, kind) when size and mtime still match, else undefined.
 * A hint for the listing only: size and mtime do not prove the bytes are unchanged.
 */
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

/** Records the sha256 of (path, kind); failures (read-only cache) only cost the listing a hint. */
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
  const target = recordPath(env, path, kind);
  const temp = `${target}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.mkdir(verificationDir(env), { recursive: true });
    await Deno.writeTextFile(temp, JSON.stringify(record));
    await Deno.rename(temp, target);
  } catch {
    // Not fatal: verification still happened. Leave no half-written record behind.
    await Deno.remove(temp).catch(() => {});
  }
}

/** Throws the mismatch UserError unless `actual` equals the expected sum. */
function compare(path: string, actual: string, expected: ExpectedSum, ctx: VerifyContext): void {
  if (actual === expected.sha256) return;
  const what = expected.kind === "content" ? `The decompressed content of ${path}` : `File ${path}`;
  throw new UserError(
    `${what} has sha256 ${actual} but ${expected.origin} expects ${expected.sha256}, so it was not used; delete it and run \`deno task datasets fetch ${ctx.dataset}\` or replace it with the official file.`,
    { code: "integrity" },
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

/** The UserError for a read or decompression failure of `path`. */
function unreadable(path: string, gzip: boolean, error: unknown): UserError {
  if (isUserError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new UserError(
    gzip
      ? `File ${path} is not a valid gzip file (corrupt or truncated: ${reason}); delete it and fetch or copy it again.`
      : `File ${path} could not be read (${reason}); check it and its permissions.`,
    { code: "integrity" },
  );
}

/**
 * A pass-through of `source` that hashes every chunk. A consumer that stops early does not
 * stop the hash: `finish` reads the rest, so the sum always covers the whole stream.
 * Source failures reach the consumer (and `finish`) as the UserError `fail` makes.
 */
function hashingTap(
  source: ReadableStream<Uint8Array>,
  hash: Hash,
  fail: (error: unknown) => UserError,
): { stream: ReadableStream<Uint8Array>; finish: () => Promise<void> } {
  const reader = source.getReader();
  let done = false;
  const next = async (): Promise<Uint8Array | undefined> => {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch (error) {
      throw fail(error);
    }
    if (result.done) {
      done = true;
      return undefined;
    }
    hash.update(result.value);
    return result.value;
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await next();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      } catch (error) {
        controller.error(error);
      }
    },
    // Deliberately not cancelling the source: finish() reads it to the end.
    cancel() {},
  }, { highWaterMark: 0 });
  const finish = async () => {
    while (!done) await next();
  };
  return { stream, finish };
}

/** sha256 of the bytes (or gunzipped bytes) of `path`, hashed now, with the file's stat. */
async function hashNow(
  path: string,
  kind: "file" | "content",
): Promise<{ sha256: string; stat: Deno.FileInfo }> {
  const { sha256, stat } = await readHashed(path, kind, async (stream) => {
    await stream.pipeTo(new WritableStream());
  });
  return { sha256, stat };
}

/**
 * Reads `path` once: raw bytes are hashed, gunzipped when the file starts with the gzip magic,
 * hashed again, and handed to `consume`. Returns the sum of `kind` over everything read.
 */
async function readHashed<T>(
  path: string,
  kind: "file" | "content",
  consume: (stream: ReadableStream<Uint8Array>) => Promise<T>,
): Promise<{ value: T; sha256: string; stat: Deno.FileInfo }> {
  const gzip = await isGzipFile(path);
  const file = await Deno.open(path);
  try {
    const stat = await file.stat();
    const fileHash = createHash("sha256");
    const raw = hashingTap(file.readable, fileHash, (e) => unreadable(path, false, e));
    const contentHash = createHash("sha256");
    const decoded = gzip
      ? (raw.stream as ReadableStream<Uint8Array<ArrayBuffer>>).pipeThrough(
        new DecompressionStream("gzip"),
      )
      : raw.stream;
    const content = hashingTap(decoded, contentHash, (e) => unreadable(path, gzip, e));
    const value = await consume(content.stream);
    await content.finish();
    await raw.finish();
    return { value, sha256: (kind === "file" ? fileHash : contentHash).digest("hex"), stat };
  } finally {
    try {
      file.close();
    } catch {
      // Already closed by its readable stream reaching the end.
    }
  }
}

/**
 * Verifies `path` against `expected` by hashing it now (never from a record) and returns its
 * sha256; throws a UserError naming the file and both sums on a mismatch.
 */
export async function verifyFile(
  path: string,
  expected: ExpectedSum,
  ctx: VerifyContext,
): Promise<string> {
  const absolute = resolve(path);
  const { sha256, stat } = await hashNow(absolute, expected.kind);
  await remember(absolute, expected.kind, sha256, stat, ctx.env);
  compare(absolute, sha256, expected, ctx);
  return sha256;
}

/**
 * Reads `path` (gunzipped when gzip) through `consume` and returns its result only once the
 * bytes read are verified: the sum is computed over exactly what `consume` was given (and
 * the rest of the file, should `consume` stop early), in the same pass. The returned sha256
 * is that sum, so a cache key built from it names the data that was actually used.
 */
export async function readVerified<T>(
  path: string,
  expected: ExpectedSum,
  ctx: VerifyContext,
  consume: (stream: ReadableStream<Uint8Array>) => Promise<T>,
): Promise<{ value: T; sha256: string }> {
  const absolute = resolve(path);
  const { value, sha256, stat } = await readHashed(absolute, expected.kind, consume);
  await remember(absolute, expected.kind, sha256, stat, ctx.env);
  compare(absolute, sha256, expected, ctx);
  return { value, sha256 };
}
