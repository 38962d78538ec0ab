/**
 * Faults the mock SAPI can inject (SAPI.md 7.12), each consumed a given number of times by the
 * requests of one route, so tests say exactly what goes wrong and the run must still finish.
 */

/** Routes a fault can target. */
export type FaultRoute =
  | "solvers"
  | "submit"
  | "poll"
  | "problem"
  | "cancel"
  | "upload"
  | "part"
  | "combine"
  | "any";

/** What goes wrong. */
export type FaultKind =
  /** HTTP 429, with Retry-After when `retryAfter` is set. */
  | "429"
  /** HTTP 500. */
  | "500"
  /** HTTP 503. */
  | "503"
  /** HTTP 401 (token revoked). */
  | "401"
  /** The connection drops in the middle of the response body, before the request is handled. */
  | "drop"
  /**
   * The request is handled (a submission accepted), then its answer comes `delayMs` late (past
   * the client's request timeout, if chosen so).
   */
  | "slow"
  /** The request is handled (a submission accepted), then the connection is reset. */
  | "reset"
  /** The request is handled, and its 200 JSON body is cut short. */
  | "truncated"
  /** A 200 with the wrong Content-Type. */
  | "content-type"
  /** The next submitted problem ends FAILED (route "submit"). */
  | "fail"
  /** The next submitted problem is CANCELLED by someone else (route "submit"). */
  | "cancel";

/** One fault: `kind` on the next `times` requests of `route`. */
export interface Fault {
  /** Requests of this route are hit. */
  readonly route: FaultRoute;
  /** What goes wrong. */
  readonly kind: FaultKind;
  /** How many requests it hits (default 1). */
  times?: number;
  /** Seconds sent in Retry-After ("429"). */
  readonly retryAfter?: number;
  /** Milliseconds the answer comes late ("slow"). */
  readonly delayMs?: number;
}

/** A queue of faults consumed by matching requests. */
export class FaultPlan {
  readonly #faults: Fault[] = [];
  /** Faults applied so far, as "route:kind". */
  readonly applied: string[] = [];

  /** Adds faults. */
  add(...faults: Fault[]): void {
    for (const fault of faults) this.#faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** Takes the first pending fault for a route whose kind is in `kinds`. */
  take(route: FaultRoute, kinds?: readonly FaultKind[]): Fault | undefined {
    const index = this.#faults.findIndex((f) =>
      (f.route === route || f.route === "any") && (f.times ?? 1) > 0 &&
      (!kinds || kinds.includes(f.kind))
    );
    if (index < 0) return undefined;
    const fault = this.#faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.#faults.splice(index, 1);
    this.applied.push(`${route}:${fault.kind}`);
    return fault;
  }

  /** Drops every pending fault of `route` (an outage ends). */
  clear(route: FaultRoute): void {
    for (let i = this.#faults.length - 1; i >= 0; i--) {
      if (this.#faults[i].route === route) this.#faults.splice(i, 1);
    }
  }

  /** Faults still waiting. */
  get pending(): number {
    return this.#faults.reduce((sum, f) => sum + (f.times ?? 1), 0);
  }
}
