import type { Attributes, HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { text, wellFormed } from "./text.js";

/**
 * OTLP/JSON encoding of finished spans (ExportTraceServiceRequest): plain objects for one JSON.stringify
 * (measured faster than writing the JSON text by hand, and than otlp-transformer's serializer), without
 * @opentelemetry/otlp-transformer, which keeps the Workers bundle small. Whatever a caller put into a span,
 * the output is valid JSON the backend accepts: see test/fuzz.
 */
type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number | string }
  | { doubleValue: number | string }
  | { arrayValue: { values: AnyValue[] } }
  | Record<string, never>;

interface KeyValue {
  key: string;
  value: AnyValue;
}

// int64 bounds, as otlp-transformer's protobuf encoder uses them: both encodings then agree
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

function anyValue(v: unknown): AnyValue {
  switch (typeof v) {
    case "string":
      return { stringValue: wellFormed(v) };
    case "boolean":
      return { boolValue: v };
    case "number":
      if (Number.isSafeInteger(v)) return { intValue: v };
      // beyond 2^53 an int64 goes as a decimal string (proto3 JSON), so no JSON parser rounds it
      if (Number.isInteger(v) && v >= MIN_INT64 && v < MAX_INT64) return { intValue: BigInt(v).toString() };
      // proto3 JSON spells NaN and ±Infinity as strings; JSON.stringify would turn them into null
      return { doubleValue: Number.isFinite(v) ? v : String(v) };
    default:
      // OpenTelemetry allows arrays of primitives; anything else is sent as an empty value
      return Array.isArray(v) ? { arrayValue: { values: v.map(anyValue) } } : {};
  }
}

function keyValues(attributes: Attributes | undefined): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key in attributes) out.push({ key: wellFormed(key), value: anyValue(attributes[key]) });
  return out;
}

/**
 * HrTime [seconds, nanos] → decimal nanoseconds, without BigInt (cheap and exact). A time that is not a
 * valid HrTime (a caller's NaN start time…) becomes 0 rather than making the backend refuse the batch.
 */
export function hrTimeToNanos(t: HrTime): string {
  const [sec, ns] = Array.isArray(t) ? t : [NaN, NaN];
  if (!(Number.isSafeInteger(sec) && sec >= 0 && Number.isInteger(ns) && ns >= 0 && ns < 1e9)) return "0";
  return sec === 0 ? String(ns) : `${sec}${String(ns).padStart(9, "0")}`;
}

/** Hex, not all zeros. */
const VALID_ID = /^(?!0+$)[0-9a-f]+$/i;

/** Trace ids are 32 hex chars, span ids 16, never all zero: the SDK checks its own, not a caller's links. */
function validId(id: unknown, length: 32 | 16): id is string {
  return typeof id === "string" && id.length === length && VALID_ID.test(id);
}

const count = (n: unknown) => (Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : 0);

function encodeSpan(s: ReadableSpan) {
  const ctx = s.spanContext();
  const links = s.links.filter((l) => validId(l.context?.traceId, 32) && validId(l.context?.spanId, 16));
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: s.parentSpanContext?.spanId,
    traceState: ctx.traceState?.serialize(),
    name: text(s.name),
    // OTLP numbers kinds from 1 (INTERNAL); the API from 0. A caller's unknown kind is sent as INTERNAL.
    kind: Number.isInteger(s.kind) && s.kind >= 0 && s.kind <= 4 ? s.kind + 1 : 1,
    startTimeUnixNano: hrTimeToNanos(s.startTime),
    endTimeUnixNano: hrTimeToNanos(s.endTime),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: count(s.droppedAttributesCount),
    events: s.events.map((e) => ({
      timeUnixNano: hrTimeToNanos(e.time),
      name: text(e.name),
      attributes: keyValues(e.attributes),
      droppedAttributesCount: count(e.droppedAttributesCount),
    })),
    droppedEventsCount: count(s.droppedEventsCount),
    links: links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      attributes: keyValues(l.attributes),
      droppedAttributesCount: count(l.droppedAttributesCount),
    })),
    droppedLinksCount: count(s.droppedLinksCount) + (s.links.length - links.length),
    // setStatus takes any code from a caller; OTLP knows 0 (unset), 1 (ok), 2 (error)
    status: { code: s.status.code === 1 || s.status.code === 2 ? s.status.code : 0, message: s.status.message === undefined ? undefined : text(s.status.message) },
  };
}

/** Groups spans by resource, then by instrumentation scope, as OTLP requires; returns the JSON text. */
export function encodeTraceRequest(spans: readonly ReadableSpan[]): string {
  // by identity, as otlp-transformer does: a tracer reuses one resource and one scope object for its spans
  type Scope = ReadableSpan["instrumentationScope"];
  const byResource = new Map<ReadableSpan["resource"], Map<Scope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    const list = scopes.get(span.instrumentationScope);
    if (list) list.push(span);
    else scopes.set(span.instrumentationScope, [span]);
  }
  // ids are the SDK's hex strings (a caller's invalid ones make only that batch fail, as valid JSON)
  return JSON.stringify({
    resourceSpans: [...byResource].map(([resource, scopes]) => ({
      resource: { attributes: keyValues(resource.attributes), droppedAttributesCount: 0 },
      scopeSpans: [...scopes].map(([scope, list]) => ({
        scope: { name: text(scope.name), version: text(scope.version) || undefined },
        spans: list.map(encodeSpan),
      })),
    })),
  });
}
