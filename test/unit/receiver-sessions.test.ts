// The receiver models HoneyHive's session contract: a span joins a session only if that session exists (created
// by honeyhive.session_auto_create on a span, or by POST /session/start); otherwise it is accepted and orphaned.
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";

const TRACE = "5b8efff798038103d269b633813fc60c";
type Attr = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const AUTO: Attr = { key: "honeyhive.session_auto_create", value: { boolValue: true } };

function span(spanId: string, session: string, extra: Attr[] = [], parent?: string) {
  return {
    traceId: TRACE, spanId, parentSpanId: parent, name: `span-${spanId.slice(-1)}`, startTimeUnixNano: String(Number(`0x${spanId}`)), endTimeUnixNano: "99",
    attributes: [str("honeyhive.session_id", session), str("honeyhive_event_type", "tool"), ...extra],
  };
}
const otlp = (spans: object[], resource: Attr[] = []) => JSON.stringify({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] });

let receiver: Receiver;
afterEach(() => receiver?.close());
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(receiver.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("sessions in the local receiver", () => {
  it("a span of an unknown session without the auto-create flag is accepted (200) but orphaned", async () => {
    receiver = await startReceiver();
    const res = await post("/opentelemetry/v1/traces", otlp([span("0000000000000001", "s-unknown")]));
    expect(res.status).toBe(200);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.orphaned.map((s) => s.spanId)).toEqual(["0000000000000001"]);
    expect(receiver.sessions().sessions).toEqual([]);
  });

  it("the flag on a resource does not create a session: HoneyHive maps span attributes only", async () => {
    receiver = await startReceiver();
    await post("/opentelemetry/v1/traces", otlp([span("0000000000000001", "s-res")], [AUTO]));
    expect(receiver.orphaned).toHaveLength(1);
  });

  it("honeyhive.session_auto_create = true creates the session (named by honeyhive.session_name) for every span of it", async () => {
    const verdicts: { orphaned: boolean; sessionId?: string }[] = [];
    receiver = await startReceiver({ onSpan: (_s, v) => verdicts.push(v) });
    // the creating span comes second in the batch: the batch is one request, judged together
    await post("/opentelemetry/v1/traces", otlp([span("0000000000000002", "s-auto", [], "0000000000000001"), span("0000000000000001", "s-auto", [AUTO, str("honeyhive.session_name", "GET /api/chat")])]));
    await post("/opentelemetry/v1/traces", otlp([span("0000000000000003", "s-auto", [], "0000000000000001")]));
    expect(verdicts).toEqual([{ accepted: true, reasons: [], sessionId: "s-auto", orphaned: false }, expect.objectContaining({ orphaned: false }), expect.objectContaining({ orphaned: false })]);
    const { sessions, orphaned } = receiver.sessions();
    expect(orphaned).toEqual([]);
    expect(sessions).toHaveLength(1);
    const [s] = sessions;
    expect(s).toMatchObject({ sessionId: "s-auto", name: "GET /api/chat", createdBy: "auto_create", counts: { tool: 3 } });
    expect(s.roots.map((n) => [n.span.spanId, n.children.map((c) => c.span.spanId)])).toEqual([["0000000000000001", ["0000000000000002", "0000000000000003"]]]);
  });

  it("a session without a name is called \"Session\", HoneyHive's default; the flag must be the boolean true", async () => {
    receiver = await startReceiver();
    await post("/opentelemetry/v1/traces", otlp([span("0000000000000001", "s-a", [AUTO]), span("0000000000000002", "s-b", [str("honeyhive.session_auto_create", "true")])]));
    const { sessions, orphaned } = receiver.sessions();
    expect(sessions.map((s) => [s.sessionId, s.name])).toEqual([["s-a", "Session"]]);
    expect(orphaned.map((s) => s.attributes["honeyhive.session_id"])).toEqual(["s-b"]);
  });

  it("POST /session/start (HoneyHive's shape) creates the session: its spans are no longer orphaned", async () => {
    receiver = await startReceiver({ apiKey: "k" });
    const auth = { authorization: "Bearer k" };
    expect((await post("/session/start", JSON.stringify({ session: { project: "p" } }))).status).toBe(401);
    const res = await post("/session/start", JSON.stringify({ session: { project: "p", session_name: "chat", source: "prod", session_id: "s-started", inputs: { q: 1 } } }), auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ session_id: "s-started" });
    const generated = (await (await post("/session/start", JSON.stringify({ session: { project: "p" } }), auth)).json()) as { session_id: string };
    expect(generated.session_id).toMatch(/^[0-9a-f-]{36}$/);
    await post("/opentelemetry/v1/traces", otlp([span("0000000000000001", "s-started")]), auth);
    const { sessions, orphaned } = receiver.sessions();
    expect(orphaned).toEqual([]);
    expect(sessions.find((s) => s.sessionId === "s-started")).toMatchObject({ name: "chat", createdBy: "session_start", project: "p", source: "prod", counts: { tool: 1 } });
    expect(sessions.find((s) => s.sessionId === generated.session_id)).toMatchObject({ name: "Session", spans: [] });
    expect(receiver.startedSessions.get("s-started")!.body).toMatchObject({ inputs: { q: 1 } });
  });

  it.each([
    ["{", /invalid JSON/],
    [JSON.stringify({ project: "p" }), /body must be/],
    [JSON.stringify({ session: { session_name: "x" } }), /session.project is required/],
    [JSON.stringify({ session: { project: "p", session_id: 7 } }), /session.session_id must be a string/],
  ])("POST /session/start %s is a 400", async (body, error) => {
    receiver = await startReceiver();
    const res = await post("/session/start", body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(error);
    expect(receiver.startedSessions.size).toBe(0);
  });

  it("clear() forgets the sessions too", async () => {
    receiver = await startReceiver();
    await post("/session/start", JSON.stringify({ session: { project: "p", session_id: "x" } }));
    receiver.clear();
    expect(receiver.sessions().sessions).toEqual([]);
  });
});
