/**
 * The downloader: fetches one file from its URLs in order into <dest>.part, resuming a
 * partial download with an HTTP Range request, falls back to the next mirror when one fails,
 * and verifies the sha256 before renaming the file into place, so a file that does not match
 * is never used. `fetch` is injectable (tests serve files on loopback).
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { UserError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";

/** What to download. */
export interface DownloadRequest {
  /** Dataset the file belongs to, for messages. */
  readonly dataset: string;
  /** File name, for messages and the progress label. */
  readonly file: string;
  /** URLs in the order tried: canonical first, then mirrors. */
  readonly urls: readonly string[];
  /** Final path; the partial download lives at `${dest}.part`. */
  readonly dest: string;
  /** Expected sha256 (hex) of the whole file. */
  readonly sha256: string;
  /** Expected size, used for progress when the server sends no length. */
  readonly bytes?: number;
  /** Injectable fetch; default globalThis.fetch. */
  readonly fetch?: typeof fetch;
  /** Receives bytes downloaded of the total. */
  readonly onProgress?: ProgressFn;
  /** Resume attempts per URL after a dropped connection; default 2. */
  readonly retries?: number;
  /** Aborts the download (the partial file is kept for resuming). */
  readonly signal?: AbortSignal;
}

/** What a finished download did. */
export interface DownloadResult {
  /** Where the verified file is. */
  readonly path: string;
  /** URL the file finally came from (undefined when it was already in place). */
  readonly url?: string;
  /** sha256 (hex) of the file, as verified. */
  readonly sha256: string;
  /** True when a partial download was continued with a Range request. */
  readonly resumed: boolean;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch {
    return 0;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // fetch's TypeError says only "fetch failed"; the cause says why (refused, DNS...).
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  const text = cause && !message.includes(cause) ? cause : message;
  return text.replace(/error sending request for url \([^)]*\):\s*/, "").split("\n")[0];
}

/** Start byte of a "Content-Range: bytes START-END/TOTAL" header, or undefined. */
function rangeStart(header: string | null): number | undefined {
  const match = header?.match(/^bytes (\d+)-\d+\/(\d+|\*)$/);
  return match ? Number(match[1]) : undefined;
}

/** Writes the body of `response` to `part` (appending or from scratch); returns bytes written. */
async function writeBody(
  response: Response,
  part: string,
  append: boolean,
  progress: (done: number) => void,
  start: number,
): Promise<void> {
  const file = await Deno.open(part, { write: true, create: true, append, truncate: !append });
  let done = start;
  try {
    if (!response.body) return;
    for await (const chunk of response.body) {
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
      done += chunk.length;
      progress(done);
    }
  } finally {
    file.close();
  }
}

/**
 * Downloads `request.file` to `request.dest`, verified by sha256. Throws one UserError naming
 * the file, every URL tried with why it failed, and where to put the file by hand.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const doFetch = request.fetch ?? fetch;
  const part = `${request.dest}.part`;
  await Deno.mkdir(dirname(request.dest), { recursive: true });
  if (await fileSize(request.dest) > 0 && await sha256File(request.dest) === request.sha256) {
    return { path: request.dest, sha256: request.sha256, resumed: false };
  }
  const failures: string[] = [];
  let resumedAny = false;
  const label = `download ${request.dataset} ${request.file}`;
  for (const url of request.urls) {
    for (let attempt = 0; attempt <= (request.retries ?? 2); attempt++) {
      const offset = await fileSize(part);
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
          signal: request.signal,
        });
      } catch (error) {
        failures.push(`${url}: ${reason(error)}`);
        break; // unreachable host: next mirror
      }
      const resuming = offset > 0 && response.status === 206 &&
        rangeStart(response.headers.get("content-range")) === offset;
      if (response.status === 416 && offset > 0) {
        await response.body?.cancel();
        // The part may already be whole; verification below decides.
      } else if (response.status === 200 || resuming) {
        const length = Number(response.headers.get("content-length") ?? NaN);
        const start = resuming ? offset : 0;
        const total = Number.isFinite(length) ? start + length : request.bytes;
        const progress = (done: number) =>
          request.onProgress?.({ label, done, total, unit: "bytes" });
        progress(start);
        try {
          await writeBody(response, part, resuming, progress, start);
        } catch (error) {
          failures.push(
            `${url}: connection lost after ${await fileSize(part)} bytes (${reason(error)})`,
          );
          continue; // resume from the part on the next attempt
        }
        if (resuming) resumedAny = true;
      } else {
        await response.body?.cancel();
        failures.push(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
        if (response.status === 206) await Deno.remove(part).catch(() => {}); // bad range: restart
        break;
      }
      const actual = await sha256File(part);
      if (actual === request.sha256) {
        await Deno.rename(part, request.dest);
        return { path: request.dest, url, sha256: actual, resumed: resumedAny };
      }
      // Never keep a file that does not match: delete it before anything can use it.
      await Deno.remove(part).catch(() => {});
      failures.push(`${url}: sha256 ${actual} does not match the expected ${request.sha256}`);
      if (offset === 0) break; // a fresh download that mismatches: this mirror serves another file
    }
  }
  throw new UserError(
    `Could not download ${request.file} for dataset ${request.dataset}: tried ${
      failures.join("; ")
    }; download it by hand from ${request.urls.join(" or ")} and put it at ${request.dest}.`,
    { code: "network", details: failures },
  );
}
