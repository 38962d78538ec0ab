/**
 * The problem journal: which SAPI problem holds the answer to which QUBO. The job's unique
 * label is written before it is sent, the problem id the moment SAPI accepts it. A run that is
 * interrupted (killed, network lost) and started again finds the id here, or finds the problem
 * on SAPI by its label, and fetches its answer instead of submitting (and paying) again.
 * Entries hold the label, problem id and solver name only: never the token.
 */

/** One journal entry. */
export interface JournalEntry {
  /** The job's unique label, journaled before sending (absent in entries of older runs). */
  readonly label?: string;
  /** Absent while the submission's answer has not arrived. */
  readonly problemId?: string;
  /** Name of the solver it was submitted to. */
  readonly solver: string;
  /** When it was submitted (ISO 8601). */
  readonly submittedAt: string;
}

/** Where problem ids are remembered. */
export interface ProblemJournal {
  /** The entry under `key`, if any. */
  get(key: string): Promise<JournalEntry | undefined>;
  /** Remembers `entry` under `key`. */
  set(key: string, entry: JournalEntry): Promise<void>;
  /** Forgets `key`. */
  delete(key: string): Promise<void>;
}

/** A journal in memory (one process). */
export class MemoryJournal implements ProblemJournal {
  readonly entries = new Map<string, JournalEntry>();
  get(key: string): Promise<JournalEntry | undefined> {
    return Promise.resolve(this.entries.get(key));
  }
  set(key: string, entry: JournalEntry): Promise<void> {
    this.entries.set(key, entry);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/** A journal of small JSON files in a directory, written atomically (temp file + rename). */
export class FileJournal implements ProblemJournal {
  constructor(readonly dir: string) {}

  #path(key: string): string {
    return `${this.dir}/${key.replace(/[^A-Za-z0-9_-]/g, "_")}.json`;
  }

  async get(key: string): Promise<JournalEntry | undefined> {
    try {
      const entry = JSON.parse(await Deno.readTextFile(this.#path(key)));
      const usable = typeof entry?.problemId === "string" || typeof entry?.label === "string";
      return usable && typeof entry.solver === "string" ? entry : undefined;
    } catch {
      return undefined; // absent or torn: resubmitting is the safe fallback
    }
  }

  async set(key: string, entry: JournalEntry): Promise<void> {
    await Deno.mkdir(this.dir, { recursive: true });
    const temp = `${this.#path(key)}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(temp, JSON.stringify(entry));
    await Deno.rename(temp, this.#path(key));
  }

  async delete(key: string): Promise<void> {
    await Deno.remove(this.#path(key)).catch(() => {});
  }
}

/** Journal key of a problem: SHA-256 of the sampler, solver, parameters and QUBO bytes. */
export async function problemKey(
  sampler: string,
  solver: string,
  params: unknown,
  qubo: { n: number; q: Float64Array; offset: number },
): Promise<string> {
  const head = new TextEncoder().encode(
    JSON.stringify({ sampler, solver, params, n: qubo.n, offset: qubo.offset }),
  );
  const body = new Uint8Array(qubo.q.buffer, qubo.q.byteOffset, qubo.q.byteLength);
  const all = new Uint8Array(head.length + body.length);
  all.set(head, 0);
  all.set(body, head.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
