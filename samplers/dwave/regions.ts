/**
 * SAPI endpoint resolution (SAPI.md 1.2): an explicit endpoint wins; the default region with
 * the default Metadata API needs no request; any other region is looked up in the Metadata
 * API's region list (falling back to the default endpoint with a warning if that fails).
 */
import { UserError } from "../../lib/errors.ts";
import { DEFAULT_METADATA_ENDPOINT, DEFAULT_REGION, DEFAULT_SAPI_ENDPOINT } from "./config.ts";
import type { DwaveConfig } from "./config.ts";

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
  let regions: Region[];
  try {
    const headers: Record<string, string> = {
      Accept: "application/vnd.dwave.metadata.regions+json",
    };
    if (config.token) headers["X-Auth-Token"] = config.token;
    const response = await (options.fetch ?? fetch)(new URL("regions/", metadata), {
      headers,
      signal: options.signal ?? AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    regions = await response.json();
    if (!Array.isArray(regions)) throw new Error("region list is not an array");
  } catch (error) {
    options.log?.(
      `D-Wave: could not read regions from ${metadata} (${
        error instanceof Error ? error.message : error
      }); using ${DEFAULT_SAPI_ENDPOINT}`,
    );
    return DEFAULT_SAPI_ENDPOINT;
  }
  const found = regions.find((r) => r.code === region);
  if (!found) {
    throw new UserError(
      `D-Wave region "${region}" is unknown; use one of ${
        regions.map((r) => `"${r.code}"`).join(", ")
      } in DWAVE_API_REGION or the "region" key of dwave.conf.`,
    );
  }
  return found.endpoint.endsWith("/") ? found.endpoint : `${found.endpoint}/`;
}
