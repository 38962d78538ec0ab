/**
 * Exact-size reads over a byte stream (IDX, tar and zip readers consume decompressed streams
 * without holding whole files). Every chunk pulled from the stream is also handed to an
 * optional `onChunk`, so a checksum can be computed in the same pass.
 */

/** First buffer size of {@link ByteReader.readGrowing}. */
const GROW_START = 1 << 16;

/** Reads a ReadableStream<Uint8Array> in exact-size pieces. */
export class ByteReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #onChunk?: (chunk: Uint8Array) => void;
  #chunk: Uint8Array = new Uint8Array(0);
  #pos = 0;
  #done = false;
  /** Bytes consumed so far by read/skip calls. */
  offset = 0;

  constructor(stream: ReadableStream<Uint8Array>, onChunk?: (chunk: Uint8Array) => void) {
    this.#reader = stream.getReader();
    this.#onChunk = onChunk;
  }

  /** Makes sure unread bytes are buffered; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    while (this.#pos >= this.#chunk.length) {
      if (this.#done) return false;
      const { value, done } = await this.#reader.read();
      if (done) {
        this.#done = true;
        return false;
      }
      this.#onChunk?.(value);
      this.#chunk = value;
      this.#pos = 0;
    }
    return true;
  }

  /** Fills `target` from the stream; returns the bytes copied (fewer only at the end). */
  async readInto(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length && await this.#fill()) {
      const n = Math.min(target.length - filled, this.#chunk.length - this.#pos);
      target.set(this.#chunk.subarray(this.#pos, this.#pos + n), filled);
      this.#pos += n;
      filled += n;
    }
    this.offset += filled;
    return filled;
  }

  /** Reads exactly `n` bytes; returns fewer only when the stream ends first. */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    const got = await this.readInto(out);
    return got === n ? out : out.subarray(0, got);
  }

  /**
   * Reads up to `n` bytes into a buffer that grows with what actually arrives (doubling from
   * 64 KiB), so a header that declares more than the stream holds costs no more memory than
   * the stream's real bytes; returns fewer than `n` only when the stream ends first.
   */
  async readGrowing(n: number): Promise<Uint8Array> {
    let out = new Uint8Array(Math.min(n, GROW_START));
    let filled = 0;
    while (filled < n) {
      if (filled === out.length) {
        const bigger = new Uint8Array(Math.min(n, out.length * 2));
        bigger.set(out);
        out = bigger;
      }
      const got = await this.readInto(out.subarray(filled));
      filled += got;
      if (filled < out.length) break; // the stream ended
    }
    return filled === out.length ? out : out.slice(0, filled);
  }

  /** Skips `n` bytes; returns the bytes skipped (fewer only at the end). */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n && await this.#fill()) {
      const k = Math.min(n - skipped, this.#chunk.length - this.#pos);
      this.#pos += k;
      skipped += k;
    }
    this.offset += skipped;
    return skipped;
  }

  /** Reads to the end of the stream (so `onChunk` sees every byte); returns the bytes left. */
  async drain(): Promise<number> {
    let left = 0;
    while (await this.#fill()) {
      left += this.#chunk.length - this.#pos;
      this.#pos = this.#chunk.length;
    }
    this.offset += left;
    return left;
  }

  /** Stops reading and releases the stream. */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
