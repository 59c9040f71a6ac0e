// The receiver side of the conformance suite: what every runtime's run must have delivered, read from what the
// local receiver accepted (never from the tracer's own view).
import { expect } from "vitest";
import type { Receiver, ReceivedSpan } from "../../receiver/index.js";
import { FILL, PAYLOAD, SPANS, THIRD_PARTY_SCOPE } from "./suite.mjs";

/** What runConformance returns (JSON from the runtime). */
export interface ConformanceReport {
  runtime: string;
  sessionId: string;
  asyncContext: boolean;
  payloadBytes: number;
  spanCount: number;
  config: {
    project: string;
    source: string;
    serverUrl: string;
    maxAttributes: number;
    maxAttributeLength: number;
    sources: Record<"project" | "maxAttributes" | "maxAttributeLength", string>;
  };
  checks: { name: string; ok: boolean; detail?: unknown }[];
}

const CORE = ["honeyhive.session_id", "honeyhive.project", "honeyhive.source", "honeyhive_event_type", "honeyhive_event_name", "honeyhive.session_auto_create"];
const MARKER = "…[truncated]";
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function sessionSpans(receiver: Receiver, sessionId: string): ReceivedSpan[] {
  return receiver.accepted.filter((s) => s.attributes["honeyhive.session_id"] === sessionId);
}

/** Waits until the run's spans have all arrived (the runtime flushes them on its own schedule). */
export async function waitForRun(receiver: Receiver, report: ConformanceReport, extra = 0, timeoutMs = 10_000): Promise<ReceivedSpan[]> {
  const want = report.spanCount + extra;
  await receiver.waitFor(() => sessionSpans(receiver, report.sessionId).length >= want, timeoutMs);
  return sessionSpans(receiver, report.sessionId);
}

/** The in-runtime checks passed, and the receiver got every span, whole and within the limits. */
export function expectConformance(receiver: Receiver, report: ConformanceReport, want: { asyncContext: boolean }): void {
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  expect(receiver.rejected).toEqual([]);
  const spans = sessionSpans(receiver, report.sessionId);
  const byName = (name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found, `exactly one ${name} span`).toHaveLength(1);
    return found[0];
  };
  const { maxAttributes, maxAttributeLength, project } = report.config;

  for (const span of spans) {
    for (const key of CORE) expect(span.attributes, `${span.name} keeps ${key}`).toHaveProperty([key]);
    expect(span.attributes["honeyhive.project"]).toBe(project);
    expect(Object.keys(span.attributes).length, `${span.name} within maxAttributes`).toBeLessThanOrEqual(maxAttributes);
  }

  // limits: FILL attributes plus the core ones were set; what did not fit is counted as dropped
  const limits = byName(SPANS.limits);
  const set = Object.keys(limits.attributes).length + limits.droppedAttributesCount;
  expect(set).toBeGreaterThan(FILL);
  expect(Object.keys(limits.attributes).length).toBe(Math.min(set, maxAttributes));
  expect(limits.droppedAttributesCount).toBe(Math.max(0, set - maxAttributes));

  // core attributes win over a full span: set last, and detected for a third-party span
  expect(byName(SPANS.coreLast).attributes["honeyhive_event_type"]).toBe("model");
  const chat = byName(SPANS.thirdParty);
  expect(chat.scope.name).toBe(THIRD_PARTY_SCOPE);
  expect(chat.attributes["honeyhive_event_type"]).toBe("model");

  // truncation by UTF-8 bytes, never splitting a character, with the original size recorded
  const payload = byName(SPANS.truncation).attributes;
  const value = payload["payload"] as string;
  if (report.payloadBytes > maxAttributeLength) {
    expect(Buffer.byteLength(value, "utf8")).toBeLessThanOrEqual(maxAttributeLength);
    expect(value).not.toMatch(LONE_SURROGATE);
    expect(value.endsWith(MARKER)).toBe(true);
    expect(PAYLOAD.startsWith(value.slice(0, -MARKER.length))).toBe(true);
    expect(payload["honeyhive.truncated.payload.original_bytes"]).toBe(report.payloadBytes);
  } else {
    expect(value).toBe(PAYLOAD);
  }

  // nesting: synchronous always; across await only with AsyncLocalStorage
  const parent = byName(SPANS.parent);
  const child = byName(SPANS.child);
  expect(child.parentSpanId).toBe(parent.spanId);
  expect(child.traceId).toBe(parent.traceId);
  expect(report.asyncContext).toBe(want.asyncContext);
  const asyncParent = byName(SPANS.asyncParent);
  const asyncChild = byName(SPANS.asyncChild);
  if (want.asyncContext) expect(asyncChild.parentSpanId).toBe(asyncParent.spanId);
  else expect(asyncChild.traceId).not.toBe(asyncParent.traceId);
}
