import type { Attributes } from "@opentelemetry/api";

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

function walk(value: unknown, key: string, out: Attributes, seen: Set<object>, depth: number): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      if (key !== "") out[key] = value;
      return;
    case "number":
      if (key !== "") out[key] = Number.isFinite(value) ? value : String(value);
      return;
    case "bigint":
      if (key !== "") out[key] = value.toString();
      return;
    case "object":
      if (value !== null) break;
    // eslint-disable-next-line no-fallthrough
    default:
      return; // null, undefined, functions, symbols
  }
  const obj = value as object;
  // a value that stands for the whole object, checked in this order
  const whole =
    obj instanceof Date
      ? Number.isNaN(obj.getTime())
        ? "Invalid Date"
        : obj.toISOString()
      : obj instanceof Error
        ? `${obj.name}: ${obj.message}`
        : seen.has(obj)
          ? "[Circular]"
          : depth >= MAX_DEPTH
            ? "[Truncated: too deep]"
            : undefined;
  if (whole !== undefined) {
    out[key] = whole;
    return;
  }
  seen.add(obj);
  const entries: [string, unknown][] = Array.isArray(obj)
    ? obj.map((v, i) => [String(i), v])
    : Object.keys(obj).map((k) => {
        try {
          return [k, (obj as Record<string, unknown>)[k]];
        } catch {
          return [k, "[Unreadable]"];
        }
      });
  for (const [k, v] of entries) {
    if (k === "") continue; // an empty key segment would produce "a." keys the backend can't address
    walk(v, key === "" ? k : `${key}.${k}`, out, seen, depth + 1);
  }
  seen.delete(obj);
}
