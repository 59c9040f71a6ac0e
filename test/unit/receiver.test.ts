import { afterEach, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { startReceiver, type Receiver, type ReceivedSpan } from "../../receiver/index.js";

const PATH = "/opentelemetry/v1/traces";
const TRACE = "5b8efff798038103d269b633813fc60c";

// A literal OTLP/JSON ExportTraceServiceRequest, as @opentelemetry/otlp-transformer's JSON serializer writes it.
const VALID_BODY = `{
  "resourceSpans": [{
    "resource": { "attributes": [
      { "key": "service.name", "value": { "stringValue": "chat-app" } },
      { "key": "process.pid", "value": { "intValue": 4242 } }
    ], "droppedAttributesCount": 0 },
    "scopeSpans": [{
      "scope": { "name": "honeyhive-edge", "version": "0.1.0" },
      "spans": [{
        "traceId": "${TRACE}",
        "spanId": "eee19b7ec3c1b174",
        "parentSpanId": "eee19b7ec3c1b173",
        "name": "chat.completion",
        "kind": 3,
        "startTimeUnixNano": "1718000000000000001",
        "endTimeUnixNano": "1718000000500000002",
        "attributes": [
          { "key": "honeyhive.session_id", "value": { "stringValue": "3f2a9c1e-1111-4222-8333-944445555666" } },
          { "key": "honeyhive_event_type", "value": { "stringValue": "model" } },
          { "key": "gen_ai.usage.input_tokens", "value": { "intValue": "1234" } },
          { "key": "big", "value": { "intValue": "9223372036854775807" } },
          { "key": "temperature", "value": { "doubleValue": 0.7 } },
          { "key": "stream", "value": { "boolValue": false } },
          { "key": "tags", "value": { "arrayValue": { "values": [{ "stringValue": "a" }, { "intValue": 2 }] } } },
          { "key": "meta", "value": { "kvlistValue": { "values": [{ "key": "k", "value": { "stringValue": "v" } }] } } },
          { "key": "blob", "value": { "bytesValue": "aGVsbG8=" } },
          { "key": "honeyhive_inputs.messages.0.content", "value": { "stringValue": "héllo 👋" } }
        ],
        "droppedAttributesCount": 7,
        "events": [{ "name": "first_token", "timeUnixNano": "1718000000100000000",
                     "attributes": [{ "key": "n", "value": { "intValue": 1 } }], "droppedAttributesCount": 0 }],
        "droppedEventsCount": 2,
        "links": [{ "traceId": "${TRACE}", "spanId": "0102030405060708", "attributes": [] }],
        "droppedLinksCount": 0,
        "status": { "code": 2, "message": "rate limited upstream" },
        "flags": 257
      }]
    }]
  }]
}`;

function span(spanId: string, name: string, attrs: Record<string, string>): object {
  return {
    traceId: TRACE,
    spanId,
    name,
    kind: 1,
    startTimeUnixNano: "1",
    endTimeUnixNano: "2",
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })),
    status: { code: 0 },
  };
}

function request(spans: object[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "t" }, spans }] }] });
}

const CORE = { "honeyhive.session_id": "s-1", honeyhive_event_type: "tool" };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function post(r: Receiver, body: string | Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  // copy bytes into a plain ArrayBuffer-backed view: fetch's BodyInit type does not take Buffer's ArrayBufferLike
  const payload = typeof body === "string" ? body : new Uint8Array(body);
  return fetch(r.url + PATH, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
}

describe("startReceiver", () => {
  it("listens on loopback and reports url, port and endpoint", async () => {
    receiver = await startReceiver({ port: 0 });
    expect(receiver.port).toBeGreaterThan(0);
    expect(receiver.url).toBe(`http://127.0.0.1:${receiver.port}`);
    expect(receiver.endpoint).toBe(`${receiver.url}${PATH}`);
  });

  it.each(["0.0.0.0", "192.168.1.10", "example.com", "::"])("refuses the non-loopback host %s", async (host) => {
    await expect(startReceiver({ host })).rejects.toThrow(/loopback/);
  });

  it("accepts ::1 and gives a bracketed url", async () => {
    try {
      receiver = await startReceiver({ host: "::1" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EADDRNOTAVAIL") return; // no IPv6 loopback on this machine
      throw e;
    }
    expect(receiver.url).toBe(`http://[::1]:${receiver.port}`);
  });

  it("rejects invalid fault options up front", async () => {
    await expect(startReceiver({ faults: { rate: 2, kinds: ["429"] } })).rejects.toThrow(/0\.\.1/);
    await expect(startReceiver({ faults: { rate: 0.5, kinds: ["418" as never] } })).rejects.toThrow(/unknown fault kind/);
  });
});

describe("ingest", () => {
  it("accepts a valid request with 200 {partialSuccess:{}} and decodes every field", async () => {
    const seen: string[] = [];
    receiver = await startReceiver({ onSpan: (s, v) => seen.push(`${s.name}:${v.accepted}`) });
    const res = await post(receiver, VALID_BODY);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: {} });
    expect(seen).toEqual(["chat.completion:true"]);
    expect(receiver.accepted).toHaveLength(1);
    const s = receiver.accepted[0] as ReceivedSpan;
    expect(s).toMatchObject({
      traceId: TRACE,
      spanId: "eee19b7ec3c1b174",
      parentSpanId: "eee19b7ec3c1b173",
      name: "chat.completion",
      kind: 3,
      startTimeUnixNano: "1718000000000000001",
      endTimeUnixNano: "1718000000500000002",
      droppedAttributesCount: 7,
      droppedEventsCount: 2,
      droppedLinksCount: 0,
      status: { code: 2, message: "rate limited upstream" },
      resource: { "service.name": "chat-app", "process.pid": 4242 },
      scope: { name: "honeyhive-edge", version: "0.1.0" },
      requestId: 1,
    });
    expect(s.attributes).toEqual({
      "honeyhive.session_id": "3f2a9c1e-1111-4222-8333-944445555666",
      honeyhive_event_type: "model",
      "gen_ai.usage.input_tokens": 1234,
      big: "9223372036854775807",
      temperature: 0.7,
      stream: false,
      tags: ["a", 2],
      meta: { k: "v" },
      blob: "aGVsbG8=",
      "honeyhive_inputs.messages.0.content": "héllo 👋",
    });
    expect(Object.keys(s.attributes)).toEqual(s.attributeKeys);
    expect(s.attributeKeys[0]).toBe("honeyhive.session_id");
    expect(s.attributeKeys.at(-1)).toBe("honeyhive_inputs.messages.0.content");
    expect(s.events).toEqual([{ name: "first_token", timeUnixNano: "1718000000100000000", attributes: { n: 1 }, droppedAttributesCount: 0 }]);
    expect(s.links).toEqual([{ traceId: TRACE, spanId: "0102030405060708", attributes: {} }]);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]).toMatchObject({ id: 1, method: "POST", status: 200, spanCount: 1, encoding: "", contentType: "application/json" });
    expect(receiver.requests[0].bytes).toBe(Buffer.byteLength(VALID_BODY));
  });

  it("rejects spans missing core keys with 400 listing them, and still accepts the valid ones", async () => {
    const verdicts: string[] = [];
    receiver = await startReceiver({ onSpan: (s, v) => verdicts.push(`${s.name}:${v.accepted}:${v.reasons.join("|")}`) });
    const res = await post(
      receiver,
      request([
        span("0000000000000001", "ok", CORE),
        span("0000000000000002", "tool.search", {}),
        span("0000000000000003", "no.type", { "honeyhive.session_id": "s-1", honeyhive_event_type: "" }),
      ]),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/2 of 3 spans rejected/);
    expect(body.rejected).toEqual([
      { spanId: "0000000000000002", name: "tool.search", missing: ["honeyhive.session_id", "honeyhive_event_type"] },
      { spanId: "0000000000000003", name: "no.type", missing: ["honeyhive_event_type"] },
    ]);
    expect(receiver.accepted.map((s) => s.name)).toEqual(["ok"]);
    expect(receiver.rejected.map((r) => [r.span.name, r.reasons, r.missing])).toEqual([
      ["tool.search", ["missing honeyhive.session_id, honeyhive_event_type"], ["honeyhive.session_id", "honeyhive_event_type"]],
      ["no.type", ["missing honeyhive_event_type"], ["honeyhive_event_type"]],
    ]);
    expect(verdicts).toEqual([
      "ok:true:",
      "tool.search:false:missing honeyhive.session_id, honeyhive_event_type",
      "no.type:false:missing honeyhive_event_type",
    ]);
    expect(receiver.requests[0]).toMatchObject({ status: 400, spanCount: 3 });
  });

  it("answers an empty request with 200", async () => {
    receiver = await startReceiver();
    const res = await post(receiver, "{}");
    expect(res.status).toBe(200);
    expect(receiver.accepted).toEqual([]);
  });

  it("requires the bearer token when apiKey is set, and redacts it in the request log", async () => {
    receiver = await startReceiver({ apiKey: "hh-secret-key" });
    const body = request([span("0000000000000001", "ok", CORE)]);
    const missing = await post(receiver, body);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    const wrong = await post(receiver, body, { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("hh-secret-key");
    expect(receiver.accepted).toEqual([]);
    const right = await post(receiver, body, { authorization: "Bearer hh-secret-key" });
    expect(right.status).toBe(200);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.requests.map((r) => r.status)).toEqual([401, 401, 200]);
    expect(receiver.requests[2].headers.authorization).toBe("Bearer [redacted]");
    expect(JSON.stringify(receiver.requests)).not.toContain("hh-secret-key");
  });

  it("decodes a gzip body and records the compressed size", async () => {
    receiver = await startReceiver();
    const gz = gzipSync(Buffer.from(VALID_BODY));
    const res = await post(receiver, gz, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(receiver.accepted[0].attributes["honeyhive_event_type"]).toBe("model");
    expect(receiver.requests[0]).toMatchObject({ encoding: "gzip", bytes: gz.length });
  });

  it("answers 400 for a corrupt gzip body", async () => {
    receiver = await startReceiver();
    const res = await post(receiver, Buffer.from("not gzip at all"), { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/invalid gzip/);
  });

  it("answers 415 for an unknown content encoding", async () => {
    receiver = await startReceiver();
    const res = await post(receiver, VALID_BODY, { "content-encoding": "br" });
    expect(res.status).toBe(415);
  });

  it.each([
    ["not JSON", "{ nope", /invalid JSON/],
    ["a JSON array", "[]", /body: expected an object/],
    ["resourceSpans not an array", '{"resourceSpans": 5}', /resourceSpans: expected an array/],
    ["a bad traceId", request([{ ...(span("0000000000000001", "x", CORE) as object), traceId: "xyz" }]), /spans\[0\]\.traceId/],
    ["a wrong value type", request([{ spanId: "0000000000000001", traceId: TRACE, attributes: [{ key: "a", value: { intValue: "1.5" } }] }]), /intValue/],
  ])("answers 400 with a reason for %s", async (_label, body, reason) => {
    receiver = await startReceiver();
    const res = await post(receiver, body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error).toMatch(/^malformed OTLP\/JSON: /);
    expect(json.error).toMatch(reason);
    expect(receiver.accepted).toEqual([]);
  });

  it("answers 404 off the path and 405 for other methods", async () => {
    receiver = await startReceiver();
    const off = await fetch(receiver.url + "/v1/traces", { method: "POST", body: "{}" });
    expect(off.status).toBe(404);
    const get = await fetch(receiver.url + PATH);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const put = await fetch(receiver.url + PATH, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(receiver.requests.map((r) => r.status)).toEqual([404, 405, 405]);
  });

  it("honours a custom path and ignores the query string", async () => {
    receiver = await startReceiver({ path: "/ingest" });
    expect((await fetch(`${receiver.url}/ingest?x=1`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(200);
    expect((await post(receiver, "{}")).status).toBe(404);
  });

  it("accepts OTLP protobuf, and answers 415 for other content types", async () => {
    receiver = await startReceiver();
    expect((await post(receiver, new Uint8Array([10, 0]), { "content-type": "application/x-protobuf" })).status).toBe(200);
    const text = await post(receiver, "{}", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect((await text.json()).error).toMatch(/application\/json or application\/x-protobuf/);
    expect((await post(receiver, "{}", { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
  });

  it("answers 413 past the body cap, on the wire and after decompression", async () => {
    receiver = await startReceiver({ maxBodyBytes: 1000 });
    const big = await post(receiver, request([span("0000000000000001", "x".repeat(2000), CORE)]));
    expect(big.status).toBe(413);
    const bomb = gzipSync(Buffer.from(request([span("0000000000000001", "x".repeat(50_000), CORE)])));
    expect(bomb.length).toBeLessThan(1000);
    const res = await post(receiver, bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(receiver.accepted).toEqual([]);
  });

  it("dedups by traceId+spanId: a duplicate is counted, not recorded twice", async () => {
    let calls = 0;
    receiver = await startReceiver({ onSpan: () => calls++ });
    const body = request([span("0000000000000001", "a", CORE), span("0000000000000002", "b", CORE)]);
    expect((await post(receiver, body)).status).toBe(200);
    expect((await post(receiver, body)).status).toBe(200);
    expect((await post(receiver, request([span("0000000000000003", "c", CORE), span("0000000000000003", "c", CORE)]))).status).toBe(200);
    expect(receiver.accepted.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(receiver.duplicates).toBe(3);
    expect(calls).toBe(3);
    // the same spanId in another trace is a different span
    const other = { ...(span("0000000000000001", "a2", CORE) as object), traceId: "a".repeat(32) };
    await post(receiver, request([other]));
    expect(receiver.accepted).toHaveLength(4);
  });

  it("answers CORS preflights so the browser runtime can post", async () => {
    receiver = await startReceiver();
    const res = await fetch(receiver.url + PATH, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    const plain = await fetch(receiver.url + PATH, { method: "OPTIONS" });
    expect(plain.status).toBe(405);
  });
});

describe("waiting and clearing", () => {
  it("waitForSpans resolves once n spans are accepted", async () => {
    receiver = await startReceiver();
    const r = receiver;
    const waiting = r.waitForSpans(2, 5000);
    await post(r, request([span("0000000000000001", "a", CORE)]));
    await post(r, request([span("0000000000000002", "b", CORE)]));
    const spans = await waiting;
    expect(spans.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("waitForSpans times out with a summary that names rejection reasons", async () => {
    receiver = await startReceiver();
    await post(receiver, request([span("0000000000000001", "bad", {})]));
    await expect(receiver.waitForSpans(1, 50)).rejects.toThrow(/0 accepted, 1 rejected \(missing honeyhive.session_id, honeyhive_event_type\)/);
  });

  it("waitFor resolves on an arbitrary predicate and propagates a throwing predicate", async () => {
    receiver = await startReceiver();
    const r = receiver;
    const waiting = r.waitFor(() => r.requests.length === 1);
    await post(r, "{}");
    await waiting;
    await expect(r.waitFor(() => { throw new Error("boom"); })).rejects.toThrow("boom");
  });

  it("clear() forgets everything, in place, including the dedup memory", async () => {
    receiver = await startReceiver();
    const accepted = receiver.accepted;
    const body = request([span("0000000000000001", "a", CORE)]);
    await post(receiver, body);
    await post(receiver, body);
    expect(receiver.duplicates).toBe(1);
    receiver.clear();
    expect(accepted).toEqual([]);
    expect(receiver.requests).toEqual([]);
    expect(receiver.duplicates).toBe(0);
    await post(receiver, body);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted).toBe(accepted);
  });

  it("close() is idempotent", async () => {
    const r = await startReceiver();
    await r.close();
    await r.close();
    await expect(fetch(r.url + PATH, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
