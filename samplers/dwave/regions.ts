/**
 * SAPI endpoint resolution (SAPI.md 1.2): an explicit endpoint wins; the default region with
 * the default Metadata API needs no request; any other region is looked up in the Metadata
 * API's region list (falling back to the default endpoint with a warning if it cannot be
 * reached; an answer that is not the Metadata API's region list is an error).
 */
import { UserError } from "../../lib/errors.ts";
import { DEFAULT_METADATA_ENDPOINT, DEFAULT_REGION, DEFAULT_SAPI_ENDPOINT } from "./config.ts";
import type { DwaveConfig } from "./config.ts";

/** The media type of the Metadata API's region list. */
export const REGIONS_MEDIA = "application/vnd.dwave.metadata.regions+json";

/** One region of the Metadata API. */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly endpoint: string;
}

/** The SAPI base URL (ending in "/") for a configuration. */
export async function resolveSapiEndpoint(
  config: Pick<DwaveConfig, "endpoint" | "region" | "metadataEndpoint" | "token">,
  options: { fetch?: typeof fetch; log?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<string> {
  if (config.endpoint) {
    return config.endpoint.endsWith("/") ? config.endpoint : `${config.endpoint}/`;
  }
  const region = config.region ?? DEFAULT_REGION;
  const metadata = config.metadataEndpoint.endsWith("/")
    ? config.metadataEndpoint
    : `${config.metadataEndpoint}/`;
  if (region === DEFAULT_REGION && metadata === DEFAULT_METADATA_ENDPOINT) {
    return DEFAULT_SAPI_ENDPOINT;
  }
  let response: Response;
  let text: string;
  try {
    const headers: Record<string, string> = { Accept: REGIONS_MEDIA };
    if (config.token) headers["X-Auth-Token"] = config.token;
    response = await (options.fetch ?? fetch)(new URL("regions/", metadata), {
      headers,
      signal: options.signal ?? AbortSignal.timeout(60_000),
    });
    text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    options.log?.(
      `D-Wave: could not read regions from ${metadata} (${
        error instanceof Error ? error.message : error
      }); using ${DEFAULT_SAPI_ENDPOINT}`,
    );
    return DEFAULT_SAPI_ENDPOINT;
  }
  // As D-Wave's client: the versioned media type (1.x), else this is not the Metadata API.
  const contentType = response.headers.get("Content-Type");
  const [type, ...params] = (contentType ?? "").split(";").map((p) => p.trim());
  const version = params.find((p) => p.startsWith("version="))?.slice(8) ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (type !== REGIONS_MEDIA || version.split(".")[0] !== "1" || !Array.isArray(parsed)) {
    throw new UserError(
      `The D-Wave Metadata API at ${metadata} answered the region list with Content-Type ${
        JSON.stringify(contentType)
      }${
        Array.isArray(parsed) ? "" : " and no list"
      } instead of ${REGIONS_MEDIA} version 1; check DWAVE_METADATA_API_ENDPOINT or "metadata_api_endpoint" in dwave.conf.`,
      { code: "config" },
    );
  }
  const regions = parsed as Region[];
  const found = regions.find((r) => r.code === region);
  if (!found) {
    throw new UserError(
      `D-Wave region "${region}" is unknown; use one of ${
        regions.map((r) => `"${r.code}"`).join(", ")
      } in DWAVE_API_REGION or the "region" key of dwave.conf.`,
      { code: "config" },
    );
  }
  return found.endpoint.endsWith("/") ? found.endpoint : `${found.endpoint}/`;
}
