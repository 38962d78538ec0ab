/** The project's version: read from deno.json, the one place it is written. */
import denoJson from "../deno.json" with { type: "json" };

/** qubo-cnn's version, as deno.json states it. */
export const VERSION: string = denoJson.version;
