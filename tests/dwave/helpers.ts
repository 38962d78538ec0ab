/** Shared helpers of the D-Wave tests: a mock per test and samplers pointed at it. */
import {
  type MockSapi,
  type MockSapiOptions,
  startMockSapi,
} from "../../samplers/dwave/mock/server.ts";
import { type LocalSolve, saLocalSolve } from "../../samplers/dwave/mock/mock_solve.ts";
import type { Clock } from "../../samplers/dwave/client.ts";
import { saSampler } from "../../samplers/sa.ts";
import type { DwaveOptions } from "../../samplers/dwave/session.ts";
import { makeQubo, type Qubo } from "../../lib/qubo.ts";

/** Runs `body` with a fresh mock (quick delays, 300-sweep annealer), always closing it. */
export async function withMock(
  options: MockSapiOptions,
  body: (mock: MockSapi) => Promise<void>,
): Promise<void> {
  const mock = await startMockSapi({
    pendingMs: 5,
    runMs: 10,
    solve: saLocalSolve(300),
    ...options,
  });
  try {
    await body(mock);
  } finally {
    await mock.close();
  }
}

/** Sampler options for a mock: token and endpoint from the environment, no dwave.conf. */
export function mockOptions(
  mock: MockSapi,
  lines: string[] = [],
  extra: DwaveOptions = {},
): DwaveOptions {
  return {
    env: { DWAVE_API_TOKEN: mock.token, DWAVE_API_ENDPOINT: mock.url },
    configEnvironment: { readTextFile: () => undefined },
    config: { retryBackoff: 0.005, requestTimeout: 5 },
    log: (line) => lines.push(line),
    ...extra,
  };
}

/** A random dense QUBO with a planted optimum `planted` (energy of planted = lowest). */
export function plantedQubo(n: number, seed: number): { qubo: Qubo; planted: Uint8Array } {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const planted = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
  // E(b) = sum_i (b_i - p_i)^2 * w_i + small couplings: minimum at p.
  const q = new Float64Array(n * n);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 + random();
    // (b - p)^2 = b - 2 p b + p = b (1 - 2p) + p
    q[i * n + i] += w * (1 - 2 * planted[i]);
    offset += w * planted[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // Couplings that also favour the planted state: -c * s_i s_j with s = 2p - 1 aligned.
      const c = 0.05 * random();
      const sign = planted[i] === planted[j] ? -1 : 1;
      q[i * n + j] += sign * c;
      q[j * n + i] += sign * c;
      q[i * n + i] -= sign * c * 0; // keep the diagonal as is (bounded perturbation)
    }
  }
  return { qubo: makeQubo(n, q, offset), planted };
}

/** The mock's local solve seeded by the problem's content: the same QUBO, the same answer. */
export function contentSeededSolve(sweeps = 300): LocalSolve {
  return async (qubo, reads) => {
    const digest = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new Float64Array(qubo.q)),
    );
    const seed = new DataView(digest.buffer).getUint32(0);
    return saSampler.sample(qubo, { numReads: reads, numSweeps: sweeps, seed });
  };
}

/**
 * A virtual clock: sleeps return at once (after a macrotask, so servers and timers run) and
 * advance the time; `onSleep` sees the time after each sleep.
 */
export function virtualClock(
  onSleep: (ms: number) => void = () => {},
): Clock & { elapsed(): number } {
  let now = 0;
  return {
    now: () => now,
    elapsed: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        now += ms;
        onSleep(now);
        setTimeout(resolve, 0);
      }),
  };
}
