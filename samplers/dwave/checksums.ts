/**
 * Checksums of the SAPI multipart upload (SAPI.md section 3.4): per-part MD5 (base64 in the
 * Content-MD5 header, lower-case hex in the status), and the combine checksum, the MD5 of the
 * concatenated binary part digests. Web Crypto has no MD5, so we use Deno's node:crypto.
 */
import { createHash } from "node:crypto";

/** Upload part size fixed by SAPI: 5 MiB, every part but the last. */
export const UPLOAD_PART_SIZE = 5 * 1024 * 1024;

/** The 16-byte MD5 digest of some bytes. */
export function md5(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("md5").update(bytes).digest());
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Standard base64 (RFC 4648, with padding). */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Bytes of a standard base64 string. */
export function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** One upload part: its 1-based number, bytes and checksums. */
export interface UploadPart {
  readonly number: number;
  readonly bytes: Uint8Array;
  /** 16-byte MD5 digest. */
  readonly digest: Uint8Array;
  /** Base64 digest, as sent in Content-MD5. */
  readonly contentMd5: string;
  /** Lower-case hex digest, as SAPI reports it in the upload status. */
  readonly hex: string;
}

/** Splits a file into SAPI upload parts (views, not copies) with their checksums. */
export function splitParts(bytes: Uint8Array, partSize = UPLOAD_PART_SIZE): UploadPart[] {
  const parts: UploadPart[] = [];
  for (let at = 0, number = 1; at < bytes.length || number === 1; at += partSize, number++) {
    const slice = bytes.subarray(at, Math.min(bytes.length, at + partSize));
    const digest = md5(slice);
    parts.push({ number, bytes: slice, digest, contentMd5: toBase64(digest), hex: toHex(digest) });
    if (at + partSize >= bytes.length) break;
  }
  return parts;
}

/** The combine checksum: hex MD5 of the part digests concatenated in part order. */
export function combineChecksum(digests: readonly Uint8Array[]): string {
  const all = new Uint8Array(16 * digests.length);
  digests.forEach((digest, index) => all.set(digest, 16 * index));
  return toHex(md5(all));
}
