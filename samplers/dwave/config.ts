/**
 * D-Wave client configuration with the precedence of D-Wave's own client (SAPI.md 1.9):
 * explicit options > DWAVE_* environment variables > dwave.conf (local over user over
 * system, key by key; profile section over [defaults]) > defaults. `endpoint` and `region`
 * exclude each other across levels. Nothing here reads the network; see regions.ts.
 */
import { UserError } from "../../lib/errors.ts";
import { type IniFile, parseIni } from "./ini.ts";

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
  /** First backoff delay in seconds, doubled each retry, capped at 60 s. */
  readonly retryBackoff: number;
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

const ENV_OPTIONS: Record<string, string> = {
  DWAVE_API_TOKEN: "token",
  DWAVE_API_ENDPOINT: "endpoint",
  DWAVE_API_REGION: "region",
  DWAVE_API_SOLVER: "solver",
  DWAVE_API_HEADERS: "headers",
  DWAVE_METADATA_API_ENDPOINT: "metadata_api_endpoint",
  DWAVE_REQUEST_TIMEOUT: "request_timeout",
  DWAVE_POLL_WAIT_TIME: "poll_wait_time",
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
};

function defaultReadTextFile(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw new UserError(`Cannot read D-Wave configuration file ${path}: ${String(error)}.`);
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
  // XDG_CONFIG_DIRS lists the most important directory first: read it last.
  const systemDirs = (env.XDG_CONFIG_DIRS || "/etc/xdg").split(":").filter((d) => d).reverse();
  const userDir = env.XDG_CONFIG_HOME || `${home}/.config`;
  return [...systemDirs.map((d) => `${d}/dwave/dwave.conf`), `${userDir}/dwave/dwave.conf`, local];
}

/** Picks the profile section of merged config files (SAPI.md 1.9 "Profile choice"). */
function profileOptions(
  files: { path: string; ini: IniFile }[],
  explicitProfile: string | undefined,
): { options: Map<string, string>; label: string } {
  const defaults = new Map<string, string>();
  const sections = new Map<string, Map<string, string>>();
  const order: string[] = [];
  for (const { ini } of files) {
    for (const [name, values] of ini) {
      const target = name === "defaults" ? defaults : sections.get(name) ?? new Map();
      if (name !== "defaults" && !sections.has(name)) {
        sections.set(name, target);
        order.push(name);
      }
      for (const [key, value] of values) target.set(key, value);
    }
  }
  const paths = files.map((f) => f.path).join(", ");
  let profile: string | undefined = explicitProfile || defaults.get("profile") || order[0];
  if (explicitProfile && !sections.has(explicitProfile) && explicitProfile !== "defaults") {
    throw new UserError(
      `D-Wave profile "${explicitProfile}" is not a section of ${
        paths || "any dwave.conf"
      }; use one of ${order.map((s) => `"${s}"`).join(", ") || "(none)"} or unset DWAVE_PROFILE.`,
    );
  }
  if (profile !== undefined && !sections.has(profile)) profile = undefined;
  const options = new Map(defaults);
  options.delete("profile");
  if (profile) { for (const [key, value] of sections.get(profile)!) options.set(key, value); }
  return { options, label: `file ${paths}${profile ? ` [${profile}]` : ""}` };
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
    );
  }
  return number;
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
  const files: { path: string; ini: IniFile }[] = [];
  if (explicitFile) {
    const text = readTextFile(explicitFile);
    if (text === undefined) {
      throw new UserError(
        `D-Wave configuration file ${explicitFile} (from ${
          explicit.configFile ? "the configFile option" : "DWAVE_CONFIG_FILE"
        }) does not exist; create it or unset that setting.`,
      );
    }
    files.push({ path: explicitFile, ini: parseIni(text, explicitFile) });
  } else {
    for (const path of configFilePaths(env, os, cwd)) {
      const text = readTextFile(path);
      if (text !== undefined) files.push({ path, ini: parseIni(text, path) });
    }
  }
  const fromFile = profileOptions(files, explicit.profile || env.DWAVE_PROFILE || undefined);

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
    requestTimeout: number("request_timeout", 60),
    pollWaitTime,
    pollingTimeout,
    maxRetries: number("http_retry_total", 10, true),
    retryBackoff: explicit.retryBackoff ?? 0.5,
    sources,
  };
}
