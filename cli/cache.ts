/**
 * The `cache` command: `cache ls` (entries and totals per stage), `cache verify [--delete]`
 * (check every entry's hash) and `cache gc [--older-than 7d] [--max-size 2GB]` (trim by last
 * use). The lead wires registerCacheCommand into cli/main.ts; errors are UserErrors that
 * main prints.
 */
import type { Command } from "commander";
import { type CacheEntryInfo, gcCache, listEntries, verifyCache } from "../lib/cache/inspect.ts";
import { formatAge, formatBytes, parseDuration, parseSize } from "../lib/cache/units.ts";

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

/** Lines of a padded table with a rule under the header row; numeric columns right-aligned. */
export function formatTable(
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: readonly string[]) =>
    row.map((cell, c) =>
      right.includes(c)
        ? cell.padStart(widths[c])
        : c === row.length - 1
        ? cell
        : cell.padEnd(widths[c])
    ).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
}

/** The `cache ls` listing: one row per entry, then totals per stage. */
export function formatCacheListing(
  entries: readonly CacheEntryInfo[],
  dir: string,
  now: Date,
): string[] {
  if (entries.length === 0) return [`cache ${dir} is empty`];
  const sorted = [...entries].sort((a, b) =>
    a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : a.created.getTime() - b.created.getTime()
  );
  const lines = formatTable([
    ["STAGE", "KEY", "VERSION", "SIZE", "CREATED", "USED"],
    ...sorted.map((e) => [
      e.stage,
      e.key.slice(0, KEY_CHARS),
      e.version < 0 ? "?" : String(e.version),
      formatBytes(e.bytes),
      `${formatAge(now.getTime() - e.created.getTime())} ago`,
      `${formatAge(now.getTime() - e.lastUsed.getTime())} ago`,
    ]),
  ], [2, 3, 4, 5]);
  const totals = new Map<string, { count: number; bytes: number }>();
  for (const e of sorted) {
    const t = totals.get(e.stage) ?? { count: 0, bytes: 0 };
    totals.set(e.stage, { count: t.count + 1, bytes: t.bytes + e.bytes });
  }
  const all = sorted.reduce((sum, e) => sum + e.bytes, 0);
  lines.push(
    "",
    ...formatTable([
      ["STAGE", "ENTRIES", "SIZE"],
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
  return lines;
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
    .description("list cache entries with stage, key, size and age, and totals per stage")
    .option(...dirOption)
    .action(async (opts: { cacheDir?: string }) => {
      const dir = opts.cacheDir ?? options.cacheDir;
      for (const line of formatCacheListing(await listEntries(dir), dir, now())) out(line);
    });
  cache
    .command("verify")
    .description("check every entry's content hash; --delete removes bad ones")
    .option(...dirOption)
    .option("--delete", "remove bad entries (the next run recomputes them)")
    .action(async (opts: { cacheDir?: string; delete?: boolean }) => {
      const dir = opts.cacheDir ?? options.cacheDir;
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
    .option("--older-than <age>", "remove entries not used for this long (e.g. 7d, 12h)")
    .option(
      "--max-size <size>",
      "then trim to this total size, least recently used first (e.g. 2GB)",
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
