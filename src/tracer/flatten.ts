import type { AttributeValue, Attributes } from "@opentelemetry/api";

const MAX_DEPTH = 12;

/**
 * Flattens a value into span attributes the way the Python SDK does:
 * `{ messages: [{ content }] }` under `honeyhive_inputs` → `honeyhive_inputs.messages.0.content`.
 * Total over hostile input: cycles, getters that throw, BigInt, symbols, functions never escape.
 */
export function flatten(value: unknown, prefix: string, out: Attributes = {}): Attributes {
  walk(value, prefix, out, new Set(), 0);
  return out;
}

function primitive(value: unknown): AttributeValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    default:
      return undefined;
  }
}

function walk(value: unknown, key: string, out: Attributes, seen: Set<object>, depth: number): void {
  if (value == null || typeof value === "function" || typeof value === "symbol") return;
  const p = primitive(value);
  if (p !== undefined) {
    if (key !== "") out[key] = p;
    return;
  }
  const obj = value as object;
  if (obj instanceof Date) {
    out[key] = Number.isNaN(obj.getTime()) ? "Invalid Date" : obj.toISOString();
    return;
  }
  if (obj instanceof Error) {
    out[key] = `${obj.name}: ${obj.message}`;
    return;
  }
  if (seen.has(obj)) {
    out[key] = "[Circular]";
    return;
  }
  if (depth >= MAX_DEPTH) {
    out[key] = "[Truncated: too deep]";
    return;
  }
  seen.add(obj);
  const entries: Iterable<[string, unknown]> = Array.isArray(obj)
    ? obj.map((v, i) => [String(i), v] as [string, unknown])
    : safeEntries(obj);
  for (const [k, v] of entries) {
    if (k === "") continue; // an empty key segment would produce "a." keys the backend can't address
    walk(v, key === "" ? k : `${key}.${k}`, out, seen, depth + 1);
  }
  seen.delete(obj);
}

function safeEntries(obj: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(obj)) {
    try {
      out.push([k, (obj as Record<string, unknown>)[k]]);
    } catch {
      out.push([k, "[Unreadable]"]);
    }
  }
  return out;
}
