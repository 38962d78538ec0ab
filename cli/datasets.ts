/**
 * The `datasets` command: `datasets` lists every catalogue dataset with its state (verified,
 * present, mismatch, missing), where it was found and its size; `datasets fetch NAME...`
 * downloads datasets with a progress bar. The lead wires registerDatasetsCommand into
 * cli/main.ts; library errors are UserErrors that main prints.
 */
import cliProgress from "cli-progress";
import process from "node:process";
import type { Command } from "commander";
import { DATASET_NAMES } from "../lib/datasets/catalogue.ts";
import { formatBytes } from "../lib/format_bytes.ts";
import { plainTable } from "../lib/table.ts";
import { fetchDataset } from "../lib/datasets/fetch_dataset.ts";
import { DATA_DIR_ENV, dataDirs, type DatasetEnv, processEnv } from "../lib/datasets/locations.ts";
import { allDatasetStatus, type DatasetStatus } from "../lib/datasets/status.ts";
import type { ProgressEvent } from "../lib/progress.ts";

/** What the command writes to and reads from; tests replace it. */
export interface DatasetsCommandIo {
  /** Writes one line of normal output; default console.log. */
  readonly out?: (line: string) => void;
  readonly env?: DatasetEnv;
  /** Injectable fetch for downloads. */
  readonly fetch?: typeof fetch;
  /** Show a progress bar on stderr; default when stderr is a terminal. */
  readonly progressBar?: boolean;
}

const STATE_MARK: Record<DatasetStatus["state"], string> = {
  verified: "verified",
  present: "present (not yet hashed)",
  mismatch: "CHECKSUM MISMATCH",
  missing: "missing",
};

/** The listing as lines: a padded table, then how to fetch what is missing. */
export function formatStatusTable(
  rows: readonly DatasetStatus[],
  dataDir: string,
  verified = false,
): string[] {
  const lines = plainTable(
    ["DATASET", "STATE", "SIZE", "WHERE"],
    rows.map((r) => [
      r.name,
      STATE_MARK[r.state],
      r.bytes === undefined ? "-" : formatBytes(r.bytes),
      r.dir ? `${r.dir} (${r.source})` : "-",
    ]),
  );
  const missing = rows.filter((r) => r.state === "missing" || r.state === "mismatch");
  lines.push("");
  lines.push(`data directory: ${dataDir} (set with --data-dir or ${DATA_DIR_ENV})`);
  if (missing.length > 0) {
    const fetchable = missing.filter((r) => r.downloadable).map((r) => r.name);
    if (fetchable.length > 0) lines.push(`fetch: deno task datasets fetch ${fetchable.join(" ")}`);
  }
  if (!verified && rows.some((r) => r.state !== "missing")) {
    lines.push(
      "states come from the last hash of each file (kept while size and mtime match); rehash every file: deno task datasets --verify",
    );
  }
  return lines;
}

/** A ProgressFn drawing one cli-progress bar per label on stderr. */
function progressBar(): { onProgress: (event: ProgressEvent) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  let label = "";
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onProgress(event) {
      if (event.label !== label || !bar) {
        stop();
        label = event.label;
        bar = new cliProgress.SingleBar({
          format: `${label} [{bar}] {percentage}% | {mb} / {totalMb} MB | ETA {eta_formatted}`,
          stream: process.stderr,
          hideCursor: true,
        }, cliProgress.Presets.shades_classic);
        bar.start(event.total ?? 0, event.done, { mb: "0.0", totalMb: "?" });
      }
      if (event.total !== undefined) bar.setTotal(event.total);
      bar.update(event.done, {
        mb: (event.done / 1e6).toFixed(1),
        totalMb: event.total === undefined ? "?" : (event.total / 1e6).toFixed(1),
      });
    },
    stop,
  };
}

/** Adds `datasets` (listing) and `datasets fetch NAME...` to `program`. */
export function registerDatasetsCommand(program: Command, io: DatasetsCommandIo = {}): Command {
  const out = io.out ?? ((line: string) => console.log(line));
  const env = () => io.env ?? processEnv();
  const datasets = program
    .command("datasets")
    .description("list the benchmark datasets and their state, or fetch them")
    .option(
      "--data-dir <dir>",
      `data directory (default: ${DATA_DIR_ENV}, else ~/.cache/qubo-cnn/datasets)`,
    )
    .option("--verify", "rehash every file (the listing otherwise trusts size and mtime)")
    .action(async (opts: { dataDir?: string; verify?: boolean }) => {
      const rows = await allDatasetStatus({
        dataDir: opts.dataDir,
        env: env(),
        verify: opts.verify,
      });
      const dir = dataDirs(opts.dataDir, env())[0].dir;
      for (const line of formatStatusTable(rows, dir, opts.verify)) out(line);
    });
  datasets
    .command("fetch")
    .description(`download datasets (${DATASET_NAMES.join(", ")}), verified by sha256`)
    .argument("<names...>", "datasets to fetch")
    .option("--data-dir <dir>", "directory to download into")
    .option("--force", "download even when a verified copy exists")
    .action(async (names: string[], _opts: unknown, command: Command) => {
      // --data-dir may be parsed by the parent `datasets` command: merge both levels.
      const opts = command.optsWithGlobals<{ dataDir?: string; force?: boolean }>();
      const showBar = io.progressBar ?? Deno.stderr.isTerminal();
      for (const name of names) {
        const bar = showBar ? progressBar() : undefined;
        try {
          const outcome = await fetchDataset(name, {
            dataDir: opts.dataDir,
            env: env(),
            fetch: io.fetch,
            force: opts.force,
            onProgress: bar?.onProgress,
          });
          bar?.stop();
          const verb = {
            downloaded: "downloaded and verified into",
            present: "already present and verified in",
            bundled: "bundled with the repository, verified in",
          }[outcome.state];
          out(`${outcome.dataset}: ${verb} ${outcome.dir}`);
        } finally {
          bar?.stop();
        }
      }
    });
  return datasets;
}
