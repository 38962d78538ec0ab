/**
 * Canonical JSON and stage keys (DESIGN.md section 2).
 *
 * key = SHA-256 hex of canonical JSON of { stage, version, params, upstream }. Canonical JSON
 * sorts object keys at every depth, has no whitespace and writes numbers as JSON.stringify
 * does. Anything that JSON would silently change or drop (NaN, Infinity, undefined in arrays,
 * functions, typed arrays, Dates, Maps, class instances) is rejected, so a key can never
 * depend on something odd.
 */
import { createHash } from "node:crypto";
import { UserError } from "../errors.ts";
import type { StageSpec } from "./types.ts";

/** A SHA-256 hex digest: 64 lowercase hex digits. */
export const KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Canonical JSON of a JSON-only value: sorted keys at every depth, no whitespace.
 * Object properties whose value is undefined are omitted (as JSON.stringify does), so an
 * optional parameter left out and one set to undefined give the same text.
 *
 * @param value the value to encode
 * @param where how to name the value in an error ("params", "meta")
 * @throws UserError naming the path of the first value JSON cannot hold exactly
 */
export function canonicalJson(value: unknown, where = "value"): string {
  const parts: string[] = [];
  encode(value, where, parts, new Set());
  return parts.join("");
}

function encode(value: unknown, path: string, out: string[], seen: Set<object>): void {
  switch (typeof value) {
    case "string":
      out.push(JSON.stringify(value));
      return;
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(value)) {
        throw new UserError(
          `${path} is ${value}, which JSON cannot hold: use a finite number (or null) there.`,
          { code: "cache" },
        );
      }
      out.push(JSON.stringify(value));
      return;
    case "undefined":
      throw new UserError(
        `${path} is undefined, which JSON cannot hold: use null or leave it out.`,
        { code: "cache" },
      );
    case "bigint":
    case "symbol":
    case "function":
      throw new UserError(
        `${path} is a ${typeof value}, which JSON cannot hold: use a number, string, boolean, ` +
          `null, array or plain object.`,
        { code: "cache" },
      );
  }
  if (value === null) {
    out.push("null");
    return;
  }
  const object = value as object;
  if (seen.has(object)) {
    throw new UserError(`${path} refers to itself, which JSON cannot hold: remove the cycle.`, {
      code: "cache",
    });
  }
  seen.add(object);
  if (Array.isArray(object)) {
    out.push("[");
    for (let i = 0; i < object.length; i++) {
      if (i > 0) out.push(",");
      // A hole reads as undefined and is rejected with its index.
      encode(object[i], `${path}[${i}]`, out, seen);
    }
    out.push("]");
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const kind = ArrayBuffer.isView(object)
        ? object.constructor.name
        : (object.constructor?.name ?? "object");
      throw new UserError(
        `${path} is a ${kind}, which JSON cannot hold exactly: use a plain object or array.`,
        { code: "cache" },
      );
    }
    const record = object as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareKeys);
    out.push("{");
    keys.forEach((k, i) => {
      if (i > 0) out.push(",");
      out.push(JSON.stringify(k), ":");
      encode(record[k], `${path}.${k}`, out, seen);
    });
    out.push("}");
  }
  seen.delete(object);
}

/** Code-unit order: the same on every platform and locale (unlike localeCompare). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SHA-256 of bytes or of a string's UTF-8 encoding. node:crypto's, synchronous: the same digest
 * as Web Crypto's, at a quarter of its cost for the small inputs of keys (no async round trip)
 * and half for large arrays (measured in BENCHMARKS.md).
 */
export function sha256Bytes(data: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/** SHA-256 hex digest of bytes or of a string's UTF-8 encoding. */
export function sha256Hex(data: string | Uint8Array): Promise<string> {
  return Promise.resolve(toHex(sha256Bytes(data)));
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]];
  return hex;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Checks that a StageSpec is well formed (stage name, integer version, hex upstream keys).
 * @throws UserError naming the stage and the bad field
 */
export function checkStageSpec(spec: StageSpec): void {
  const name = typeof spec?.stage === "string" ? spec.stage : undefined;
  if (!name || name.trim() !== name) {
    throw new UserError(
      `Stage spec has stage name ${JSON.stringify(spec?.stage)}: give a non-empty name ` +
        `without surrounding spaces.`,
      { code: "cache" },
    );
  }
  if (!Number.isSafeInteger(spec.version) || spec.version < 0) {
    throw new UserError(
      `Stage "${name}" has version ${JSON.stringify(spec.version)}: use a non-negative integer.`,
      { code: "cache" },
    );
  }
  const upstream = spec.upstream;
  if (upstream === null || typeof upstream !== "object" || Array.isArray(upstream)) {
    throw new UserError(
      `Stage "${name}" has upstream ${JSON.stringify(upstream)}: give an object of role -> key.`,
      { code: "cache" },
    );
  }
  for (const [role, key] of Object.entries(upstream)) {
    if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
      throw new UserError(
        `Stage "${name}" has upstream.${role} = ${JSON.stringify(key)}: an upstream key must ` +
          `be the 64-hex-digit key of the upstream stage's artifact.`,
        { code: "cache" },
      );
    }
  }
}

/** Canonical JSON of exactly the key components of a spec. */
export function canonicalSpec(spec: StageSpec): string {
  checkStageSpec(spec);
  const name = spec.stage;
  return [
    '{"params":',
    spec.params === undefined ? "null" : canonicalJson(spec.params, `Stage "${name}" params`),
    ',"stage":',
    JSON.stringify(name),
    ',"upstream":',
    canonicalJson(spec.upstream, `Stage "${name}" upstream`),
    ',"version":',
    String(spec.version),
    "}",
  ].join("");
}

/**
 * The cache key of a stage computation: SHA-256 hex of canonical JSON of
 * { params, stage, upstream, version }. Pure: the same spec in any key order gives the same
 * key; timestamps and paths never enter it.
 */
export async function stageKey(spec: StageSpec): Promise<string> {
  return await sha256Hex(canonicalSpec(spec));
}

/**
 * The declared parameters of a stage: only the named fields of `params`, so an undeclared
 * field (a label, a sampler setting another stage uses) never reaches the key. Names absent
 * from `params` (or undefined there) are left out, so an optional parameter that is not given
 * keeps the key it had before the parameter existed.
 *
 * @param params all parameters available to the stage
 * @param names the fields the stage's output depends on
 */
export function declaredParams<T extends Record<string, unknown>, K extends keyof T & string>(
  params: T,
  names: readonly K[],
): Pick<T, K> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    if (Object.hasOwn(params, name) && params[name] !== undefined) {
      // defineProperty, so a field named "__proto__" stays an ordinary field.
      Object.defineProperty(picked, name, {
        value: params[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return picked as Pick<T, K>;
}
