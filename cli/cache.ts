/**
 * The `cache` command: `cache ls [--stage NAME] [--entries]` (totals per stage, or every
 * entry), `cache verify [--delete]` (check every entry's hash) and `cache gc [--older-than 7d]
 * [--max-size 2GB]` (trim by last use; units required). Each refuses a cache directory that
 * does not exist or is a file. The lead wires registerCacheCommand into cli/main.ts; errors
 * are UserErrors that main prints.
 */
import type { Command } from "commander";
import { UserError } from "../lib/errors.ts";
import { type CacheEntryInfo, gcCache, listEntries, verifyCache } from "../lib/cache/inspect.ts";
import { requireCacheDir } from "../lib/cache/layout.ts";
import { formatAge, parseDuration, parseSize } from "../lib/cache/units.ts";
import { formatBytes } from "../lib/format_bytes.ts";
import { plainTable } from "../lib/table.ts";

/** Defaults and I/O of the cache command; tests replace out, now and setExitCode. */
export interface CacheCommandOptions {
  /** Cache directory when --cache-dir is not given. */
  readonly cacheDir: string;
  /** Writes one line of output; default console.log. */
  readonly out?: (line: string) => void;
  /** The current time (ages are measured from it); default the clock. */
  readonly now?: () => Date;
  /** Called with 1 when `cache verify` finds bad entries it did not delete. */
  readonly setExitCode?: (code: number) => void;
}

/** Key prefix length shown in listings: enough to be unique in any realistic cache. */
const KEY_CHARS = 12;

/**
 * The `cache ls` listing: totals per stage, preceded by one row per entry when `entries` is
 * set, then the corrupt entries.
 */
export function formatCacheListing(
  entries: readonly CacheEntryInfo[],
  dir: string,
  now: Date,
  options: { readonly entries?: boolean } = {},
): string[] {
  if (entries.length === 0) return [`cache ${dir} is empty`];
  const sorted = [...entries].sort((a, b) =>
    a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : a.created.getTime() - b.created.getTime()
  );
  const lines = !options.entries ? [] : plainTable(
    ["STAGE", "KEY", "VERSION", "SIZE", "CREATED", "USED"],
    sorted.map((e) => [
      e.stage,
      e.key.slice(0, KEY_CHARS),
      e.version < 0 ? "?" : String(e.version),
      formatBytes(e.bytes),
      `${formatAge(now.getTime() - e.created.getTime())} ago`,
      `${formatAge(now.getTime() - e.lastUsed.getTime())} ago`,
    ]),
    [2, 3, 4, 5],
  );
  const totals = new Map<string, { count: number; bytes: number }>();
  for (const e of sorted) {
    const t = totals.get(e.stage) ?? { count: 0, bytes: 0 };
    totals.set(e.stage, { count: t.count + 1, bytes: t.bytes + e.bytes });
  }
  const all = sorted.reduce((sum, e) => sum + e.bytes, 0);
  if (lines.length > 0) lines.push("");
  lines.push(
    ...plainTable(["STAGE", "ENTRIES", "SIZE"], [
      ...[...totals].map(([stage, t]) => [stage, String(t.count), formatBytes(t.bytes)]),
      ["total", String(sorted.length), formatBytes(all)],
    ], [1, 2]),
  );
  const broken = sorted.filter((e) => e.problem !== undefined);
  if (broken.length > 0) {
    lines.push("");
    for (const e of broken) lines.push(`corrupt ${e.key.slice(0, KEY_CHARS)}: ${e.problem}`);
    lines.push("remove corrupt entries with: cache verify --delete (runs recompute them)");
  }
  lines.push("", `cache directory: ${dir}`);
  if (!options.entries) lines.push("every entry: cache ls --entries (one stage: --stage NAME)");
  return lines;
}

/** The entries of `stage` (all when undefined); UserError naming the stages when none match. */
function ofStage(
  entries: readonly CacheEntryInfo[],
  stage: string | undefined,
  dir: string,
): readonly CacheEntryInfo[] {
  if (stage === undefined) return entries;
  const chosen = entries.filter((e) => e.stage === stage);
  if (chosen.length === 0) {
    const stages = [...new Set(entries.map((e) => e.stage))].sort();
    throw new UserError(
      `No entries of stage "${stage}" in cache ${dir}; ` +
        (stages.length ? `its stages are ${stages.join(", ")}.` : "the cache is empty."),
      { code: "cache" },
    );
  }
  return chosen;
}

/** Adds `cache ls`, `cache verify` and `cache gc` to `program`. */
export function registerCacheCommand(program: Command, options: CacheCommandOptions): Command {
  const out = options.out ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const setExitCode = options.setExitCode ?? ((code: number) => (Deno.exitCode = code));
  const dirOption = [
    "--cache-dir <dir>",
    `cache directory (default: ${options.cacheDir})`,
  ] as const;
  const cache = program
    .command("cache")
    .description("list, verify and trim the content-addressed stage cache");
  cache
    .command("ls")
    .description("totals per stage; --entries lists every entry with key, size and age")
    .option(...dirOption)
    .option("--stage <name>", "only entries of this stage (e.g. gram, class-qubo)")
    .option("--entries", "list every entry, not only the totals per stage")
    .action(async (opts: { cacheDir?: string; stage?: string; entries?: boolean }) => {
      const dir = opts.cacheDir ?? options.cacheDir;
      await requireCacheDir(dir);
      const entries = ofStage(await listEntries(dir), opts.stage, dir);
      for (const line of formatCacheListing(entries, dir, now(), opts)) out(line);
    });
  cache
    .command("verify")
    .description("check every entry's content hash; --delete removes bad ones")
    .option(...dirOption)
    .option("--delete", "remove bad entries (the next run recomputes them)")
    .action(async (opts: { cacheDir?: string; delete?: boolean }) => {
      const dir = opts.cacheDir ?? options.cacheDir;
      await requireCacheDir(dir);
      const report = await verifyCache(dir, { remove: opts.delete });
      for (const bad of report.bad) out(`bad ${bad.key.slice(0, KEY_CHARS)}: ${bad.reason}`);
      if (report.bad.length === 0) {
        out(`checked ${report.checked} entries in ${dir}: all good`);
      } else if (opts.delete) {
        out(`checked ${report.checked} entries in ${dir}: removed ${report.removed} bad`);
      } else {
        out(
          `checked ${report.checked} entries in ${dir}: ${report.bad.length} bad; remove them ` +
            `with: cache verify --delete`,
        );
        setExitCode(1);
      }
    });
  cache
    .command("gc")
    .description("remove entries unused for a while, then least recently used ones over a size")
    .option(...dirOption)
    .option("--older-than <age>", "remove entries not used for this long (with a unit: 7d, 12h)")
    .option(
      "--max-size <size>",
      "then trim to this total size, least recently used first (with a unit: 2GB, 500MB)",
    )
    .option("--dry-run", "show what would be removed without removing it")
    .action(
      async (
        opts: { cacheDir?: string; olderThan?: string; maxSize?: string; dryRun?: boolean },
      ) => {
        const dir = opts.cacheDir ?? options.cacheDir;
        const olderThan = opts.olderThan === undefined
          ? undefined
          : parseDuration(opts.olderThan, "--older-than");
        const maxBytes = opts.maxSize === undefined
          ? undefined
          : parseSize(opts.maxSize, "--max-size");
        await requireCacheDir(dir);
        const report = await gcCache(dir, { olderThan, maxBytes, now: now(), dryRun: opts.dryRun });
        const verb = opts.dryRun ? "would remove" : "removed";
        for (const e of report.removed) {
          out(
            `${verb} ${e.stage} ${e.key.slice(0, KEY_CHARS)} (${formatBytes(e.bytes)}, used ` +
              `${formatAge(now().getTime() - e.lastUsed.getTime())} ago)`,
          );
        }
        out(
          `${verb} ${report.removed.length} entries (${formatBytes(report.removedBytes)}) and ` +
            `${report.removedTemps} unfinished temp files; kept ${report.keptEntries} entries ` +
            `(${formatBytes(report.keptBytes)})`,
        );
        if (olderThan === undefined && maxBytes === undefined) {
          out("give --older-than or --max-size to trim entries");
        }
      },
    );
  return cache;
}
