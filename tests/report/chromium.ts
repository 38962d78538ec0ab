/**
 * Drives Debian's headless Chromium over the Chrome DevTools Protocol (WebSocket), with no
 * driver download: launch, open a page, collect console errors and requests, screenshot.
 */

/** Where Debian and other distributions put the browser binary. */
const CANDIDATES = [
  "/usr/lib/chromium/chromium", // Debian's real binary (/usr/bin/chromium is a shell wrapper)
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

/** The Chromium executable, or a clear failure saying how to install it. */
export function chromiumPath(): string {
  for (const path of CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "Chromium is not installed (looked in " + CANDIDATES.join(", ") + "): install Debian's " +
      "chromium with `apt-get install -y chromium`; .ci/run does this in CI.",
  );
}

type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

/** A minimal CDP client: request/response by id, events by method name. */
export class CdpClient {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #listeners = new Map<string, Listener[]>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (event) => {
      const msg = JSON.parse(String(event.data));
      if (msg.id !== undefined) {
        const p = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`CDP ${msg.error.message}`));
        else p?.resolve(msg.result);
      } else {
        for (const l of this.#listeners.get(msg.method) ?? []) l(msg.params, msg.sessionId);
      }
    };
  }

  /** Connects to a DevTools WebSocket URL. */
  static connect(url: string): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new CdpClient(ws));
      ws.onerror = () => reject(new Error(`cannot connect to DevTools at ${url}`));
    });
  }

  /** Sends a command (to a page session when `sessionId` is given) and awaits its result. */
  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    const id = this.#next++;
    this.#ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
  }

  /** Calls `listener` for every event named `method`. */
  on(method: string, listener: Listener): void {
    this.#listeners.set(method, [...(this.#listeners.get(method) ?? []), listener]);
  }

  /** Resolves on the next event named `method`, or rejects after `timeoutMs`. */
  once(method: string, timeoutMs: number): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${method} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.on(method, (params) => {
        clearTimeout(timer);
        resolve(params);
      });
    });
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.onclose = () => resolve();
      this.#ws.close();
    });
  }
}

/** A running headless Chromium. */
export interface Browser {
  readonly cdp: CdpClient;
  /** Stops the browser and removes its profile. */
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile and no background networking. */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  const profile = await Deno.makeTempDir({ prefix: "report_chromium_profile_" });
  const child = new Deno.Command(path, {
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--disable-dev-shm-usage",
      "--hide-scrollbars",
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  };
  // Read stderr until DevTools announces its URL, then keep draining it so the pipe never fills.
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${log}`)), 30_000);
    (async () => {
      let found = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        log += value;
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(log);
        if (m && !found) {
          found = true;
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`Chromium exited before DevTools started:\n${log}`));
      }
    })();
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const cdp = await CdpClient.connect(url);
  return {
    cdp,
    async close() {
      await cdp.send("Browser.close").catch(() => {});
      await cdp.close();
      await stop();
    },
  };
}
