import { deepStrictEqual as assertEquals, rejects, throws } from "node:assert";
import { loadDwaveConfig } from "../../samplers/dwave/config.ts";
import { resolveSapiEndpoint } from "../../samplers/dwave/regions.ts";
import { withMock } from "./helpers.ts";

const files: Record<string, string> = {
  "/etc/xdg/dwave/dwave.conf": "[defaults]\ntoken = SYSTEM-token\nsolver = sys-solver\n",
  "/home/u/.config/dwave/dwave.conf": [
    "# user file",
    "[defaults]",
    "token = USER-token",
    "endpoint = https://user.example/sapi/",
    "",
    "[eu]",
    "region = eu-central-1",
    "headers = X-One: 1",
    "  X-Two: 2",
  ].join("\n"),
  "/work/dwave.conf": "[defaults]\nrequest_timeout: 15\n",
};
const environment = (env: Record<string, string>) => ({
  env: { HOME: "/home/u", ...env },
  os: "linux",
  cwd: "/work",
  readTextFile: (path: string) => files[path],
});

Deno.test("dwave.conf files merge key by key and the first profile wins over [defaults]", () => {
  const config = loadDwaveConfig({}, environment({}));
  assertEquals(config.token, "USER-token");
  assertEquals(config.solver, "sys-solver");
  assertEquals(config.requestTimeout, 15);
  // endpoint ([defaults]) and region ([eu]) come from the same level, so both stay (the
  // exclusion works across levels); resolveSapiEndpoint then lets endpoint win.
  assertEquals(config.region, "eu-central-1");
  assertEquals(config.headers, { "X-One": "1", "X-Two": "2" });
});

Deno.test("environment beats files, explicit beats environment, endpoint/region exclude across levels", () => {
  const config = loadDwaveConfig(
    {},
    environment({ DWAVE_API_TOKEN: "ENV-token", DWAVE_API_REGION: "na-east-1" }),
  );
  assertEquals([config.token, config.region, config.endpoint], [
    "ENV-token",
    "na-east-1",
    undefined,
  ]);
  assertEquals(config.sources.token, "env DWAVE_API_TOKEN");
  const explicit = loadDwaveConfig(
    { token: "ARG-token", endpoint: "http://127.0.0.1:1/sapi/" },
    environment({
      DWAVE_API_TOKEN: "ENV-token",
      DWAVE_API_REGION: "na-east-1",
      DWAVE_API_SOLVER: "",
    }),
  );
  assertEquals([explicit.token, explicit.endpoint, explicit.region], [
    "ARG-token",
    "http://127.0.0.1:1/sapi/",
    undefined,
  ]);
  assertEquals(explicit.solver, "sys-solver"); // empty env values count as unset
});

Deno.test("configuration mistakes are one clear sentence", () => {
  throws(() => loadDwaveConfig({}, environment({ DWAVE_PROFILE: "prod" })), {
    message:
      'D-Wave profile "prod" (from DWAVE_PROFILE) is not a section of /etc/xdg/dwave/dwave.conf, /home/u/.config/dwave/dwave.conf, /work/dwave.conf; use one of "eu" or unset DWAVE_PROFILE.',
  });
  throws(() => loadDwaveConfig({}, environment({ DWAVE_CONFIG_FILE: "/nope.conf" })), {
    message:
      "D-Wave configuration file /nope.conf (from DWAVE_CONFIG_FILE) does not exist; create it or unset that setting.",
  });
  throws(
    () =>
      loadDwaveConfig({}, {
        ...environment({}),
        readTextFile: (p: string) => p === "/work/dwave.conf" ? "token = x\n" : undefined,
      }),
    {
      message:
        '/work/dwave.conf, line 1: expected "[section]" before "token = x" (a dwave.conf starts with a section such as [defaults]); fix or remove that line.',
    },
  );
});

Deno.test("regions resolve through the Metadata API; unknown regions list the known ones", async () => {
  await withMock({}, async (mock) => {
    const base = { metadataEndpoint: mock.metadataUrl, token: mock.token };
    assertEquals(await resolveSapiEndpoint({ ...base, region: "eu-central-1" }), mock.url);
    await rejects(resolveSapiEndpoint({ ...base, region: "mars-1" }), {
      message:
        'D-Wave region "mars-1" is unknown; use one of "na-west-1", "eu-central-1" in DWAVE_API_REGION or the "region" key of dwave.conf.',
    });
    assertEquals(
      await resolveSapiEndpoint({ metadataEndpoint: "https://cloud.dwavesys.com/metadata/v1/" }),
      "https://cloud.dwavesys.com/sapi/",
    );
  });
});
