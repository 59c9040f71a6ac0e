// Decode an OTLP/protobuf ExportTraceServiceRequest into the same ReceivedSpan records as the JSON path,
// so every test and the CLI see one shape whatever the exporter sent.
import { MAX_NESTING, OtlpDecodeError, type ReceivedEvent, type ReceivedLink, type ReceivedSpan } from "./decode.js";
import { ProtobufReader, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from "./protobuf-reader.js";

type Scope = { name: string; version?: string };

/** Throws OtlpDecodeError on anything that is not a well-formed trace request. */
export function decodeTraceRequestProtobuf(body: Uint8Array, requestId: number): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  const r = new ProtobufReader(body);
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "resource_spans")) decodeResourceSpans(r.sub(), requestId, out);
    else r.skip(wire);
  }
  return out;
}

function decodeResourceSpans(r: ProtobufReader, requestId: number, out: ReceivedSpan[]): void {
  let resource: Record<string, unknown> = {};
  const scopeSpans: ProtobufReader[] = [];
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "resource")) resource = decodeResource(r.sub());
    else if (field === 2 && want(wire, WIRE_LEN, "scope_spans")) scopeSpans.push(r.sub());
    else r.skip(wire);
  }
  // the resource may follow its spans on the wire; decode the spans once it is known
  for (const ss of scopeSpans) decodeScopeSpans(ss, resource, requestId, out);
}

function decodeResource(r: ProtobufReader): Record<string, unknown> {
  const attrs = newAttributes();
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "resource.attributes")) addKeyValue(r.sub(), attrs);
    else r.skip(wire);
  }
  return attrs.attributes;
}

function decodeScopeSpans(r: ProtobufReader, resource: Record<string, unknown>, requestId: number, out: ReceivedSpan[]): void {
  let scope: Scope = { name: "" };
  const spans: ProtobufReader[] = [];
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "scope")) scope = decodeScope(r.sub());
    else if (field === 2 && want(wire, WIRE_LEN, "spans")) spans.push(r.sub());
    else r.skip(wire);
  }
  for (const s of spans) out.push(decodeSpan(s, resource, scope, requestId));
}

function decodeScope(r: ProtobufReader): Scope {
  const scope: Scope = { name: "" };
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "scope.name")) scope.name = r.string();
    else if (field === 2 && want(wire, WIRE_LEN, "scope.version")) {
      const v = r.string();
      if (v !== "") scope.version = v;
      else delete scope.version;
    } else r.skip(wire);
  }
  return scope;
}

function decodeSpan(r: ProtobufReader, resource: Record<string, unknown>, scope: Scope, requestId: number): ReceivedSpan {
  const attrs = newAttributes();
  const span: ReceivedSpan = {
    traceId: "",
    spanId: "",
    name: "",
    kind: 0,
    startTimeUnixNano: "0",
    endTimeUnixNano: "0",
    attributes: attrs.attributes,
    attributeKeys: attrs.keys,
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0 },
    resource,
    scope,
    requestId,
  };
  let parent = "";
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1: span.traceId = want(wire, WIRE_LEN, "trace_id") && hex(r.bytes()); break;
      case 2: span.spanId = want(wire, WIRE_LEN, "span_id") && hex(r.bytes()); break;
      case 4: parent = want(wire, WIRE_LEN, "parent_span_id") && hex(r.bytes()); break;
      case 5: span.name = want(wire, WIRE_LEN, "name") && r.string(); break;
      case 6: span.kind = want(wire, WIRE_VARINT, "kind") && r.varint(); break;
      case 7: span.startTimeUnixNano = want(wire, WIRE_FIXED64, "start_time_unix_nano") && r.fixed64().toString(); break;
      case 8: span.endTimeUnixNano = want(wire, WIRE_FIXED64, "end_time_unix_nano") && r.fixed64().toString(); break;
      case 9: if (want(wire, WIRE_LEN, "attributes")) addKeyValue(r.sub(), attrs); break;
      case 10: span.droppedAttributesCount = want(wire, WIRE_VARINT, "dropped_attributes_count") && r.varint(); break;
      case 11: if (want(wire, WIRE_LEN, "events")) span.events.push(decodeEvent(r.sub())); break;
      case 12: span.droppedEventsCount = want(wire, WIRE_VARINT, "dropped_events_count") && r.varint(); break;
      case 13: if (want(wire, WIRE_LEN, "links")) span.links.push(decodeLink(r.sub())); break;
      case 14: span.droppedLinksCount = want(wire, WIRE_VARINT, "dropped_links_count") && r.varint(); break;
      case 15: span.status = want(wire, WIRE_LEN, "status") && decodeStatus(r.sub()); break;
      default: r.skip(wire); // 3 trace_state, 16 flags: not part of ReceivedSpan
    }
  }
  span.traceId = checkId(span.traceId, 16, "trace_id");
  span.spanId = checkId(span.spanId, 8, "span_id");
  // proto3 default: an empty parent_span_id means "root span", as in the JSON decoder
  if (parent !== "") span.parentSpanId = checkId(parent, 8, "parent_span_id");
  return span;
}

function decodeEvent(r: ProtobufReader): ReceivedEvent {
  const attrs = newAttributes();
  const event: ReceivedEvent = { name: "", timeUnixNano: "0", attributes: attrs.attributes, droppedAttributesCount: 0 };
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_FIXED64, "event.time_unix_nano")) event.timeUnixNano = r.fixed64().toString();
    else if (field === 2 && want(wire, WIRE_LEN, "event.name")) event.name = r.string();
    else if (field === 3 && want(wire, WIRE_LEN, "event.attributes")) addKeyValue(r.sub(), attrs);
    else if (field === 4 && want(wire, WIRE_VARINT, "event.dropped_attributes_count")) event.droppedAttributesCount = r.varint();
    else r.skip(wire);
  }
  return event;
}

function decodeLink(r: ProtobufReader): ReceivedLink {
  const attrs = newAttributes();
  let traceId = "";
  let spanId = "";
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "link.trace_id")) traceId = hex(r.bytes());
    else if (field === 2 && want(wire, WIRE_LEN, "link.span_id")) spanId = hex(r.bytes());
    else if (field === 4 && want(wire, WIRE_LEN, "link.attributes")) addKeyValue(r.sub(), attrs);
    else r.skip(wire);
  }
  return { traceId: checkId(traceId, 16, "link.trace_id"), spanId: checkId(spanId, 8, "link.span_id"), attributes: attrs.attributes };
}

function decodeStatus(r: ProtobufReader): { code: number; message?: string } {
  const status: { code: number; message?: string } = { code: 0 };
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 2 && want(wire, WIRE_LEN, "status.message")) {
      const m = r.string();
      if (m !== "") status.message = m;
    } else if (field === 3 && want(wire, WIRE_VARINT, "status.code")) status.code = r.varint();
    else r.skip(wire);
  }
  return status;
}

interface AttributeSink {
  attributes: Record<string, unknown>;
  keys: string[];
}

function newAttributes(): AttributeSink {
  return { attributes: {}, keys: [] };
}

/** One KeyValue; a repeated key keeps its first position and its last value, as in the JSON decoder. */
function addKeyValue(r: ProtobufReader, sink: AttributeSink): void {
  let key: string | undefined;
  let value: unknown = null;
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "key")) key = r.string();
    else if (field === 2 && want(wire, WIRE_LEN, "value")) value = decodeAnyValue(r.sub());
    else r.skip(wire);
  }
  // proto3 cannot tell an absent key from "", so "" it is
  key ??= "";
  sink.keys.push(key);
  setOwn(sink.attributes, key, value);
}

let nesting = 0; // AnyValues open right now: a deeply nested body is a 400, not a stack overflow (a 500)

/** AnyValue → the JSON decoder's JS values: int64 beyond 2^53 as a decimal string, bytes as base64, empty → null. */
function decodeAnyValue(r: ProtobufReader): unknown {
  if (nesting >= MAX_NESTING) throw new OtlpDecodeError(`protobuf: values nested deeper than ${MAX_NESTING} levels`);
  nesting++;
  try {
    return decodeAnyValueFields(r);
  } finally {
    nesting--;
  }
}

function decodeAnyValueFields(r: ProtobufReader): unknown {
  let value: unknown = null;
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1: value = want(wire, WIRE_LEN, "string_value") && r.string(); break;
      case 2: value = want(wire, WIRE_VARINT, "bool_value") && r.varint() !== 0; break;
      case 3: {
        const big = want(wire, WIRE_VARINT, "int_value") && r.int64();
        const n = Number(big);
        value = Number.isSafeInteger(n) ? n : big.toString();
        break;
      }
      case 4: value = want(wire, WIRE_FIXED64, "double_value") && r.double(); break;
      case 5: value = want(wire, WIRE_LEN, "array_value") && decodeArray(r.sub()); break;
      case 6: value = want(wire, WIRE_LEN, "kvlist_value") && decodeKvList(r.sub()); break;
      case 7: value = want(wire, WIRE_LEN, "bytes_value") && Buffer.from(r.bytes()).toString("base64"); break;
      default: r.skip(wire);
    }
  }
  return value;
}

function decodeArray(r: ProtobufReader): unknown[] {
  const values: unknown[] = [];
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "array_value.values")) values.push(decodeAnyValue(r.sub()));
    else r.skip(wire);
  }
  return values;
}

function decodeKvList(r: ProtobufReader): Record<string, unknown> {
  const sink = newAttributes();
  while (!r.atEnd()) {
    const { field, wire } = r.tag();
    if (field === 1 && want(wire, WIRE_LEN, "kvlist_value.values")) addKeyValue(r.sub(), sink);
    else r.skip(wire);
  }
  return sink.attributes;
}

/** A known field sent with another wire type is malformed; returns true so calls read as conditions. */
function want(actual: number, expected: number, name: string): true {
  if (actual !== expected) throw new OtlpDecodeError(`protobuf: ${name} has wire type ${actual}, expected ${expected}`);
  return true;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** Same rule as the JSON decoder: ids are 16/8 bytes and never all zero. */
function checkId(id: string, bytes: 16 | 8, name: string): string {
  if (id.length !== bytes * 2) throw new OtlpDecodeError(`protobuf: ${name} must be ${bytes} bytes, got ${id.length / 2}`);
  if (/^0+$/.test(id)) throw new OtlpDecodeError(`protobuf: ${name} is all zero (invalid)`);
  return id;
}

/** Plain assignment of "__proto__" would change the prototype instead of adding a key. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

