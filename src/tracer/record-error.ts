import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { describeError } from "../log.js";

/**
 * Marks the span as failed by `err` (an `exception` event, status ERROR) and returns the error's description.
 * Never throws, whatever was thrown (a null-prototype object, a Proxy, an Error with throwing getters):
 * it runs in the catch path of the app's own code, whose error must come out unchanged.
 */
export function recordError(span: Span, err: unknown): string {
  const message = describeError(err); // never throws
  try {
    span.recordException(err instanceof Error ? err : message);
  } catch {
    try {
      span.recordException(message); // the Error itself was unreadable (throwing getters): its description
    } catch {
      // not our span, and it throws on a string: nothing more to record
    }
  }
  try {
    span.setStatus({ code: SpanStatusCode.ERROR, message });
  } catch {
    // as above
  }
  return message;
}
