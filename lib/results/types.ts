/**
 * The files a run writes into its results directory: the contract between the runner (which
 * writes them) and the reports and other tools (which only read them). Each file has one zod
 * schema, and its TypeScript type is checked identical to what the schema parses:
 *
 *   DIR/summary.json          RunSummary (./summary.ts): the stable interface for other tools
 *   DIR/manifest.json         RunManifest (./manifest.ts): pipeline hash, cells, cache keys
 *   DIR/cells/<slug>.json     CellRecord (./cell_record.ts): what the report draws for one cell
 *   DIR/cells/<slug>.qubo.f64 with `run --save-qubos`: one QUBO matrix, raw little-endian
 *                             Float64, n x n (otherwise it stays in the cache, by key)
 *   DIR/figures/*.svg, DIR/index.html   the report
 */
export type { BaselineSummary, CellSummary, RunSummary } from "./summary.ts";
export type {
  AnnealRecord,
  CellRecord,
  EnergyTraceRecord,
  IterationRecord,
  QuboKey,
  RemoteProblem,
  RemoteRecord,
} from "./cell_record.ts";
export { cellSlug } from "./cell_record.ts";
export type { ManifestCell, RunManifest } from "./manifest.ts";
export { SUMMARY_FORMAT } from "./summary.ts";
export type { GitProvenance, ManifestSection, Provenance } from "./manifest.ts";
