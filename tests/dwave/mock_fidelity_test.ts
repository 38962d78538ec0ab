/**
 * The mock as D-Wave's own client expects it (dwave-cloud-client api/resources.py): every
 * Metadata API and SAPI answer carries its versioned media type, `qubo` problems are solved as
 * QUBOs, `GET problems/` filters by label, status and solver, and If-None-Match gets a 304 with
 * the `filter=` D-Wave's client always sends. Our client checks the Metadata API's media type.
 */
import { deepStrictEqual as assertEquals, rejects } from "node:assert";
import { resolveSapiEndpoint } from "../../samplers/dwave/regions.ts";
import { couplerKey, decodeQpAnswer, encodeQpProblem } from "../../samplers/dwave/qp_format.ts";
import { withMock } from "./helpers.ts";

const SAPI = "application/vnd.dwave.sapi.";

Deno.test("every Metadata API and SAPI answer carries the media type D-Wave's client expects", async () => {
  await withMock({}, async (mock) => {
    const get = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(path, mock.url), {
        ...init,
        headers: { "X-Auth-Token": mock.token, ...(init.headers ?? {}) },
      });
      await response.body?.cancel();
      return [response.status, response.headers.get("Content-Type")];
    };
    const qpu = mock.solvers.find((s) => s.identity.name === "Advantage2_prototype_mock")!;
    const [a, b] = qpu.properties.couplers![0];
    const job = {
      solver: { name: qpu.identity.name, version: qpu.identity.version },
      type: "ising",
      data: encodeQpProblem(
        { h: new Map([[a, 0.5]]), j: new Map([[couplerKey(a, b), -1]]) },
        qpu.properties.qubits!,
        qpu.properties.couplers!,
      ),
      params: { num_reads: 2 },
      label: "fidelity",
    };
    const post = (body: unknown) =>
      get("problems/", { method: "POST", body: JSON.stringify(body) });
    const single = await fetch(new URL("problems/", mock.url), {
      method: "POST",
      body: JSON.stringify(job),
      headers: { "X-Auth-Token": mock.token },
    });
    const id = (await single.json()).id;
    const v3 = (type: string) => [200, `${SAPI}${type}+json; version=3.0.0; charset=utf-8`];
    assertEquals(single.headers.get("Content-Type"), v3("problems")[1]);
    assertEquals(await post([job]), v3("problems"));
    assertEquals(await get("solvers/remote/"), v3("solver-definition-list"));
    assertEquals(await get(`solvers/remote/${qpu.identity.name}`), v3("solver-definition"));
    assertEquals(await get(`problems/?id=${id}`), v3("problems"));
    assertEquals(await get(`problems/?label=fidelity`), v3("problems"));
    // Wait for the answer, then the answer routes.
    await fetch(new URL(`problems/?id=${id}&timeout=5`, mock.url), {
      headers: { "X-Auth-Token": mock.token },
    }).then((r) => r.body?.cancel());
    assertEquals(await get(`problems/${id}/`), v3("problem"));
    assertEquals(await get(`problems/${id}/answer/`), v3("problem-answer"));
    assertEquals(await get(`problems/${id}/info`), v3("problem-data"));
    assertEquals(await get(`problems/${id}/messages`), v3("problem-message"));
    // A finished problem cannot be cancelled: SAPI's cancel error, typed as a problem.
    assertEquals(await get(`problems/${id}/`, { method: "DELETE" }), [409, v3("problem")[1]]);
    assertEquals(
      await get("problems/", { method: "DELETE", body: JSON.stringify([id]) }),
      v3("problems"),
    );
    const meta = (path: string) => get(new URL(path, mock.metadataUrl).href);
    assertEquals(await meta("regions/"), [
      200,
      "application/vnd.dwave.metadata.regions+json; version=1.0",
    ]);
    assertEquals(await meta("regions/eu-central-1"), [
      200,
      "application/vnd.dwave.metadata.region+json; version=1.0",
    ]);
  });
});

Deno.test("a qubo problem is solved as a QUBO: Q = {(u,v): -1} gives (1,1) at energy -1", async () => {
  await withMock({}, async (mock) => {
    const qpu = mock.solvers.find((s) => s.identity.name === "Advantage2_prototype_mock")!;
    const [u, v] = qpu.properties.couplers![0];
    const submit = async (type: string) => {
      const response = await fetch(new URL("problems/", mock.url), {
        method: "POST",
        headers: { "X-Auth-Token": mock.token },
        body: JSON.stringify([{
          solver: { name: qpu.identity.name, version: qpu.identity.version },
          type,
          data: encodeQpProblem(
            { h: new Map(), j: new Map([[couplerKey(u, v), -1]]) },
            qpu.properties.qubits!,
            qpu.properties.couplers!,
          ),
          params: { num_reads: 5 },
        }]),
      });
      const [{ id }] = await response.json();
      await fetch(new URL(`problems/?id=${id}&timeout=5`, mock.url), {
        headers: { "X-Auth-Token": mock.token },
      }).then((r) => r.body?.cancel());
      const status = await (await fetch(new URL(`problems/${id}/`, mock.url), {
        headers: { "X-Auth-Token": mock.token },
      })).json();
      return decodeQpAnswer(status.answer, type as "qubo" | "ising");
    };
    const qubo = await submit("qubo");
    assertEquals(Array.from(qubo.activeVariables), [u, v].sort((x, y) => x - y));
    assertEquals(Array.from(qubo.solutions.subarray(0, 2)), [1, 1]);
    assertEquals(qubo.energies[0], -1);
    assertEquals(Array.from(qubo.energies), [-1]); // one histogram row: all 5 reads agree
    // The same data as Ising: J = -1 aligns the spins, energy -1 either way.
    const ising = await submit("ising");
    assertEquals(ising.energies[0], -1);
    const [s0, s1] = ising.solutions;
    assertEquals(s0 * s1, 1);
  });
});

Deno.test("GET problems/ filters by label (substring), status and solver", async () => {
  // Problems stay in progress long enough to be cancelled.
  await withMock({ runMs: 60_000 }, async (mock) => {
    const hybrid = mock.solvers.find((s) => !s.properties.qubits)!;
    const qpu = mock.solvers.find((s) => s.identity.name === "Advantage2_prototype_mock")!;
    const [a, b] = qpu.properties.couplers![0];
    const headers = { "X-Auth-Token": mock.token };
    const ids: string[] = [];
    for (const label of ["run-1 class=0", "run-1 class=1", "run-2 class=0"]) {
      const response = await fetch(new URL("problems/", mock.url), {
        method: "POST",
        headers,
        body: JSON.stringify([{
          solver: { name: qpu.identity.name, version: qpu.identity.version },
          type: "ising",
          data: encodeQpProblem(
            { h: new Map([[a, 1]]), j: new Map([[couplerKey(a, b), 1]]) },
            qpu.properties.qubits!,
            qpu.properties.couplers!,
          ),
          params: { num_reads: 1 },
          label,
        }]),
      });
      ids.push((await response.json())[0].id);
    }
    const list = async (query: string) =>
      (await (await fetch(new URL(`problems/?${query}`, mock.url), { headers })).json())
        .map((p: { label: string }) => p.label).sort();
    assertEquals(await list("label=run-1"), ["run-1 class=0", "run-1 class=1"]);
    assertEquals(await list("label=class%3D0"), ["run-1 class=0", "run-2 class=0"]);
    assertEquals(await list(`solver=${hybrid.identity.name}`), []);
    assertEquals((await list(`solver=${qpu.identity.name}`)).length, 3);
    await fetch(new URL(`problems/${ids[0]}/`, mock.url), { method: "DELETE", headers })
      .then((r) => r.body?.cancel());
    assertEquals(await list("status=CANCELLED"), ["run-1 class=0"]);
    assertEquals((await list("max_results=2")).length, 2);
  });
});

Deno.test("If-None-Match gets a 304 with filter= too, and a changed filter a new ETag", async () => {
  await withMock({}, async (mock) => {
    const headers = { "X-Auth-Token": mock.token };
    const url = (filter: string) => new URL(`solvers/remote/?filter=${filter}`, mock.url);
    const first = await fetch(url("none,+id,+status"), { headers });
    await first.body?.cancel();
    const etag = first.headers.get("ETag")!;
    const again = await fetch(url("none,+id,+status"), {
      headers: { ...headers, "If-None-Match": etag },
    });
    assertEquals(again.status, 304);
    const other = await fetch(url("none,+id"), { headers: { ...headers, "If-None-Match": etag } });
    await other.body?.cancel();
    assertEquals(other.status, 200);
  });
});

Deno.test("our client rejects a region list without the Metadata API's media type", async () => {
  await withMock({}, async (mock) => {
    const fake: typeof fetch = () =>
      Promise.resolve(
        new Response(JSON.stringify([{ code: "eu-central-1", endpoint: mock.url }]), {
          headers: { "Content-Type": "application/json" },
        }),
      );
    await rejects(
      resolveSapiEndpoint({ metadataEndpoint: mock.metadataUrl, region: "eu-central-1" }, {
        fetch: fake,
      }),
      {
        message:
          `The D-Wave Metadata API at ${mock.metadataUrl} answered the region list with Content-Type "application/json" instead of application/vnd.dwave.metadata.regions+json version 1; check DWAVE_METADATA_API_ENDPOINT or "metadata_api_endpoint" in dwave.conf.`,
      },
    );
    // The mock's own answer passes.
    assertEquals(
      await resolveSapiEndpoint({ metadataEndpoint: mock.metadataUrl, region: "eu-central-1" }),
      mock.url,
    );
  });
});
