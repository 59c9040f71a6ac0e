// `wrangler dev` of examples/cloudflare on loopback, as the README's Workers steps run it, and what one request to
// it must give: shared by the wrangler test (the pinned wrangler on Node 20) and the newest wrangler on Node 22.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect } from "vitest";
import type { Receiver } from "../../receiver/index.js";

/** No metrics, no prompts, no colour, no look-up of Request.cf on workers.cloudflare.com (tests reach loopback only). */
export const WRANGLER_ENV = { WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface WranglerDev {
  dev: ChildProcess;
  port: number;
  /** everything it printed so far */
  output(): string;
}

/** Starts `wrangler dev --ip 127.0.0.1` in `cwd`, exporting to the receiver with `apiKey`; resolves once it is ready. */
export async function startWranglerDev(bin: string, cwd: string, o: { state: string; env: NodeJS.ProcessEnv; apiKey: string; receiverUrl: string }): Promise<WranglerDev> {
  const port = await freePort();
  let output = "";
  const dev = spawn(
    bin,
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--persist-to", o.state,
      "--show-interactive-dev-session=false", "--var", `HH_API_KEY:${o.apiKey}`, "--var", `HH_API_URL:${o.receiverUrl}`],
    { cwd, env: o.env },
  );
  dev.stdout!.on("data", (d) => (output += d));
  dev.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes("Ready on")) {
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { dev, port, output: () => output };
}

/** One request to the example: its answer, and its spans at the receiver — `answer` under `GET /`, one session, none rejected. */
export async function expectExampleServed(w: WranglerDev, receiver: Receiver) {
  const res = await fetch(`http://127.0.0.1:${w.port}/`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ text: "hello from the edge" });
  await receiver.waitFor(() => receiver.accepted.some((s) => s.name === "answer"), 15_000);
  const answer = receiver.accepted.find((s) => s.name === "answer")!;
  const request = receiver.accepted.find((s) => s.name === "GET /" && s.traceId === answer.traceId)!;
  expect(answer.parentSpanId).toBe(request.spanId);
  expect(answer.attributes["honeyhive_event_type"]).toBe("tool");
  expect(answer.attributes["honeyhive.session_id"]).toBe(request.attributes["honeyhive.session_id"]);
  expect(receiver.rejected).toEqual([]);
  // the example sets nodejs_als: no warning about lost context
  expect(w.output()).not.toContain("without AsyncLocalStorage");
  return { answer, request };
}
