/**
 * dwave.conf, environment and argument scenarios resolved by our loader and by D-Wave's own
 * (dwave-cloud-client 0.14.4, recorded under "ocean" by ocean_config_oracle.py, which runs its
 * loaders.py and models.py): the same token, endpoint, region, solver, timeouts, poll wait and
 * headers in every scenario Ocean accepts, and an error (one sentence naming the file, key or
 * profile) in every scenario Ocean rejects.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert";
import { isUserError } from "../../lib/errors.ts";
import { loadDwaveConfig } from "../../samplers/dwave/config.ts";

interface Scenario {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly env: Record<string, string>;
  readonly args: Record<string, string>;
  readonly ocean: Record<string, unknown> & { error?: string };
}

const scenarios: Scenario[] = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/dwave_conf_scenarios.json", import.meta.url)),
);

const U = "/home/u/.config/dwave/dwave.conf";

/** Our message for each scenario Ocean rejects (Ocean's exception class in the fixture). */
const ERRORS: Record<string, string> = {
  "[defaults] profile naming a missing section is an error":
    `D-Wave profile "gamma" (from the "profile" key of [defaults]) is not a section of ${U}; use one of "alpha", "beta" or change that key.`,
  "DWAVE_PROFILE naming a missing section is an error":
    `D-Wave profile "gamma" (from DWAVE_PROFILE) is not a section of ${U}; use one of "alpha", "beta" or unset DWAVE_PROFILE.`,
  "a profile with no config file anywhere is an error":
    `D-Wave profile "alpha" (from DWAVE_PROFILE) is not a section of any dwave.conf (none was found); add that section or unset DWAVE_PROFILE.`,
  "DWAVE_CONFIG_FILE that does not exist is an error":
    "D-Wave configuration file /nope.conf (from DWAVE_CONFIG_FILE) does not exist; create it or unset that setting.",
  "a key twice in one section is an error":
    `${U}, line 3: key "token" appears a second time in section [defaults] of this file; fix or remove that line.`,
  "a section twice in one file is an error":
    `${U}, line 3: section [p] appears a second time in this file; fix or remove that line.`,
  "a lone % in a profile's value is an error":
    `D-Wave configuration ${U}: the value of "token" in [p] has a "%" that is not followed by "%" or "(" (values are interpolated as Python's configparser does); write %% for a literal "%".`,
  "a %(key)s naming no key is an error":
    `D-Wave configuration ${U}: the value of "endpoint" in [p] refers to "%(host)s", which is not a key of that section or [defaults]; define it, or write %% for a literal "%".`,
  "a numeric option that is not a number is an error":
    `D-Wave option "polling_timeout" (file ${U}) must be a non-negative number, got "soon".`,
  "an option line before any section is an error":
    `${U}, line 1: expected "[section]" before "token = x" (a dwave.conf starts with a section such as [defaults]); fix or remove that line.`,
};

/** Our configuration in the terms the fixture records Ocean's. */
function resolve(s: Scenario): Record<string, unknown> {
  const sub = (text: string) => text.replaceAll("{root}", "");
  const files = new Map(Object.entries(s.files).map(([p, t]) => [sub(p), t]));
  const env = Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, sub(v)]));
  const args = Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, sub(v)]));
  const config = loadDwaveConfig(
    {
      ...(args.profile ? { profile: args.profile } : {}),
      ...(args.config_file ? { configFile: args.config_file } : {}),
      ...(args.token ? { token: args.token } : {}),
      ...(args.region ? { region: args.region } : {}),
    },
    {
      env: { HOME: "/home/u", ...env },
      os: "linux",
      cwd: "/work",
      readTextFile: (p) => files.get(p),
    },
  );
  return {
    token: config.token ?? null,
    endpoint: config.endpoint ?? null,
    // Ocean fills in its default region unless an endpoint was set at that level or above.
    region: config.region ?? (config.endpoint ? null : "na-west-1"),
    solver: config.solver ?? null,
    request_timeout: config.requestTimeout,
    polling_timeout: config.pollingTimeout ?? null,
    poll_wait_time: config.pollWaitTime,
    headers: config.headers,
  };
}

Deno.test(`${scenarios.length} dwave.conf scenarios resolve as D-Wave's client resolves them`, () => {
  assert(scenarios.length >= 26);
  assertEquals(Object.keys(ERRORS).filter((n) => !scenarios.some((s) => s.name === n)), []);
  const differences: string[] = [];
  for (const s of scenarios) {
    let ours: Record<string, unknown>;
    try {
      ours = resolve(s);
    } catch (error) {
      assert(isUserError(error), `${s.name}: ${error}`);
      const expected = ERRORS[s.name];
      if (!s.ocean.error) {
        differences.push(`${s.name}: we reject (${error.message}), Ocean accepts`);
      } else if (error.message !== expected) {
        differences.push(`${s.name}: message ${JSON.stringify(error.message)}`);
      }
      continue;
    }
    if (s.ocean.error) differences.push(`${s.name}: Ocean raises ${s.ocean.error}, we accept`);
    else {
      try {
        assertEquals(ours, s.ocean);
      } catch {
        differences.push(
          `${s.name}: ours ${JSON.stringify(ours)} vs Ocean ${JSON.stringify(s.ocean)}`,
        );
      }
    }
  }
  assertEquals(differences, []);
});
