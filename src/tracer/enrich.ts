import { trace } from "@opentelemetry/api";
import { flatten } from "./flatten.js";

/** What enrichSpan accepts; each part lands under the Python SDK's prefix. */
export interface Enrichment {
  metadata?: unknown;
  outputs?: unknown;
  inputs?: unknown;
  metrics?: unknown;
  feedback?: unknown;
  config?: unknown;
}

const PREFIX: Record<keyof Enrichment, string> = {
  metadata: "honeyhive_metadata",
  outputs: "honeyhive_outputs",
  inputs: "honeyhive_inputs",
  metrics: "honeyhive_metrics",
  feedback: "honeyhive_feedback",
  config: "honeyhive_config",
};

export function enrichActiveSpan(enrichment: Enrichment): boolean {
  const span = trace.getActiveSpan();
  if (!span || enrichment == null) return false;
  for (const part of Object.keys(PREFIX) as (keyof Enrichment)[]) {
    const value = enrichment[part];
    if (value !== undefined) span.setAttributes(flatten(value, PREFIX[part]));
  }
  return true;
}
