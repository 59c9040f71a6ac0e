// Decode an OTLP/JSON ExportTraceServiceRequest into flat, test-friendly span records.
// OTLP/JSON: lowerCamelCase keys, hex trace/span ids, 64-bit integers as strings or numbers, enums as integers.

export interface ReceivedEvent {
  name: string;
  timeUnixNano: string;
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
}

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Keys in the order they were sent; a repeated key keeps its first position and its last value. */
  attributes: Record<string, unknown>;
  /** Every key exactly as sent, repeats included. */
  attributeKeys: string[];
  droppedAttributesCount: number;
  events: ReceivedEvent[];
  droppedEventsCount: number;
  links: ReceivedLink[];
  droppedLinksCount: number;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
  /** The receiver's id of the HTTP request that carried this span. */
  requestId: number;
}

/** The body is not a well-formed OTLP/JSON trace request; `message` names the JSON path at fault. */
export class OtlpDecodeError extends Error {
  override name = "OtlpDecodeError";
}

type Json = Record<string, unknown>;

const SPAN_KINDS = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];
const STATUS_CODES = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"];

/** Parse the JSON text of a request body and decode it; throws OtlpDecodeError. */
export function decodeTraceRequestJson(text: string, requestId: number): ReceivedSpan[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OtlpDecodeError(`invalid JSON: ${(e as Error).message}`);
  }
  return decodeTraceRequest(json, requestId);
}

/**
 * Decode a parsed ExportTraceServiceRequest; throws OtlpDecodeError. An empty request decodes to [].
 * Paths for error messages are put together only when something is wrong: inner decoders report a path
 * relative to their element (".traceId: …", ": expected an object"), and each loop prefixes its index.
 */
export function decodeTraceRequest(body: unknown, requestId: number): ReceivedSpan[] {
  const root = asObject(body, "body");
  return each(root.resourceSpans, "resourceSpans", (rs) => decodeResourceSpans(rs, requestId)).flat();
}

/** Rethrows a decode error with the path of the element it happened in. */
function within(e: unknown, path: string): never {
  throw e instanceof OtlpDecodeError ? new OtlpDecodeError(path + e.message) : e;
}

function decodeResourceSpans(raw: unknown, requestId: number): ReceivedSpan[] {
  const rs = asObject(raw, "");
  const resourceObj = rs.resource === undefined || rs.resource === null ? {} : asObject(rs.resource, ".resource");
  const resource = decodeAttributes(resourceObj.attributes, ".resource.attributes").attributes;
  return each(rs.scopeSpans, ".scopeSpans", (ssRaw) => {
    const ss = asObject(ssRaw, "");
    const scope = decodeScope(ss.scope);
    return each(ss.spans, ".spans", (span) => decodeSpan(span, resource, scope, requestId));
  }).flat();
}

function decodeScope(raw: unknown): { name: string; version?: string } {
  if (raw === undefined || raw === null) return { name: "" };
  const s = asObject(raw, ".scope");
  const scope: { name: string; version?: string } = { name: optString(s.name, ".scope.name") };
  const version = optString(s.version, ".scope.version");
  if (version !== "") scope.version = version;
  return scope;
}

/** Decodes every element of a repeated field, prefixing a failing element's index to the error. */
function each<T>(raw: unknown, path: string, decode: (element: unknown) => T): T[] {
  const list = asArray(raw, path);
  const out: T[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = decode(list[i]);
    } catch (e) {
      within(e, `${path}[${i}]`);
    }
  }
  return out;
}

function decodeSpan(raw: unknown, resource: Record<string, unknown>, scope: { name: string; version?: string }, requestId: number): ReceivedSpan {
  const s = asObject(raw, "");
  const attrs = decodeAttributes(s.attributes, ".attributes");
  const span: ReceivedSpan = {
    traceId: decodeId(s.traceId, 16, ".traceId"),
    spanId: decodeId(s.spanId, 8, ".spanId"),
    name: optString(s.name, ".name"),
    kind: decodeEnum(s.kind, SPAN_KINDS, ".kind"),
    startTimeUnixNano: decodeUint64(s.startTimeUnixNano, ".startTimeUnixNano"),
    endTimeUnixNano: decodeUint64(s.endTimeUnixNano, ".endTimeUnixNano"),
    attributes: attrs.attributes,
    attributeKeys: attrs.keys,
    droppedAttributesCount: decodeCount(s.droppedAttributesCount, ".droppedAttributesCount"),
    events: each(s.events, ".events", decodeEvent),
    droppedEventsCount: decodeCount(s.droppedEventsCount, ".droppedEventsCount"),
    links: each(s.links, ".links", decodeLink),
    droppedLinksCount: decodeCount(s.droppedLinksCount, ".droppedLinksCount"),
    status: decodeStatus(s.status),
    resource,
    scope,
    requestId,
  };
  // proto3 default: an empty parentSpanId means "root span"
  if (s.parentSpanId !== undefined && s.parentSpanId !== null && s.parentSpanId !== "") {
    span.parentSpanId = decodeId(s.parentSpanId, 8, ".parentSpanId");
  }
  return span;
}

function decodeEvent(raw: unknown): ReceivedEvent {
  const e = asObject(raw, "");
  return {
    name: optString(e.name, ".name"),
    timeUnixNano: decodeUint64(e.timeUnixNano, ".timeUnixNano"),
    attributes: decodeAttributes(e.attributes, ".attributes").attributes,
    droppedAttributesCount: decodeCount(e.droppedAttributesCount, ".droppedAttributesCount"),
  };
}

function decodeLink(raw: unknown): ReceivedLink {
  const l = asObject(raw, "");
  return {
    traceId: decodeId(l.traceId, 16, ".traceId"),
    spanId: decodeId(l.spanId, 8, ".spanId"),
    attributes: decodeAttributes(l.attributes, ".attributes").attributes,
  };
}

function decodeStatus(raw: unknown): { code: number; message?: string } {
  if (raw === undefined || raw === null) return { code: 0 };
  const s = asObject(raw, ".status");
  const status: { code: number; message?: string } = { code: decodeEnum(s.code, STATUS_CODES, ".status.code") };
  const message = optString(s.message, ".status.message");
  if (message !== "") status.message = message;
  return status;
}

function decodeAttributes(raw: unknown, path: string, depth = 0): { attributes: Record<string, unknown>; keys: string[] } {
  const attributes: Record<string, unknown> = {};
  const list = asArray(raw, path);
  const keys: string[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const kv = asObject(list[i], "");
      if (typeof kv.key !== "string") throw new OtlpDecodeError(".key: expected a string");
      keys[i] = kv.key;
      setOwn(attributes, kv.key, decodeAnyValue(kv.value, ".value", depth));
    } catch (e) {
      within(e, `${path}[${i}]`);
    }
  }
  return { attributes, keys };
}

/** Arrays and kvlists in a value, at most this deep: deeper is a 400 with this reason, never a stack overflow. */
export const MAX_NESTING = 100;

/** OTLP AnyValue → JS value. intValue beyond 2^53 stays a decimal string; bytesValue stays base64; empty → null. */
export function decodeAnyValue(raw: unknown, path: string, depth = 0): unknown {
  // the common case first, before the checks below (a JSON array has no stringValue)
  if (typeof (raw as Json | null)?.stringValue === "string") return (raw as Json).stringValue;
  if (raw === undefined || raw === null) return null;
  const v = asObject(raw, path);
  if ("stringValue" in v) {
    if (typeof v.stringValue !== "string") throw new OtlpDecodeError(`${path}.stringValue: expected a string`);
    return v.stringValue;
  }
  if ("boolValue" in v) {
    if (typeof v.boolValue !== "boolean") throw new OtlpDecodeError(`${path}.boolValue: expected a boolean`);
    return v.boolValue;
  }
  if ("intValue" in v) return decodeInt64(v.intValue, `${path}.intValue`);
  if ("doubleValue" in v) return decodeDouble(v.doubleValue, `${path}.doubleValue`);
  if (("arrayValue" in v || "kvlistValue" in v) && depth >= MAX_NESTING) throw new OtlpDecodeError(`${path}: values nested deeper than ${MAX_NESTING} levels`);
  if ("arrayValue" in v) {
    const arr = asObject(v.arrayValue, `${path}.arrayValue`);
    return each(arr.values, `${path}.arrayValue.values`, (x) => decodeAnyValue(x, "", depth + 1));
  }
  if ("kvlistValue" in v) {
    const kvl = asObject(v.kvlistValue, `${path}.kvlistValue`);
    return decodeAttributes(kvl.values, `${path}.kvlistValue.values`, depth + 1).attributes;
  }
  if ("bytesValue" in v) {
    if (typeof v.bytesValue !== "string" || !BASE64.test(v.bytesValue)) throw new OtlpDecodeError(`${path}.bytesValue: expected a base64 string`);
    return v.bytesValue;
  }
  return null;
}

const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Trace ids are 16 bytes, span ids 8. OTLP/JSON sends them as hex (32/16 chars); proto3's generic JSON mapping
 * sends base64 (24/12 chars). The lengths never overlap, so the length decides. Output is lowercase hex.
 */
export function decodeId(raw: unknown, bytes: 16 | 8, path: string): string {
  if (typeof raw !== "string") throw new OtlpDecodeError(`${path}: expected a hex string of ${bytes * 2} chars`);
  let hex: string | undefined;
  if (raw.length === bytes * 2 && HEX.test(raw)) hex = raw.toLowerCase();
  else if (raw.length === Math.ceil(bytes / 3) * 4 && BASE64.test(raw)) {
    const buf = Buffer.from(raw, "base64");
    if (buf.length === bytes) hex = buf.toString("hex");
  }
  if (hex === undefined) throw new OtlpDecodeError(`${path}: expected ${bytes * 2} hex chars, got ${JSON.stringify(raw.slice(0, 40))}`);
  if (/^0+$/.test(hex)) throw new OtlpDecodeError(`${path}: an all-zero id is invalid`);
  return hex;
}

function decodeEnum(raw: unknown, names: string[], path: string): number {
  if (raw === undefined || raw === null) return 0;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return raw;
  if (typeof raw === "string" && names.includes(raw)) return names.indexOf(raw);
  throw new OtlpDecodeError(`${path}: expected an integer enum value, got ${JSON.stringify(raw)}`);
}

/** fixed64 nanosecond timestamps: kept as decimal strings so no precision is lost. */
function decodeUint64(raw: unknown, path: string): string {
  if (raw === undefined || raw === null) return "0";
  // leading zeros dropped without a BigInt round trip (the common case has none)
  if (typeof raw === "string" && /^\d+$/.test(raw)) return raw.length > 1 && raw[0] === "0" ? BigInt(raw).toString() : raw;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return BigInt(raw).toString();
  throw new OtlpDecodeError(`${path}: expected an unsigned integer (string or number), got ${JSON.stringify(raw)}`);
}

function decodeInt64(raw: unknown, path: string): number | string {
  let big: bigint;
  if (typeof raw === "number" && Number.isInteger(raw)) big = BigInt(raw);
  else if (typeof raw === "string" && /^-?\d+$/.test(raw)) big = BigInt(raw);
  else throw new OtlpDecodeError(`${path}: expected an integer (string or number), got ${JSON.stringify(raw)}`);
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big.toString();
}

function decodeDouble(raw: unknown, path: string): number {
  if (typeof raw === "number") return raw;
  // proto3 JSON spells the non-finite doubles as strings
  if (raw === "NaN") return NaN;
  if (raw === "Infinity") return Infinity;
  if (raw === "-Infinity") return -Infinity;
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  throw new OtlpDecodeError(`${path}: expected a number, got ${JSON.stringify(raw)}`);
}

function decodeCount(raw: unknown, path: string): number {
  if (raw === undefined || raw === null) return 0;
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0) return raw;
  throw new OtlpDecodeError(`${path}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
}

function optString(raw: unknown, path: string): string {
  if (raw === undefined || raw === null) return "";
  if (typeof raw !== "string") throw new OtlpDecodeError(`${path}: expected a string`);
  return raw;
}

function asObject(raw: unknown, path: string): Json {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new OtlpDecodeError(`${path}: expected an object`);
  return raw as Json;
}

/** Repeated fields: absent or null means empty (proto3 default). */
function asArray(raw: unknown, path: string): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new OtlpDecodeError(`${path}: expected an array`);
  return raw;
}

/** Plain assignment of "__proto__" would change the prototype instead of adding a key. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
