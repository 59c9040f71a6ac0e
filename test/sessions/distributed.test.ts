// Sessions and distributed tracing across real runtimes: a Chromium page → a Worker (workerd, nodejs_als) → a
// Node service (node:http in a child process), each with honeyhive-edge, context passed with injectContext.
// One trace, one session, parent links across all three; two pages at once stay in two sessions. And the
// Worker alone: concurrent requests each get their own session; traceparent + baggage continue the caller's.
import { spawn, type ChildProcess } from "node:child_process";
import { Miniflare } from "miniflare";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver, type ReceivedSpan } from "../../receiver/index.js";
import { launchChromium } from "../runtimes/chromium.js";
import { API_KEY, CONDITIONS, ROOT, bundle, firstJsonLine, requireBuilt } from "../runtimes/support.js";

const PROJECT = "sessions-e2e";
let receiver: Receiver;
let node: ChildProcess;
let mf: Miniflare;
let workerUrl: string;
let browser: Browser;

beforeAll(async () => {
  requireBuilt("cloudflare", "browser", "node");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  const env = { HH_API_KEY: API_KEY, HH_API_URL: receiver.url, HH_PROJECT: PROJECT };
  node = spawn(process.execPath, ["test/runtimes/entries/node-service.mjs"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  const { port } = await firstJsonLine<{ port: number }>(node);
  const [worker, page] = await Promise.all([bundle("session-worker.mjs", CONDITIONS.workerd), bundle("session-page.mjs", CONDITIONS.browser)]);
  mf = new Miniflare({
    modules: [{ type: "ESModule", path: "worker.mjs", contents: worker }],
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["nodejs_als"],
    bindings: { ...env, NODE_URL: `http://127.0.0.1:${port}`, PAGE_JS: page },
    host: "127.0.0.1",
    port: 0,
  });
  workerUrl = (await mf.ready).toString().replace(/\/$/, "");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await mf?.dispose();
  node?.kill("SIGKILL");
  await receiver?.close();
});

const inTrace = (traceId: string) => receiver.accepted.filter((s) => s.traceId === traceId);
const named = (spans: ReceivedSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  expect(found, name).toHaveLength(1);
  return found[0];
};

describe("page → Worker → Node service", () => {
  test("one trace id, one session, parent links across all three; two pages at once stay in two sessions", async () => {
    const pages = await Promise.all([browser.newPage(), browser.newPage()]);
    const errors: string[] = [];
    for (const p of pages) p.on("pageerror", (e) => errors.push(e.message));
    await Promise.all(pages.map((p) => p.goto(`${workerUrl}/`)));
    await Promise.all(pages.map((p) => p.waitForFunction(() => (window as { __ready?: boolean }).__ready)));
    const options = (name: string) => ({ apiKey: API_KEY, serverUrl: receiver.url, project: PROJECT, sessionName: name });
    const turns = await Promise.all(
      pages.map((p, i) =>
        p.evaluate((o) => (window as unknown as { chat(o: unknown): Promise<unknown> }).chat(o), options(`chat ${i}`)),
      ),
    ) as { sessionId: string; result: { worker: { sessionId: string }; node: { sessionId: string } } }[];
    expect(errors).toEqual([]);
    await Promise.all(pages.map((p) => p.close()));

    const names = ["page.chat", "POST /chat", "worker.model", "node POST /answer", "node.lookup"];
    for (const [i, turn] of turns.entries()) {
      // each runtime saw the page's session while it worked
      expect(turn.result.worker.sessionId).toBe(turn.sessionId);
      expect(turn.result.node.sessionId).toBe(turn.sessionId);
      const pageSpan = () => receiver.accepted.find((s) => s.name === "page.chat" && s.attributes["honeyhive.session_id"] === turn.sessionId);
      await receiver.waitFor(() => pageSpan() !== undefined);
      const root = pageSpan()!;
      await receiver.waitFor(() => inTrace(root.traceId).length >= names.length);
      const spans = inTrace(root.traceId);
      expect(spans.map((s) => s.name).sort()).toEqual([...names].sort());
      const [page, request, model, service, lookup] = names.map((n) => named(spans, n));
      // parent links: page → Worker request → Worker model call → Node request → Node tool
      expect(page.parentSpanId).toBeUndefined();
      expect(request.parentSpanId).toBe(page.spanId);
      expect(request.kind).toBe(2);
      expect(model.parentSpanId).toBe(request.spanId);
      expect(service.parentSpanId).toBe(model.spanId);
      expect(lookup.parentSpanId).toBe(service.spanId);
      expect(service.attributes["honeyhive.parent_id"]).toBe(model.spanId);
      for (const s of spans) {
        expect(s.attributes, s.name).toMatchObject({ "honeyhive.session_id": turn.sessionId, "honeyhive.session_auto_create": true, "honeyhive.project": PROJECT });
      }
      // the receiver, as HoneyHive, shows one session named by the page, whose tree is the whole chain
      const session = receiver.sessions().sessions.find((s) => s.sessionId === turn.sessionId)!;
      expect(session).toMatchObject({ name: `chat ${i}`, createdBy: "auto_create", counts: { chain: 3, model: 1, tool: 1 } });
      expect(session.spans).toHaveLength(5);
      const chain: string[] = [];
      for (let n = session.roots; n.length; n = n[0].children) {
        expect(n).toHaveLength(1);
        chain.push(n[0].span.name);
      }
      expect(chain).toEqual(names);
    }
    expect(turns[0].sessionId).not.toBe(turns[1].sessionId);
    expect(receiver.orphaned).toEqual([]);
    expect(receiver.rejected).toEqual([]);
  });
});

describe("the Worker alone (workerd, nodejs_als)", () => {
  const work = async (headers: Record<string, string> = {}, delay = 0) => {
    const res = await mf.dispatchFetch(`${workerUrl}/work?delay=${delay}`, { headers });
    return ((await res.json()) as { sessionId: string }).sessionId;
  };
  /** The GET /work span and its child of the session, once both have arrived. */
  const spansOf = async (sessionId: string) => {
    const of = () => receiver.accepted.filter((s) => s.attributes["honeyhive.session_id"] === sessionId);
    await receiver.waitFor(() => of().length >= 2);
    return { request: named(of(), "GET /work"), child: named(of(), "worker.after-await"), all: of() };
  };

  test("concurrent requests each get their own session, named after the request, kept across await", async () => {
    const ids = await Promise.all([40, 0, 30, 10, 20].map((delay) => work({}, delay)));
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) {
      const { request, child, all } = await spansOf(id);
      expect(all).toHaveLength(2);
      expect(child.parentSpanId).toBe(request.spanId);
      expect(request.attributes["honeyhive.session_name"]).toBe("GET /work");
      expect(receiver.sessions().sessions.find((s) => s.sessionId === id)).toMatchObject({ name: "GET /work", createdBy: "auto_create" });
    }
  });

  test("a request with traceparent and baggage continues the caller's trace and session", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    const spanId = "b7ad6b7169203331";
    const id = await work({ traceparent: `00-${traceId}-${spanId}-01`, baggage: "honeyhive.session_id=caller-session-1,other=x" });
    expect(id).toBe("caller-session-1");
    const { request, child } = await spansOf(id);
    expect(request.traceId).toBe(traceId);
    expect(request.parentSpanId).toBe(spanId);
    expect(child.traceId).toBe(traceId);
    // the caller named its session; the Worker does not rename it
    expect(request.attributes).not.toHaveProperty(["honeyhive.session_name"]);
  });

  test("the session policy derives the session from the request (a conversation header) across requests", async () => {
    const first = await work({ "x-conversation-id": "conversation-42" });
    const second = await work({ "x-conversation-id": "conversation-42" });
    expect([first, second]).toEqual(["conversation-42", "conversation-42"]);
    await receiver.waitFor(() => receiver.accepted.filter((s) => s.attributes["honeyhive.session_id"] === "conversation-42").length >= 4);
    const session = receiver.sessions().sessions.find((s) => s.sessionId === "conversation-42")!;
    expect(session.spans.map((s) => s.name).sort()).toEqual(["GET /work", "GET /work", "worker.after-await", "worker.after-await"]);
    expect(new Set(session.spans.map((s) => s.traceId)).size).toBe(2);
  });
});

