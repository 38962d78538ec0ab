/**
 * Test helpers of qubo-cnn (`@qubo-cnn/qubo-cnn/testing`): a loopback mock of D-Wave's Solver
 * API that really solves what it receives, its injectable faults, and the built-in solver
 * descriptions it offers. Meant for tests; nothing here talks to D-Wave.
 *
 * @example Start the mock, read its solvers, stop it
 * ```ts
 * import { startMockSapi } from "@qubo-cnn/qubo-cnn/testing";
 *
 * const mock = await startMockSapi({ token: "test-token" });
 * try {
 *   const response = await fetch(`${mock.url}solvers/remote/`, {
 *     headers: { "X-Auth-Token": mock.token },
 *   });
 *   const solvers = await response.json();
 *   if (solvers.length !== mock.solvers.length) throw new Error("unexpected solver list");
 * } finally {
 *   await mock.close();
 * }
 * ```
 *
 * @module
 */
export { startMockSapi } from "../samplers/dwave/mock/server.ts";
export type { MockProblem, MockSapi, MockSapiOptions } from "../samplers/dwave/mock/server.ts";
export { FaultPlan } from "../samplers/dwave/mock/faults.ts";
export type { Fault, FaultKind, FaultRoute } from "../samplers/dwave/mock/faults.ts";
export { saLocalSolve } from "../samplers/dwave/mock/mock_solve.ts";
export type { LocalSolve } from "../samplers/dwave/mock/mock_solve.ts";
export { builtinSolvers, hybridSolverDescription } from "../samplers/dwave/mock/solvers.ts";
