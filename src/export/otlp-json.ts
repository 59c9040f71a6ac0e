import type { Attributes, AttributeValue, HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";

/**
 * OTLP/JSON encoding of finished spans (ExportTraceServiceRequest). Hand-written rather than
 * @opentelemetry/otlp-transformer's JSON serializer: it is ~40 lines and keeps the Workers bundle small.
 */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | Record<string, never>;

export interface KeyValue {
  key: string;
  value: AnyValue;
}

function anyValue(v: AttributeValue | undefined | null): AnyValue {
  switch (typeof v) {
    case "string":
      return { stringValue: v };
    case "boolean":
      return { boolValue: v };
    case "number":
      return Number.isSafeInteger(v) ? { intValue: v } : { doubleValue: v };
    default:
      return Array.isArray(v) ? { arrayValue: { values: v.map((x) => anyValue(x)) } } : {};
  }
}

export function keyValues(attributes: Attributes | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) out.push({ key, value: anyValue(attributes[key]) });
  return out;
}

/** HrTime [seconds, nanos] → decimal nanoseconds, without BigInt (cheap and exact). */
export function hrTimeToNanos(t: HrTime): string {
  const nanos = String(t[1]).padStart(9, "0");
  return t[0] === 0 ? String(t[1]) : `${t[0]}${nanos}`;
}

function encodeSpan(s: ReadableSpan) {
  const ctx = s.spanContext();
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    traceState: ctx.traceState?.serialize(),
    name: s.name,
    kind: s.kind + 1, // OTLP numbers kinds from 1 (INTERNAL); the API from 0
    startTimeUnixNano: hrTimeToNanos(s.startTime),
    endTimeUnixNano: hrTimeToNanos(s.endTime),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: hrTimeToNanos(e.time),
      name: e.name,
      attributes: keyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      attributes: keyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { code: s.status.code, message: s.status.message },
  };
}

/** Groups spans by resource, then by instrumentation scope, as OTLP requires. */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): object {
  const byResource = new Map<unknown, Map<string, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    const scope = span.instrumentationScope;
    const scopeKey = `${scope.name}@${scope.version ?? ""}`;
    const list = scopes.get(scopeKey);
    if (list) list.push(span);
    else scopes.set(scopeKey, [span]);
  }
  const resourceSpans = [];
  for (const scopes of byResource.values()) {
    const first = scopes.values().next().value as ReadableSpan[];
    resourceSpans.push({
      resource: { attributes: keyValues(first[0].resource.attributes), droppedAttributesCount: 0 },
      scopeSpans: [...scopes.values()].map((list) => ({
        scope: { name: list[0].instrumentationScope.name, version: list[0].instrumentationScope.version },
        spans: list.map(encodeSpan),
      })),
    });
  }
  return { resourceSpans };
}
