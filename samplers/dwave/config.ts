/**
 * D-Wave client configuration resolved exactly as D-Wave's own client resolves it
 * (dwave-cloud-client 0.14 dwave/cloud/config/loaders.py, SAPI.md 1.9): explicit options >
 * DWAVE_* environment variables > dwave.conf (local over user over system, XDG_CONFIG_DIRS in
 * its order with the last entry winning, key by key; profile section over [defaults]) >
 * defaults. `endpoint` and `region` exclude each other across levels. A profile that is named
 * (argument, DWAVE_PROFILE or [defaults] `profile`) but absent is an error. Only environment
 * variables D-Wave's client knows are read. tests/dwave/fixtures/dwave_conf_scenarios.json
 * holds what D-Wave's client resolves in each case, and config_test.ts holds us to it.
 * Nothing here reads the network; see regions.ts.
 */
import { UserError } from "../../lib/errors.ts";
import {
  DEFAULT_SECTION,
  emptyIni,
  type IniDocument,
  interpolatedSection,
  parseIni,
} from "./ini.ts";

/** Default SAPI endpoint (used when neither endpoint nor a non-default region is set). */
export const DEFAULT_SAPI_ENDPOINT = "https://cloud.dwavesys.com/sapi/";
/** Default Metadata API endpoint (region list). */
export const DEFAULT_METADATA_ENDPOINT = "https://cloud.dwavesys.com/metadata/v1/";
/** Default region code. */
export const DEFAULT_REGION = "na-west-1";

/** Resolved client configuration. The token is kept here and nowhere else. */
export interface DwaveConfig {
  /** SAPI token (X-Auth-Token). Never logged or written. */
  readonly token?: string;
  /** SAPI base URL; wins over `region`. */
  readonly endpoint?: string;
  /** Region code resolved through the Metadata API. */
  readonly region?: string;
  /** Solver name, `name;graph_id=...`, or a JSON feature filter. */
  readonly solver?: string;
  /** Metadata API base URL, where regions are resolved. */
  readonly metadataEndpoint: string;
  /** Extra request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Seconds before one HTTP request is abandoned (and retried). */
  readonly requestTimeout: number;
  /** Long-poll wait in seconds (SAPI allows 1..30). */
  readonly pollWaitTime: number;
  /** Seconds before polling gives up on a problem (undefined: never). */
  readonly pollingTimeout?: number;
  /** Retries for 429, 5xx and network errors. */
  readonly maxRetries: number;
  /** First backoff delay in seconds, doubled each retry up to retryBackoffMax. */
  readonly retryBackoff: number;
  /** Longest backoff delay in seconds (http_retry_backoff_max, default 60). */
  readonly retryBackoffMax: number;
  /** Where each option came from ("env DWAVE_API_TOKEN", "file ~/.config/dwave/dwave.conf [prod]"). */
  readonly sources: Readonly<Record<string, string>>;
}

/** Where configuration is read from (injectable for tests). */
export interface ConfigEnvironment {
  /** Environment variables (default: Deno.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory for ./dwave.conf (default: Deno.cwd()). */
  readonly cwd?: string;
  /** Operating system (default: Deno.build.os). */
  readonly os?: string;
  /** Reads a text file or returns undefined if it does not exist (default: Deno.readTextFileSync). */
  readonly readTextFile?: (path: string) => string | undefined;
}

/** The environment variables of D-Wave's client that this client uses (ENV_OPTION_MAP). */
const ENV_OPTIONS: Record<string, string> = {
  DWAVE_API_TOKEN: "token",
  DWAVE_API_ENDPOINT: "endpoint",
  DWAVE_API_REGION: "region",
  DWAVE_API_SOLVER: "solver",
  DWAVE_API_HEADERS: "headers",
  DWAVE_METADATA_API_ENDPOINT: "metadata_api_endpoint",
};

const CONFIG_KEYS: Record<string, keyof DwaveConfig> = {
  token: "token",
  endpoint: "endpoint",
  region: "region",
  solver: "solver",
  headers: "headers",
  metadata_api_endpoint: "metadataEndpoint",
  request_timeout: "requestTimeout",
  poll_wait_time: "pollWaitTime",
  polling_timeout: "pollingTimeout",
  http_retry_total: "maxRetries",
  http_retry_backoff_max: "retryBackoffMax",
};

function defaultReadTextFile(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw new UserError(`Cannot read D-Wave configuration file ${path}: ${String(error)}.`, {
      code: "config",
    });
  }
}

function defaultEnv(): Record<string, string | undefined> {
  try {
    return Deno.env.toObject();
  } catch {
    return {}; // no --allow-env: behave as if nothing is set
  }
}

/** dwave.conf locations, lowest precedence first (SAPI.md 1.9 table). */
export function configFilePaths(
  env: Readonly<Record<string, string | undefined>>,
  os: string,
  cwd: string,
): string[] {
  const home = env.HOME ?? env.USERPROFILE ?? "";
  const local = `${cwd.replace(/[\\/]$/, "")}/dwave.conf`;
  if (os === "darwin") {
    return [
      "/Library/Application Support/dwave/dwave.conf",
      `${home}/Library/Application Support/dwave/dwave.conf`,
      local,
    ];
  }
  if (os === "windows") {
    const programData = env.PROGRAMDATA ?? "C:\\ProgramData";
    const localAppData = env.LOCALAPPDATA ?? `${home}\\AppData\\Local`;
    return [
      `${programData}\\dwavesystem\\dwave\\dwave.conf`,
      `${localAppData}\\dwavesystem\\dwave\\dwave.conf`,
      local,
    ];
  }
  // homebase's order: XDG_CONFIG_DIRS as listed, each read after (so over) the one before it.
  const systemDirs = (env.XDG_CONFIG_DIRS || "/etc/xdg").split(":").filter((d) => d)
    .map((d) => d.replace(/\/+$/, ""));
  const userDir = env.XDG_CONFIG_HOME || `${home}/.config`;
  return [...systemDirs.map((d) => `${d}/dwave/dwave.conf`), `${userDir}/dwave/dwave.conf`, local];
}

/**
 * The profile's options from the merged files, as load_profile_from_files picks them: the named
 * profile (argument or DWAVE_PROFILE, else [defaults] `profile`, else the first section), which
 * must exist; with no profile at all, [defaults] as written (not interpolated).
 */
function profileOptions(
  doc: IniDocument,
  paths: string[],
  named: { profile?: string; source: string },
): { options: Map<string, string>; label: string } {
  const where = paths.join(", ") || "(no dwave.conf found)";
  let profile = named.profile;
  let source = named.source;
  if (!profile && doc.defaults.has("profile")) {
    profile = doc.defaults.get("profile");
    source = `the "profile" key of [defaults]`;
  }
  if (!profile && !doc.defaults.has("profile")) {
    profile = doc.sections.keys().next().value;
    source = "first section";
  }
  if (!profile) return { options: new Map(doc.defaults), label: `file ${where}` };
  if (profile !== DEFAULT_SECTION && !doc.sections.has(profile)) {
    const known = [...doc.sections.keys()].map((s) => `"${s}"`).join(", ");
    throw new UserError(
      `D-Wave profile "${profile}" (from ${source}) is not a section of ${
        paths.length ? where : "any dwave.conf (none was found)"
      }; ${known ? `use one of ${known}` : "add that section"} or ${
        source.startsWith('the "profile"') ? "change that key" : `unset ${source}`
      }.`,
      { code: "config" },
    );
  }
  return {
    options: interpolatedSection(doc, profile, where),
    label: `file ${where} [${profile}]`,
  };
}

function parseHeaders(text: string, where: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim()).filter((l) => l)) {
    const at = line.indexOf(":");
    if (at <= 0) {
      throw new UserError(
        `D-Wave option "headers" (${where}) must hold "Name: value" lines, got ${
          JSON.stringify(line)
        }.`,
        { code: "config" },
      );
    }
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

function parsePositive(key: string, value: string, where: string, integer: boolean): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) {
    throw new UserError(
      `D-Wave option "${key}" (${where}) must be a non-negative ${
        integer ? "integer" : "number"
      }, got ${JSON.stringify(value)}.`,
      { code: "config" },
    );
  }
  return number;
}

/**
 * request_timeout: seconds, or D-Wave's "(connect, read)" pair (Python literal), whose larger
 * value bounds one attempt here.
 */
function requestTimeout(entry: { value: unknown; source: string } | undefined): number {
  if (entry === undefined) return 60;
  if (typeof entry.value === "number") return entry.value;
  const text = String(entry.value).trim();
  const pair = /^\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*,?\s*\)$/.exec(text);
  if (pair) {
    return Math.max(
      parsePositive("request_timeout", pair[1], entry.source, false),
      parsePositive("request_timeout", pair[2], entry.source, false),
    );
  }
  return parsePositive("request_timeout", text, entry.source, false);
}

/**
 * Resolves the configuration from explicit options, the environment and dwave.conf files.
 * Reads files only; never contacts the network. A missing token is not an error here: the
 * client reports it when it first needs one.
 */
export function loadDwaveConfig(
  explicit: Partial<DwaveConfig> & { profile?: string; configFile?: string } = {},
  environment: ConfigEnvironment = {},
): DwaveConfig {
  const env = environment.env ?? defaultEnv();
  const readTextFile = environment.readTextFile ?? defaultReadTextFile;
  const os = environment.os ?? Deno.build.os;
  const cwd = environment.cwd ?? Deno.cwd();

  // Level 3: config files.
  const explicitFile = explicit.configFile || env.DWAVE_CONFIG_FILE || undefined;
  const doc = emptyIni();
  const paths: string[] = [];
  if (explicitFile) {
    const text = readTextFile(explicitFile);
    if (text === undefined) {
      throw new UserError(
        `D-Wave configuration file ${explicitFile} (from ${
          explicit.configFile ? "the configFile option" : "DWAVE_CONFIG_FILE"
        }) does not exist; create it or unset that setting.`,
        { code: "config" },
      );
    }
    parseIni(text, explicitFile, doc);
    paths.push(explicitFile);
  } else {
    for (const path of configFilePaths(env, os, cwd)) {
      const text = readTextFile(path);
      if (text !== undefined) parseIni(text, path, doc), paths.push(path);
    }
  }
  const fromFile = profileOptions(doc, paths, {
    profile: explicit.profile || env.DWAVE_PROFILE || undefined,
    source: explicit.profile ? "the profile option" : "DWAVE_PROFILE",
  });

  // Level 2: environment (empty strings count as unset).
  const fromEnv = new Map<string, string>();
  for (const [name, key] of Object.entries(ENV_OPTIONS)) {
    if (env[name]) fromEnv.set(key, env[name]!);
  }

  // Level 1: explicit options, in config-file key names.
  const fromExplicit = new Map<string, unknown>();
  for (const [key, field] of Object.entries(CONFIG_KEYS)) {
    const value = (explicit as Record<string, unknown>)[field];
    if (value !== undefined && value !== "") fromExplicit.set(key, value);
  }

  const levels: { label: string; values: Map<string, unknown> }[] = [
    { label: "option", values: fromExplicit },
    {
      label: "env",
      values: new Map([...fromEnv].map(([k, v]) => [k, v])),
    },
    { label: fromFile.label, values: fromFile.options },
  ];
  const merged = new Map<string, { value: unknown; source: string }>();
  let locationTaken = false;
  for (const { label, values } of levels) {
    const setsLocation = values.has("endpoint") || values.has("region");
    for (const [key, value] of values) {
      if ((key === "endpoint" || key === "region") && locationTaken) continue;
      if (merged.has(key) || value === "") continue;
      const envName = Object.keys(ENV_OPTIONS).find((n) => ENV_OPTIONS[n] === key);
      merged.set(key, { value, source: label === "env" ? `env ${envName}` : label });
    }
    if (setsLocation) locationTaken = true;
  }

  const text = (key: string) => {
    const entry = merged.get(key);
    return entry === undefined ? undefined : String(entry.value);
  };
  const where = (key: string) => merged.get(key)?.source ?? "default";
  const number = (key: string, fallback: number, integer = false) => {
    const entry = merged.get(key);
    if (entry === undefined) return fallback;
    if (typeof entry.value === "number") return entry.value;
    return parsePositive(key, String(entry.value), entry.source, integer);
  };
  const headersEntry = merged.get("headers");
  const headers = headersEntry === undefined
    ? {}
    : typeof headersEntry.value === "object"
    ? headersEntry.value as Record<string, string>
    : parseHeaders(String(headersEntry.value), headersEntry.source);
  const pollWaitTime = number("poll_wait_time", 30, true);
  if (pollWaitTime < 1 || pollWaitTime > 30) {
    throw new UserError(
      `D-Wave option "poll_wait_time" (${
        where("poll_wait_time")
      }) must be from 1 to 30 seconds, got ${pollWaitTime}.`,
      { code: "config" },
    );
  }
  const sources: Record<string, string> = {};
  for (const [key, { source }] of merged) sources[key] = source;
  const pollingTimeout = merged.has("polling_timeout")
    ? number("polling_timeout", 0)
    : explicit.pollingTimeout;
  return {
    token: text("token"),
    endpoint: text("endpoint"),
    region: text("region"),
    solver: text("solver"),
    metadataEndpoint: text("metadata_api_endpoint") ?? DEFAULT_METADATA_ENDPOINT,
    headers,
    requestTimeout: requestTimeout(merged.get("request_timeout")),
    pollWaitTime,
    pollingTimeout,
    maxRetries: number("http_retry_total", 10, true),
    retryBackoff: explicit.retryBackoff ?? 0.5,
    retryBackoffMax: number("http_retry_backoff_max", 60),
    sources,
  };
}
