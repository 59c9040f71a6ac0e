/** Attributes the HoneyHive backend needs on every span; it rejects a span without session id or event type. */
export const ATTR_SESSION_ID = "honeyhive.session_id";
export const ATTR_PROJECT = "honeyhive.project";
export const ATTR_SOURCE = "honeyhive.source";
export const ATTR_EVENT_TYPE = "honeyhive_event_type";
export const ATTR_EVENT_NAME = "honeyhive_event_name";
export const ATTR_PARENT_ID = "honeyhive.parent_id";
/** Always true: without it HoneyHive accepts a span of an unknown session and shows it in none (duplicates are no-ops). */
export const ATTR_SESSION_AUTO_CREATE = "honeyhive.session_auto_create";
/** The session's display name, when one is known (HoneyHive's default is "Session"). */
export const ATTR_SESSION_NAME = "honeyhive.session_name";
/** Traceloop-instrumented apps carry the session here; kept for compatibility. */
export const ATTR_TRACELOOP_SESSION_ID = "traceloop.association.properties.session_id";

export const CORE_ATTRIBUTES: readonly string[] = Object.freeze([
  ATTR_SESSION_ID,
  ATTR_PROJECT,
  ATTR_SOURCE,
  ATTR_EVENT_TYPE,
  ATTR_EVENT_NAME,
  ATTR_PARENT_ID,
  ATTR_SESSION_AUTO_CREATE,
  ATTR_SESSION_NAME,
  ATTR_TRACELOOP_SESSION_ID,
]);

const CORE_SET: ReadonlySet<string> = new Set(CORE_ATTRIBUTES);

export function isCoreAttribute(key: string): boolean {
  return CORE_SET.has(key);
}
