/**
 * Why a cache key changed: the component-by-component difference of two StageSpecs, and the
 * chain of changes through a cell's stages (the `why CELL` command).
 */
import { canonicalJson, stageKey } from "./canonical.ts";
import type { StageSpec } from "./types.ts";

/** Longest value shown in full in an explanation line. */
const MAX_VALUE_CHARS = 60;

/** Short form of a key in explanations: "3f2a...". */
export function shortKey(key: string): string {
  return key.length > 4 ? `${key.slice(0, 4)}...` : key;
}

function show(value: unknown): string {
  let text: string;
  try {
    text = canonicalJson(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((k) => record[k] !== undefined);
}

function diffValues(path: string, a: unknown, b: unknown, out: string[]): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const names = [...new Set([...sortedKeys(a), ...sortedKeys(b)])].sort((x, y) =>
      x < y ? -1 : x > y ? 1 : 0
    );
    for (const name of names) {
      const sub = `${path}.${name}`;
      if (a[name] === undefined) out.push(`${sub}: added (${show(b[name])})`);
      else if (b[name] === undefined) out.push(`${sub}: removed (was ${show(a[name])})`);
      else diffValues(sub, a[name], b[name], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) diffValues(`${path}[${i}]`, a[i], b[i], out);
    for (let i = common; i < b.length; i++) out.push(`${path}[${i}]: added (${show(b[i])})`);
    for (let i = common; i < a.length; i++) out.push(`${path}[${i}]: removed (was ${show(a[i])})`);
    return;
  }
  if (!sameJson(a, b)) out.push(`${path}: ${show(a)} -> ${show(b)}`);
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return Object.is(a, b);
  }
}

/** One differing key component; `role` is set for a changed (not added/removed) upstream key. */
interface Difference {
  readonly line: string;
  readonly role?: string;
}

function differences(previous: StageSpec, current: StageSpec): Difference[] {
  const lines: string[] = [];
  if (previous.stage !== current.stage) {
    lines.push(`stage: ${show(previous.stage)} -> ${show(current.stage)}`);
  }
  if (previous.version !== current.version) {
    lines.push(`version: ${previous.version} -> ${current.version}`);
  }
  diffValues("params", previous.params ?? null, current.params ?? null, lines);
  const found: Difference[] = lines.map((line) => ({ line }));
  const a = previous.upstream ?? {};
  const b = current.upstream ?? {};
  const roles = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const role of roles) {
    if (a[role] === undefined) {
      found.push({ line: `upstream.${role}: added (${shortKey(b[role])})` });
    } else if (b[role] === undefined) {
      found.push({ line: `upstream.${role}: removed (was ${shortKey(a[role])})` });
    } else if (a[role] !== b[role]) {
      found.push({ line: `upstream.${role}: ${shortKey(a[role])} -> ${shortKey(b[role])}`, role });
    }
  }
  return found;
}

/**
 * Names every key component that differs between two specs, one line each:
 * "stage: ...", "version: 1 -> 2", "params.bits: 10 -> 15" (recursing into nested params and
 * arrays; "added (...)" / "removed (was ...)" for fields present on one side only) and
 * "upstream.features: 3f2a... -> 9b1c...". Empty when the specs give the same key.
 */
export function explainKeyChange(previous: StageSpec, current: StageSpec): string[] {
  return differences(previous, current).map((d) => d.line);
}

/** Stage names in dependency order (upstream first), ties in the record's order. */
function dependencyOrder(specs: Record<string, StageSpec>, keys: Map<string, string>): string[] {
  const byKey = new Map<string, string>();
  for (const [name, key] of keys) byKey.set(key, name);
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (state.has(name)) return; // done, or a cycle (cannot happen with hashes): stop
    state.set(name, "visiting");
    for (const key of Object.values(specs[name].upstream ?? {})) {
      const parent = byKey.get(key);
      if (parent !== undefined) visit(parent);
    }
    state.set(name, "done");
    order.push(name);
  };
  for (const name of Object.keys(specs)) visit(name);
  return order;
}

async function keysOf(specs: Record<string, StageSpec>): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) keys.set(name, await stageKey(spec));
  return keys;
}

/**
 * Why a cell's stages do not hit the cache: compares the stage specs the previous run
 * recorded with the current plan's, stage by stage in dependency order, and follows each
 * upstream change to the stage that caused it. Lines look like
 *   "features changed: params.filters: 4 -> 8"
 *   "gram changed: upstream.features changed because features changed"
 *   "baseline: new stage (not in the previous run)"
 *   "report: no longer in the plan"
 * Unchanged stages give no line; the result is empty when nothing changed.
 */
export async function explainCellChange(
  previousSpecs: Record<string, StageSpec>,
  currentSpecs: Record<string, StageSpec>,
): Promise<string[]> {
  const previousKeys = await keysOf(previousSpecs);
  const currentKeys = await keysOf(currentSpecs);
  const stageOfKey = new Map<string, string>();
  for (const [name, key] of currentKeys) stageOfKey.set(key, name);
  const changed = new Set<string>();
  const lines: string[] = [];
  for (const name of dependencyOrder(currentSpecs, currentKeys)) {
    const current = currentSpecs[name];
    const previous = previousSpecs[name];
    if (previous === undefined) {
      changed.add(name);
      lines.push(`${name}: new stage (not in the previous run)`);
      continue;
    }
    if (previousKeys.get(name) === currentKeys.get(name)) continue;
    changed.add(name);
    for (const { line, role } of differences(previous, current)) {
      const cause = role === undefined ? undefined : stageOfKey.get(current.upstream[role]);
      lines.push(
        cause !== undefined && changed.has(cause)
          ? `${name} changed: upstream.${role} changed because ${cause} changed`
          : `${name} changed: ${line}`,
      );
    }
  }
  for (const name of Object.keys(previousSpecs)) {
    if (!(name in currentSpecs)) lines.push(`${name}: no longer in the plan`);
  }
  return lines;
}
