// The end of a Node process: spans ended just before SIGTERM/SIGINT or a crash are delivered, the process then
// ends exactly as Node would have (same signal, same exit code, same error report), an ending process with the
// backend down exits within shutdownTimeoutMillis, and any number of tracers share one set of listeners.
import { createServer as createTcpServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { API_KEY, useTestReceiver } from "./helpers.js";
import { runNode, startNode, withoutSourceExcerpt } from "./node-process.js";

const ctx = useTestReceiver();

/** Ten spans ended at once (the export timer has not fired yet), then `body`. NO_TRACER=1: the same program, untraced. */
const program = (body: string) => `
import { HoneyHiveTracer } from "honeyhive-edge";
const tracer = process.env.NO_TRACER ? undefined : HoneyHiveTracer.init({ project: "lifecycle" });
for (let i = 0; i < 10; i++) tracer?.trace("op-" + i, () => i, { eventType: "tool" });
${body}
`;

const KEEP_RUNNING = `const keep = setInterval(() => {}, 1000); console.log("ready");`;
const env = () => ({ HH_API_KEY: API_KEY, HH_API_URL: ctx.receiver.url });
const delivered = () => ctx.receiver.accepted.filter((s) => s.attributes["honeyhive.project"] === "lifecycle").length;

/** A backend that accepts connections and never answers; `close` drops them. */
async function hangingBackend(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => sockets.add(s.on("error", () => {})));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A loopback port nobody listens on: connections are refused. */
async function refusedUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

describe("signals", () => {
  it.each(["SIGTERM", "SIGINT"] as const)("%s without an app handler: all 10 spans delivered, then the process dies by that signal", async (signal) => {
    const running = startNode(program(KEEP_RUNNING), env());
    await running.printed("ready");
    running.child.kill(signal);
    const ended = await running.ended;
    expect(ended.stderr).toBe("");
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: null, signal });
    expect(delivered()).toBe(10);
  });

  it("SIGTERM with the app's own handler: that handler decides (here: await tracer.shutdown(), exit code 7)", async () => {
    const body = `
      process.on("SIGTERM", async () => { await tracer.shutdown(); console.log("handled"); clearInterval(keep); process.exitCode = 7; });
      ${KEEP_RUNNING}`;
    const running = startNode(program(body), env());
    await running.printed("ready");
    running.child.kill("SIGTERM");
    const ended = await running.ended;
    expect({ code: ended.code, signal: ended.signal, stdout: ended.stdout }).toEqual({ code: 7, signal: null, stdout: "ready\nhandled\n" });
    expect(delivered()).toBe(10);
  });

  it("SIGTERM with an app handler that keeps running: the process is not ended for it", async () => {
    const running = startNode(program(`process.on("SIGTERM", () => console.log("ignored")); ${KEEP_RUNNING}`), env());
    await running.printed("ready");
    running.child.kill("SIGTERM");
    await running.printed("ignored");
    await new Promise((r) => setTimeout(r, 800));
    expect(running.child.exitCode).toBeNull();
    expect(running.child.signalCode).toBeNull();
    running.child.kill("SIGKILL");
    expect((await running.ended).signal).toBe("SIGKILL");
  });

  it("with the backend hanging: SIGTERM ends the process within shutdownTimeoutMillis; a second SIGINT ends it at once", async () => {
    const backend = await hangingBackend();
    try {
      const bounded = startNode(program(KEEP_RUNNING), { ...env(), HH_API_URL: backend.url, HH_SHUTDOWN_TIMEOUT_MS: "1000" });
      await bounded.printed("ready");
      let sent = Date.now();
      bounded.child.kill("SIGTERM");
      const first = await bounded.ended;
      expect(first.signal).toBe("SIGTERM");
      expect(Date.now() - sent).toBeLessThan(1000 + 1500);
      expect(Date.now() - sent).toBeGreaterThanOrEqual(900); // it did wait for the flush

      const twice = startNode(program(KEEP_RUNNING), { ...env(), HH_API_URL: backend.url });
      await twice.printed("ready");
      twice.child.kill("SIGINT");
      await new Promise((r) => setTimeout(r, 300));
      sent = Date.now();
      twice.child.kill("SIGINT");
      expect((await twice.ended).signal).toBe("SIGINT");
      expect(Date.now() - sent).toBeLessThan(1500); // not the 5 s default bound
    } finally {
      await backend.close();
    }
  });
});

describe("crashes", () => {
  /** The program with and without a tracer: the traced one must end exactly like the untraced one. */
  async function both(body: string) {
    const traced = await runNode(program(body), env());
    const untraced = await runNode(program(body), { ...env(), NO_TRACER: "1" });
    return { traced, untraced };
  }

  it("an uncaught exception: 10 spans delivered, then exit code 1 with Node's report of the same error", async () => {
    const { traced, untraced } = await both(`setTimeout(() => { throw new Error("boom"); }, 20);`);
    expect(untraced.code).toBe(1);
    expect(traced.code).toBe(1);
    expect(traced.stderr).toContain("Error: boom\n    at Timeout._onTimeout");
    // the error, its stack and Node's footer are the same; only the excerpt of the throw site differs (our rethrow)
    expect(withoutSourceExcerpt(traced.stderr)).toBe(withoutSourceExcerpt(untraced.stderr));
    expect(delivered()).toBe(10);
  });

  it.each([
    ["an Error", `new Error("nope")`],
    ["a non-Error value", `42`],
  ])("an unhandled rejection with %s: 10 spans delivered, then exactly Node's own report and exit code", async (_, reason) => {
    const { traced, untraced } = await both(`setTimeout(() => Promise.reject(${reason}), 20);`);
    expect(untraced.code).toBe(1);
    expect({ code: traced.code, stderr: traced.stderr }).toEqual({ code: 1, stderr: untraced.stderr });
    expect(delivered()).toBe(10);
  });

  it("an app handler for uncaught exceptions keeps the process alive, as it would without tracing", async () => {
    const body = `
      process.on("uncaughtException", (e) => { console.log("caught " + e.message); setTimeout(() => console.log("still alive"), 50); });
      setTimeout(() => { throw new Error("boom"); }, 20);`;
    const ended = await runNode(program(body), env());
    expect({ code: ended.code, stdout: ended.stdout, stderr: ended.stderr }).toEqual({ code: 0, stdout: "caught boom\nstill alive\n", stderr: "" });
    expect(delivered()).toBe(10); // by beforeExit, as the process ended normally
  });
});

describe("an ending process with the backend down", () => {
  it("a program the app revives after beforeExit gets its own flush: all 20 spans delivered (10 were lost while the first exit's deadline was kept)", async () => {
    const body = `
let revived = false;
process.on("beforeExit", () => {
  if (revived) return;
  revived = true;
  setTimeout(() => { for (let i = 0; i < 10; i++) tracer.trace("late-" + i, () => i, { eventType: "tool" }); }, 1500);
});`;
    const ended = await runNode(program(body), { ...env(), HH_SHUTDOWN_TIMEOUT_MS: "1000" });
    expect(ended.stderr).toBe("");
    expect(ended.code).toBe(0);
    expect(delivered()).toBe(20);
  });

  it("an app's own beforeExit listener that makes a span each time: the process still ends by shutdownTimeoutMillis (each flush's fetch brings another beforeExit)", async () => {
    // the app's listener comes first: each beforeExit queues a span, ours sends it, its fetch empties the loop again
    const source = `
import { HoneyHiveTracer } from "honeyhive-edge";
let tracer, n = 0;
process.on("beforeExit", () => tracer.trace("bye-" + ++n, () => n, { eventType: "tool" }));
tracer = HoneyHiveTracer.init({ project: "lifecycle" });
for (let i = 0; i < 10; i++) tracer.trace("op-" + i, () => i, { eventType: "tool" });`;
    const ended = await runNode(source, { ...env(), HH_SHUTDOWN_TIMEOUT_MS: "1000" });
    expect(ended.code).toBe(0);
    expect(ended.ms).toBeLessThan(8000); // it ran until the test's guard killed it before
    expect(delivered()).toBeGreaterThanOrEqual(10);
  });

  it("exits within the default shutdownTimeoutMillis (5 s) when connections are refused", async () => {
    const ended = await runNode(program(""), { ...env(), HH_API_URL: await refusedUrl() });
    expect(ended.code).toBe(0);
    expect(ended.ms).toBeLessThan(5000 + 2500);
  });

  it("exits within HH_SHUTDOWN_TIMEOUT_MS after its end when a background export was already retrying", async () => {
    // 1.5 s: the export timer (1 s) has started an export that is retrying when the program ends
    const body = `await new Promise((r) => setTimeout(r, 1500)); console.log("end " + Date.now());`;
    const ended = await runNode(program(body), { ...env(), HH_API_URL: await refusedUrl(), HH_SHUTDOWN_TIMEOUT_MS: "1000" });
    expect(ended.code).toBe(0);
    const end = Number(/end (\d+)/.exec(ended.stdout)![1]);
    expect(Date.now() - end).toBeLessThan(1000 + 500 + 2000); // not the 30 s export deadline
  });

  it("an awaited flush() during an outage, with a background export retrying, still resolves (no unsettled await)", async () => {
    const body = `await new Promise((r) => setTimeout(r, 1500)); await tracer.flush(); console.log("flushed");`;
    const ended = await runNode(program(body), { ...env(), HH_API_URL: await refusedUrl(), HH_EXPORT_DEADLINE_MS: "2500" });
    expect({ code: ended.code, stdout: ended.stdout }).toEqual({ code: 0, stdout: "flushed\n" });
  });

  it("exits within HH_SHUTDOWN_TIMEOUT_MS when the backend hangs", async () => {
    const backend = await hangingBackend();
    try {
      const ended = await runNode(program(""), { ...env(), HH_API_URL: backend.url, HH_SHUTDOWN_TIMEOUT_MS: "1000" });
      expect(ended.code).toBe(0);
      expect(ended.ms).toBeLessThan(1000 + 2500);
    } finally {
      await backend.close();
    }
  });
});

describe("many tracers in one process", () => {
  it("200 inits: one listener per event, no MaxListenersExceededWarning, no warning about our own provider, every tracer's spans delivered", async () => {
    const body = `
      const more = Array.from({ length: 199 }, (_, i) => HoneyHiveTracer.init({ project: "lifecycle-" + (i + 1) }));
      more[198].trace("last", () => 1, { eventType: "tool" });
      console.log(JSON.stringify(["beforeExit", "uncaughtException", "SIGTERM", "SIGINT"].map((e) => process.listenerCount(e))));`;
    const ended = await runNode(program(body), env());
    expect(ended.stderr).toBe("");
    expect(ended.code).toBe(0);
    expect(JSON.parse(ended.stdout)).toEqual([1, 1, 1, 1]);
    expect(delivered()).toBe(10);
    const last = ctx.receiver.accepted.filter((s) => s.attributes["honeyhive.project"] === "lifecycle-199");
    expect(last.map((s) => s.name)).toEqual(["last"]);
  });
});
