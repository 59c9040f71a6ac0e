import { describe, expect, it } from "vitest";
import { decodeAnyValue, decodeId, decodeTraceRequest, decodeTraceRequestJson, OtlpDecodeError } from "../../receiver/decode.js";
import { validateSpan } from "../../receiver/validate.js";
import { formatRequestLine, formatSpanLine } from "../../receiver/format.js";
import { isLoopbackHost, redactHeaders } from "../../receiver/http.js";

const TRACE_HEX = "5b8efff798038103d269b633813fc60c";
const SPAN_HEX = "eee19b7ec3c1b174";

const one = (spanFields: object, extra: object = {}) =>
  decodeTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_HEX, spanId: SPAN_HEX, ...spanFields }] }], ...extra }] }, 9)[0];

describe("decodeAnyValue", () => {
  it.each([
    [{ stringValue: "x" }, "x"],
    [{ stringValue: "" }, ""],
    [{ boolValue: true }, true],
    [{ intValue: 5 }, 5],
    [{ intValue: "-12" }, -12],
    [{ intValue: "9007199254740991" }, 9007199254740991],
    [{ intValue: "9007199254740993" }, "9007199254740993"],
    [{ intValue: "-9223372036854775808" }, "-9223372036854775808"],
    [{ doubleValue: 1.5 }, 1.5],
    [{ doubleValue: "Infinity" }, Infinity],
    [{ doubleValue: "2.5" }, 2.5],
    [{ bytesValue: "AQID" }, "AQID"],
    [{ arrayValue: {} }, []],
    [{ arrayValue: { values: [{ boolValue: false }, { arrayValue: { values: [{ intValue: 1 }] } }] } }, [false, [1]]],
    [{ kvlistValue: { values: [{ key: "a", value: { kvlistValue: { values: [] } } }] } }, { a: {} }],
    [{}, null],
    [undefined, null],
  ])("%j → %j", (raw, expected) => {
    expect(decodeAnyValue(raw, "v")).toEqual(expected);
  });

  it("decodes doubleValue NaN", () => {
    expect(decodeAnyValue({ doubleValue: "NaN" }, "v")).toBeNaN();
  });

  it.each([[{ stringValue: 1 }], [{ boolValue: "true" }], [{ intValue: 1.5 }], [{ intValue: "1e3" }], [{ doubleValue: "abc" }], [{ bytesValue: "not base64!" }], ["str"], [{ arrayValue: { values: 3 } }]])(
    "rejects %j",
    (raw) => {
      expect(() => decodeAnyValue(raw, "v")).toThrow(OtlpDecodeError);
    },
  );
});

describe("decodeId", () => {
  it("accepts hex (lowercasing it) and base64 of the right byte length", () => {
    expect(decodeId(TRACE_HEX.toUpperCase(), 16, "id")).toBe(TRACE_HEX);
    expect(decodeId(Buffer.from(TRACE_HEX, "hex").toString("base64"), 16, "id")).toBe(TRACE_HEX);
    expect(decodeId(Buffer.from(SPAN_HEX, "hex").toString("base64"), 8, "id")).toBe(SPAN_HEX);
  });

  it.each([[""], ["abc"], [SPAN_HEX], ["0".repeat(32)], ["g".repeat(32)], [123]])("rejects %j as a trace id", (raw) => {
    expect(() => decodeId(raw, 16, "traceId")).toThrow(/traceId/);
  });
});

describe("decodeTraceRequest", () => {
  it("flattens resource and scope onto each span and applies proto3 defaults", () => {
    const s = one({}, { resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] } });
    expect(s).toEqual({
      traceId: TRACE_HEX,
      spanId: SPAN_HEX,
      name: "",
      kind: 0,
      startTimeUnixNano: "0",
      endTimeUnixNano: "0",
      attributes: {},
      attributeKeys: [],
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: 0 },
      resource: { "service.name": "svc" },
      scope: { name: "" },
      requestId: 9,
    });
    expect("parentSpanId" in s).toBe(false);
  });

  it("treats an empty parentSpanId as a root span", () => {
    expect(one({ parentSpanId: "" }).parentSpanId).toBeUndefined();
  });

  it("accepts enum names and numeric timestamps", () => {
    const s = one({ kind: "SPAN_KIND_CLIENT", status: { code: "STATUS_CODE_ERROR" }, startTimeUnixNano: 1718000000000000000 });
    expect(s.kind).toBe(3);
    expect(s.status).toEqual({ code: 2 });
    expect(s.startTimeUnixNano).toBe("1718000000000000000");
  });

  it("keeps attribute order as sent, records repeats in attributeKeys, last value wins", () => {
    const kv = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const s = one({ attributes: [kv("z", "1"), kv("a", "2"), kv("z", "3")] });
    expect(s.attributeKeys).toEqual(["z", "a", "z"]);
    expect(Object.entries(s.attributes)).toEqual([["z", "3"], ["a", "2"]]);
  });

  it("stores a __proto__ key as data, without touching the prototype", () => {
    const s = one({ attributes: [{ key: "__proto__", value: { stringValue: "x" } }] });
    expect(Object.getPrototypeOf(s.attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(s.attributes, "__proto__")?.value).toBe("x");
  });

  it("decodes spans from several resources and scopes in order", () => {
    const sp = (id: string) => ({ traceId: TRACE_HEX, spanId: id });
    const spans = decodeTraceRequest(
      {
        resourceSpans: [
          { scopeSpans: [{ scope: { name: "a", version: "1" }, spans: [sp("0000000000000001")] }, { scope: { name: "b" }, spans: [sp("0000000000000002")] }] },
          { scopeSpans: [{ spans: [sp("0000000000000003")] }] },
        ],
      },
      1,
    );
    expect(spans.map((s) => [s.spanId.slice(-1), s.scope])).toEqual([["1", { name: "a", version: "1" }], ["2", { name: "b" }], ["3", { name: "" }]]);
  });

  it("names the JSON path of what is wrong", () => {
    expect(() => decodeTraceRequestJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"x"}]}]}]}', 1)).toThrow(
      "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex chars",
    );
    expect(() => one({ attributes: [{ key: 5 }] })).toThrow(/attributes\[0\]\.key/);
    expect(() => one({ droppedAttributesCount: -1 })).toThrow(/droppedAttributesCount/);
    expect(() => decodeTraceRequestJson("", 1)).toThrow(/invalid JSON/);
  });

  // paths are put together only on error, from each level's relative part: every level, written out
  it.each([
    [{ resourceSpans: [3] }, "resourceSpans[0]: expected an object"],
    [{ resourceSpans: [{ resource: { attributes: [{ key: 1 }] } }] }, "resourceSpans[0].resource.attributes[0].key: expected a string"],
    [{ resourceSpans: [{ scopeSpans: [{}, { scope: { name: 4 } }] }] }, "resourceSpans[0].scopeSpans[1].scope.name: expected a string"],
    [{ resourceSpans: [{ scopeSpans: [{ spans: [null] }] }] }, "resourceSpans[0].scopeSpans[0].spans[0]: expected an object"],
    [{ attributes: [{ key: "a", value: { stringValue: "ok" } }, { key: "b", value: { arrayValue: { values: [{ boolValue: 1 }] } } }] }, "spans[0].attributes[1].value.arrayValue.values[0].boolValue: expected a boolean"],
    [{ events: [{}, { attributes: [3] }] }, "spans[0].events[1].attributes[0]: expected an object"],
    [{ links: [{ traceId: "x" }] }, "spans[0].links[0].traceId: expected 32 hex chars"],
    [{ status: { message: 7 } }, "spans[0].status.message: expected a string"],
  ])("names the whole path: %j", (raw, message) => {
    const body = "resourceSpans" in raw ? raw : { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_HEX, spanId: "0000000000000001", ...raw }] }] }] };
    const prefix = "resourceSpans" in raw ? "" : "resourceSpans[0].scopeSpans[0].";
    expect(() => decodeTraceRequest(body, 1)).toThrow(prefix + message);
  });
});

describe("validateSpan", () => {
  it.each([
    [{ "honeyhive.session_id": "s", honeyhive_event_type: "model" }, []],
    [{ "honeyhive.session_id": "s" }, ["honeyhive_event_type"]],
    [{ honeyhive_event_type: "tool" }, ["honeyhive.session_id"]],
    [{ "honeyhive.session_id": "", honeyhive_event_type: null }, ["honeyhive.session_id", "honeyhive_event_type"]],
    [{}, ["honeyhive.session_id", "honeyhive_event_type"]],
  ])("%j misses %j", (attributes, missing) => {
    const v = validateSpan({ attributes });
    expect(v.missing).toEqual(missing);
    expect(v.accepted).toBe(missing.length === 0);
    expect(v.reasons).toEqual(missing.length ? [`missing ${missing.join(", ")}`] : []);
  });
});

describe("format", () => {
  const base = one({ name: "chat.completion", droppedAttributesCount: 476 });
  it("formats an accepted span", () => {
    const attributes = Object.fromEntries(Array.from({ length: 1024 }, (_, i) => [`k${i}`, i]));
    Object.assign(attributes, { "honeyhive.session_id": "3f2a9c1e-aaaa", honeyhive_event_type: "model" });
    const s = { ...base, attributes, attributeKeys: Object.keys(attributes).slice(0, 1024) };
    expect(formatSpanLine(s, { accepted: true, reasons: [] })).toBe("✓ accepted  chat.completion  model  session=3f2a…  attrs=1024 dropped=476");
  });

  it("formats a rejected span", () => {
    const s = { ...base, name: "tool.search" };
    expect(formatSpanLine(s, validateSpan(s))).toBe("✗ rejected  tool.search  missing honeyhive.session_id, honeyhive_event_type");
  });

  it("formats a request that carried no spans", () => {
    expect(formatRequestLine({ id: 3, method: "POST", path: "/p", status: 401, error: "missing or invalid Authorization" })).toBe(
      "! request #3  POST /p  401  missing or invalid Authorization",
    );
    expect(formatRequestLine({ id: 4, method: "POST", path: "/p", status: 0, fault: "reset", error: "injected fault: reset" })).toBe("! request #4  POST /p  fault reset");
  });
});

describe("http helpers", () => {
  it.each([["127.0.0.1", true], ["127.1.2.3", true], ["localhost", true], ["::1", true], ["[::1]", true], ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false], ["::", false], ["127.0.0.256", false], ["10.0.0.1", false], ["localhost.example.com", false], ["", false]])(
    "isLoopbackHost(%j) = %j",
    (host, expected) => {
      expect(isLoopbackHost(host)).toBe(expected);
    },
  );

  it("redacts credentials and flattens repeated headers", () => {
    expect(redactHeaders({ authorization: "Bearer abc", "x-api-key": "k", "x-source": "node", "set-cookie": ["a", "b"] })).toEqual({
      authorization: "Bearer [redacted]",
      "x-api-key": "[redacted]",
      "x-source": "node",
      "set-cookie": "a, b",
    });
    expect(redactHeaders({ authorization: "abc" }).authorization).toBe("[redacted]");
  });
});
