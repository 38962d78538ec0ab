/**
 * UserError carries a code and a cause; code that tells failures apart branches on the code
 * (DwaveSession's solver fallback, SapiError's kind by HTTP status), not on message text.
 */
import { assert } from "../helpers/assert.ts";
import { hasErrorCode, isUserError, UserError } from "../../lib/errors.ts";
import { SapiError, sapiFailureCode } from "../../samplers/dwave/errors.ts";
import { DwaveSession } from "../../samplers/dwave/session.ts";
import type { SolverDescription } from "../../samplers/dwave/solvers.ts";

Deno.test("UserError keeps its code, cause and details; the code defaults to input", () => {
  const cause = new TypeError("bad byte");
  const error = new UserError("Dataset x is damaged.", {
    code: "integrity",
    cause,
    details: ["line 1"],
  });
  assert.deepStrictEqual([error.code, error.details, error.message, error.name], [
    "integrity",
    ["line 1"],
    "Dataset x is damaged.",
    "UserError",
  ]);
  assert.strictEqual(error.cause, cause);
  const plain = new UserError("Bad value.", ["a", "b"]);
  assert.deepStrictEqual([plain.code, plain.details, "cause" in plain], [
    "input",
    ["a", "b"],
    false,
  ]);
  assert.deepStrictEqual(hasErrorCode(error, "integrity"), true);
  assert.deepStrictEqual(hasErrorCode(error, "dataset"), false);
  assert.deepStrictEqual(hasErrorCode(new Error("x"), "input"), false);
  assert.deepStrictEqual(isUserError(error), true);
});

Deno.test("SapiError: status is the HTTP status, sapiErrorCode SAPI's number, code its kind", () => {
  const rejected = new SapiError("D-Wave rejected the API token.", 401, 4010);
  assert.deepStrictEqual([rejected.status, rejected.sapiErrorCode, rejected.code], [
    401,
    4010,
    "auth",
  ]);
  assert.deepStrictEqual(
    [0, 200, 400, 401, 403, 404, 410, 429, 500, 503].map(sapiFailureCode),
    [
      "network",
      "remote",
      "remote",
      "auth",
      "auth",
      "remote",
      "remote",
      "network",
      "network",
      "network",
    ],
  );
});

const qpu = (name: string): SolverDescription => ({
  identity: { name },
  status: "ONLINE",
  properties: {
    qubits: [0, 1],
    couplers: [[0, 1]],
    supported_problem_types: ["ising", "qubo"],
  },
} as unknown as SolverDescription);

const hybrid = (name: string, version: string): SolverDescription => ({
  identity: { name },
  status: "ONLINE",
  properties: { supported_problem_types: ["bqm"], version },
} as unknown as SolverDescription);

/** A session whose solver list is fixed (no SAPI): the fallback rule alone. */
class FixedSession extends DwaveSession {
  constructor(solver: string, readonly list: SolverDescription[]) {
    super({ config: { solver }, env: {}, configEnvironment: { readTextFile: () => undefined } });
  }
  override solvers(): Promise<SolverDescription[]> {
    return Promise.resolve(this.list);
  }
}

const list = [qpu("Advantage_system4.1"), hybrid("hybrid_binary_quadratic_model_version2", "2")];

Deno.test("a configured solver of the other kind falls back to the best solver of this kind", async () => {
  const session = new FixedSession("Advantage_system4.1", list);
  assert.deepStrictEqual(
    (await session.solver("hybrid")).identity.name,
    "hybrid_binary_quadratic_model_version2",
  );
  assert.deepStrictEqual((await session.solver("qpu")).identity.name, "Advantage_system4.1");
});

Deno.test("a configured filter matching no solver of this kind falls back; a bad one does not", async () => {
  const filter = new FixedSession('{"topology__type": "zephyr"}', list);
  assert.deepStrictEqual(
    (await filter.solver("hybrid")).identity.name,
    "hybrid_binary_quadratic_model_version2",
  );
  const broken = new FixedSession("{not json", list);
  const error = await rejection(() => broken.solver("hybrid"), UserError);
  assert.deepStrictEqual(error.code, "config");
});

Deno.test("a configured solver name that no solver has is an error of code solver", async () => {
  const session = new FixedSession("Advantage_system9.9", list);
  const error = await rejection(() => session.solver("qpu"), UserError);
  assert.deepStrictEqual(error.code, "solver");
  assert.deepStrictEqual(
    error.message,
    'No QPU D-Wave solver matches "Advantage_system9.9"; available solvers: Advantage_system4.1, hybrid_binary_quadratic_model_version2.',
  );
});

/** The UserError `run` rejects with (fails the test when it resolves or throws something else). */
async function rejection(run: () => Promise<unknown>, _type: typeof UserError): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof UserError, `expected a UserError, got ${error}`);
    return error;
  }
  throw new assert.AssertionError({ message: "expected a rejection" });
}
