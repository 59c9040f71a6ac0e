// HoneyHive's ingest rule: a span without a session id or an event type is rejected (HTTP 400).
import type { ReceivedSpan } from "./decode.js";

/** The attributes HoneyHive's backend requires on every span. */
export const REQUIRED_ATTRIBUTES = ["honeyhive.session_id", "honeyhive_event_type"] as const;

export interface Verdict {
  accepted: boolean;
  /** Human-readable reasons, e.g. "missing honeyhive.session_id, honeyhive_event_type"; empty when accepted. */
  reasons: string[];
  /** The required keys that were absent, null or the empty string. */
  missing: string[];
}

export function validateSpan(span: Pick<ReceivedSpan, "attributes">): Verdict {
  const missing = REQUIRED_ATTRIBUTES.filter((key) => {
    const value = Object.hasOwn(span.attributes, key) ? span.attributes[key] : undefined;
    return value === undefined || value === null || value === "";
  });
  return { accepted: missing.length === 0, reasons: missing.length ? [`missing ${missing.join(", ")}`] : [], missing };
}
