import { afterEach, describe, expect, it } from "vitest";
import { main, parseCliArgs, USAGE, type CliRun } from "../../receiver/cli.js";

describe("parseCliArgs", () => {
  it("defaults to port 4318 on 127.0.0.1, human output, no auth, no faults", () => {
    expect(parseCliArgs(["receive"])).toEqual({ kind: "receive", args: { port: 4318, host: "127.0.0.1", json: false } });
  });

  it("reads every option, in both --flag value and --flag=value forms", () => {
    expect(
      parseCliArgs(["receive", "--port", "0", "--host=::1", "--api-key", "k", "--fault-rate=0.3", "--fault-kinds", "429,503,reset", "--fault-seed", "7", "--retry-after", "0", "--hang-ms", "50", "--json"]),
    ).toEqual({
      kind: "receive",
      args: { port: 0, host: "::1", apiKey: "k", json: true, faults: { rate: 0.3, kinds: ["429", "503", "reset"], seed: 7, retryAfterSeconds: 0, hangMs: 50 } },
    });
  });

  it("defaults the fault kinds when only a rate is given", () => {
    const parsed = parseCliArgs(["receive", "--fault-rate", "1"]);
    expect(parsed.kind === "receive" && parsed.args.faults).toEqual({ rate: 1, kinds: ["429", "502", "503", "504", "reset"] });
  });

  it.each([[["--help"]], [["-h"]], [["receive", "--help"]], [["receive", "--port", "x", "-h"]]])("%j asks for help", (argv) => {
    expect(parseCliArgs(argv)).toEqual({ kind: "help" });
  });

  it.each([
    [[], /missing command/],
    [["serve"], /unknown command "serve"/],
    [["receive", "--verbose"], /unknown option "--verbose"/],
    [["receive", "--port"], /--port needs a value/],
    [["receive", "--port", "70000"], /--port must be an integer in 0..65535/],
    [["receive", "--port", "43x"], /--port/],
    [["receive", "--host", "0.0.0.0"], /loopback/],
    [["receive", "--api-key="], /must not be empty/],
    [["receive", "--fault-rate", "1.5"], /0..1/],
    [["receive", "--fault-rate", "-0.1"], /0..1/],
    [["receive", "--fault-rate", "0.5", "--fault-kinds", "429,teapot"], /fault-kinds/],
    [["receive", "--fault-kinds", "429"], /need --fault-rate/],
    [["receive", "--json=yes"], /takes no value/],
  ])("%j is a usage error", (argv, message) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toMatch(message);
  });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const body = (attrs: Record<string, string>) =>
  JSON.stringify({
    resourceSpans: [{
      scopeSpans: [{
        spans: [{
          traceId: "5b8efff798038103d269b633813fc60c",
          spanId: `00000000000000${String(Object.keys(attrs).length + 1).padStart(2, "0")}`,
          name: "chat.completion",
          attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })),
        }],
      }],
    }],
  });

describe("main", () => {
  let run: CliRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  it("--help prints usage and exits 0", async () => {
    const c = capture();
    run = await main(["--help"], c.io);
    expect(run.code).toBe(0);
    expect(run.receiver).toBeUndefined();
    expect(c.out).toEqual([USAGE]);
  });

  it("an unknown flag prints the problem and usage to stderr and exits 2", async () => {
    const c = capture();
    run = await main(["receive", "--bogus"], c.io);
    expect(run.code).toBe(2);
    expect(c.err.join("\n")).toMatch(/unknown option "--bogus"[\s\S]*Usage: honeyhive-edge receive/);
    expect(c.out).toEqual([]);
  });

  it("starts a real receiver, prints the banner and one line per span, and stops", async () => {
    const c = capture();
    run = await main(["receive", "--port", "0", "--api-key", "cli-secret"], c.io);
    const r = run.receiver!;
    expect(run.code).toBe(0);
    expect(c.out[0]).toBe(`honeyhive-edge receiver listening on ${r.url} — set HH_API_URL=${r.url}`);
    expect(c.out.join("\n")).not.toContain("cli-secret");

    const headers = { "content-type": "application/json", authorization: "Bearer cli-secret" };
    const ok = await fetch(r.endpoint, { method: "POST", headers, body: body({ "honeyhive.session_id": "3f2a9c1e", honeyhive_event_type: "model" }) });
    expect(ok.status).toBe(200);
    const bad = await fetch(r.endpoint, { method: "POST", headers, body: body({}) });
    expect(bad.status).toBe(400);
    const unauthorized = await fetch(r.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unauthorized.status).toBe(401);

    expect(c.out.slice(2)).toEqual([
      "✓ accepted  chat.completion  model  session=3f2a…  attrs=2 dropped=0  (orphaned: session never created — no honeyhive.session_auto_create, no /session/start)",
      "✗ rejected  chat.completion  missing honeyhive.session_id, honeyhive_event_type",
      `! request #3  POST /opentelemetry/v1/traces  401  missing or invalid Authorization: Bearer <api key>`,
    ]);

    await run.stop();
    await run.stop();
    expect(c.out.slice(-2)).toEqual([
      "orphaned  1 span in 1 session never created (accepted, shown in no session): 3f2a…",
      "receiver stopped: 1 accepted (0 sessions, 1 orphaned), 1 rejected, 0 duplicates",
    ]);
    await expect(fetch(r.endpoint, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("--json prints one JSON object per line on stdout and the banner on stderr", async () => {
    const c = capture();
    run = await main(["receive", "--port", "0", "--json", "--fault-rate", "0"], c.io);
    const r = run.receiver!;
    expect(c.err[0]).toMatch(/^honeyhive-edge receiver listening on http:\/\/127\.0\.0\.1:\d+/);
    await fetch(r.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: body({ "honeyhive.session_id": "s", honeyhive_event_type: "tool" }) });
    await fetch(r.endpoint, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    const lines = c.out.map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "span", accepted: true, reasons: [], span: { name: "chat.completion", attributes: { honeyhive_event_type: "tool" } } });
    expect(lines[1]).toMatchObject({ type: "request", status: 415 });
    expect(lines).toHaveLength(2);
  });

  it("prints each session as a tree with its counts once spans stop coming, and --json carries the grouping", async () => {
    const otlp = (spans: object[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    const trace = "5b8efff798038103d269b633813fc60c";
    const s = (spanId: string, name: string, type: string, parent?: string, extra: object[] = []) => ({
      traceId: trace, spanId, parentSpanId: parent, name, startTimeUnixNano: spanId, endTimeUnixNano: spanId,
      attributes: [
        { key: "honeyhive.session_id", value: { stringValue: "sess-1" } },
        { key: "honeyhive_event_type", value: { stringValue: type } },
        ...extra,
      ],
    });
    const create = [{ key: "honeyhive.session_auto_create", value: { boolValue: true } }, { key: "honeyhive.session_name", value: { stringValue: "GET /api/chat" } }];
    const spans = [s("0000000000000001", "GET /api/chat", "chain", undefined, create), s("0000000000000002", "llm.chat", "model", "0000000000000001", create), s("0000000000000003", "search", "tool", "0000000000000001", create)];

    const c = capture();
    run = await main(["receive", "--port", "0", "--sessions-after", "50"], c.io);
    const post = (b: string) => fetch(run!.receiver!.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: b });
    expect((await post(otlp(spans))).status).toBe(200);
    await run.receiver!.waitFor(() => c.out.some((l) => l.startsWith("session ")));
    expect(c.out.slice(-4)).toEqual([
      'session "GET /api/chat"  sess-1  auto-created  3 spans: chain 1, model 1, tool 1',
      "  └─ GET /api/chat  chain",
      "     ├─ llm.chat  model",
      "     └─ search  tool",
    ]);

    const j = capture();
    const json = await main(["receive", "--port", "0", "--json", "--sessions-after", "0"], j.io);
    const postJson = (b: string) => fetch(json.receiver!.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: b });
    await postJson(otlp(spans));
    await postJson(otlp([{ ...s("0000000000000009", "lost", "tool"), attributes: [{ key: "honeyhive.session_id", value: { stringValue: "never" } }, { key: "honeyhive_event_type", value: { stringValue: "tool" } }] }]));
    await json.stop();
    const lines = j.out.map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "span").map((l) => [l.span.name, l.sessionId, l.orphaned])).toEqual([
      ["GET /api/chat", "sess-1", false], ["llm.chat", "sess-1", false], ["search", "sess-1", false], ["lost", "never", true],
    ]);
    expect(lines.find((l) => l.type === "session")).toMatchObject({
      sessionId: "sess-1", name: "GET /api/chat", createdBy: "auto_create", spanCount: 3, counts: { chain: 1, model: 1, tool: 1 }, traceIds: [trace],
      tree: [{ name: "GET /api/chat", children: [{ name: "llm.chat", eventType: "model" }, { name: "search", eventType: "tool" }] }],
    });
    expect(lines.find((l) => l.type === "orphaned")).toMatchObject({ count: 1, sessionIds: ["never"], spanIds: ["0000000000000009"] });
  });

  it("reports a taken port with exit code 1", async () => {
    const c = capture();
    run = await main(["receive", "--port", "0"], c.io);
    const taken = await main(["receive", "--port", String(run.receiver!.port)], c.io);
    expect(taken.code).toBe(1);
    expect(c.err.join("\n")).toMatch(/could not start the receiver.*in use; try --port 0/);
  });

  it("SIGINT/SIGTERM handlers are installed only on request and removed on stop", async () => {
    const before = process.listenerCount("SIGTERM");
    run = await main(["receive", "--port", "0"], capture().io, { handleSignals: true });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    expect(process.listenerCount("SIGINT")).toBeGreaterThan(0);
    const r = run.receiver!;
    process.emit("SIGTERM", "SIGTERM");
    await r.waitFor(() => process.listenerCount("SIGTERM") === before);
    await expect(fetch(r.endpoint, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
