/**
 * The SAPI multipart upload (SAPI.md 3.4): initiate, PUT parts with Content-MD5, verify the
 * status lists every part with our checksum, combine with the MD5 of the part digests. Parts
 * the server already holds (same number and checksum) are skipped, so an upload resumes.
 * Every request says `Connection: close`, as dwave-system's hybrid sampler does. A combine whose
 * answer is lost is checked in the upload status before it is sent again.
 */
import type { SapiClient } from "./client.ts";
import { combineChecksum, splitParts, UPLOAD_PART_SIZE } from "./checksums.ts";
import { ResponseLostError, SapiError } from "./errors.ts";

/** Headers of every upload request. */
const CLOSE = { Connection: "close" } as const;

interface UploadStatus {
  status?: string;
  parts?: { part_number: number; checksum: string }[];
}

async function uploadStatus(
  client: SapiClient,
  id: string,
  signal?: AbortSignal,
): Promise<UploadStatus> {
  const { body } = await client.request({
    method: "GET",
    path: `bqm/multipart/${encodeURIComponent(id)}/status`,
    what: "read the upload status",
    headers: CLOSE,
    signal,
  });
  return body as UploadStatus;
}

/** Uploads a BQM file and returns the upload id to submit by reference. */
export async function uploadProblem(
  client: SapiClient,
  bytes: Uint8Array,
  options: { signal?: AbortSignal; partSize?: number; uploadId?: string } = {},
): Promise<string> {
  const { signal } = options;
  const parts = splitParts(bytes, options.partSize ?? UPLOAD_PART_SIZE);
  let id = options.uploadId;
  if (!id) {
    const { body } = await client.request({
      method: "POST",
      path: "bqm/multipart",
      what: "start a problem upload",
      json: { size: bytes.length },
      headers: CLOSE,
      signal,
    });
    id = String((body as { id?: unknown }).id ?? "");
    if (!id) {
      throw new SapiError("D-Wave started an upload without returning its id; try again.", 200);
    }
  }
  const before = await uploadStatus(client, id, signal);
  if (before.status === "UPLOAD_COMPLETED") return id;
  const held = new Map(
    (before.parts ?? []).map((p) => [p.part_number, p.checksum.replace(/"/g, "")]),
  );
  // Sequential parts keep memory flat; QUBO files are rarely more than a few parts.
  for (const part of parts) {
    if (held.get(part.number) === part.hex) continue;
    await client.request({
      method: "PUT",
      path: `bqm/multipart/${encodeURIComponent(id)}/part/${part.number}`,
      what: `upload part ${part.number} of ${parts.length}`,
      bytes: part.bytes,
      headers: {
        ...CLOSE,
        "Content-Type": "application/octet-stream",
        "Content-MD5": part.contentMd5,
      },
      signal,
    });
  }
  const after = await uploadStatus(client, id, signal);
  const remote = new Map(
    (after.parts ?? []).map((p) => [p.part_number, p.checksum.replace(/"/g, "")]),
  );
  if (remote.size !== parts.length || parts.some((p) => remote.get(p.number) !== p.hex)) {
    throw new SapiError(
      `D-Wave holds ${remote.size} of ${parts.length} upload parts with matching checksums after uploading; run again to retry the upload.`,
      200,
    );
  }
  const checksum = combineChecksum(parts.map((p) => p.digest));
  for (let sent = 1;; sent++) {
    try {
      await client.request({
        method: "POST",
        path: `bqm/multipart/${encodeURIComponent(id)}/combine`,
        what: "combine the uploaded parts",
        json: { checksum },
        headers: CLOSE,
        retry: "create",
        signal,
      });
      return id;
    } catch (error) {
      if (!(error instanceof ResponseLostError)) throw error;
      // The combine may have happened: the status says so.
      if ((await uploadStatus(client, id, signal)).status === "UPLOAD_COMPLETED") return id;
      if (sent >= 3) throw error;
    }
  }
}
