import { trace } from "@opentelemetry/api";
import { setFlattened } from "./flatten.js";

/** What enrichSpan accepts. */
export interface Enrichment {
  metadata?: unknown;
  outputs?: unknown;
  inputs?: unknown;
  metrics?: unknown;
  feedback?: unknown;
  config?: unknown;
}

/** Each part lands under `honeyhive_<part>`, as the Python SDK puts it. */
const PARTS: readonly (keyof Enrichment)[] = ["metadata", "outputs", "inputs", "metrics", "feedback", "config"];

export function enrichActiveSpan(enrichment: Enrichment): boolean {
  const span = trace.getActiveSpan();
  if (!span || enrichment == null) return false;
  for (const part of PARTS) {
    const value = enrichment[part];
    if (value !== undefined) setFlattened(span, value, `honeyhive_${part}`, part === "outputs" || part === "metrics");
  }
  return true;
}
