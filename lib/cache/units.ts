/**
 * Human durations and sizes for the cache commands: parse "7d" and "2GB", print "3h" (sizes
 * print with lib/format_bytes.ts). Decimal size units (kB = 1000 bytes) as the datasets listing uses; binary ones
 * (KiB = 1024 bytes) are accepted too.
 */
import { UserError } from "../errors.ts";

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Milliseconds of a duration such as "90s", "15m", "12h", "7d" or "2w".
 * @param option names the option in the error ("--older-than")
 * @throws UserError for anything else
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? DURATION_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UserError(
      `${option} "${text}" is not a duration: write a number and a unit ms, s, m, h, d or w, ` +
        `e.g. 7d.`,
      { code: "cache" },
    );
  }
  return Number(match[1]) * unit;
}

/**
 * Bytes of a size such as "500MB", "2GB", "1.5GiB" or "4096B". A bare number is refused: "2"
 * could mean bytes or gigabytes, and a gc that guesses wrong deletes the cache.
 * @param option names the option in the error ("--max-size")
 * @throws UserError for anything else
 */
export function parseSize(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  if (match && match[2] === "") {
    throw new UserError(
      `${option} "${text}" has no unit: write ${match[1]}B for bytes, or a unit kB, MB, GB, TB, ` +
        `KiB, MiB, GiB or TiB, e.g. 2GB.`,
      { code: "cache" },
    );
  }
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UserError(
      `${option} "${text}" is not a size: write a number and a unit B, kB, MB, GB, ` +
        `TB, KiB, MiB, GiB or TiB, e.g. 2GB.`,
      { code: "cache" },
    );
  }
  return Math.floor(Number(match[1]) * unit);
}

/** Human age of a duration in ms: "12s", "5m", "3h", "2d" (rounded down). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
