/**
 * Sizes for people, the same everywhere (the cache listing, the datasets listing, the memory
 * limit's message): decimal units as disks and downloads are sized (1 kB = 1000 bytes), one
 * decimal, never "1000.0 kB" (the unit rolls over first), exponential past the petabytes.
 */

const UNITS = ["kB", "MB", "GB", "TB", "PB"];

/**
 * "562 B", "57.5 kB", "170.1 MB", "1.6 GB", "3.3e+20 B".
 *
 * @example
 * ```ts
 * import { formatBytes } from "./format_bytes.ts";
 * if (formatBytes(170052171) !== "170.1 MB") throw new Error("decimal megabytes");
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes >= 999.95e15) return `${bytes.toExponential(1)} B`;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
