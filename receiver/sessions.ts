// HoneyHive's session rule, as its OTLP guide states it: a span joins a session only if that session exists —
// created by a span carrying honeyhive.session_auto_create = true, or by POST /session/start. Otherwise the span
// is accepted (200) and shown in no session: orphaned. Only span attributes count (the ingest reads no resource).
import type { ReceivedSpan } from "./decode.js";

export const ATTR_SESSION_ID = "honeyhive.session_id";
export const ATTR_SESSION_AUTO_CREATE = "honeyhive.session_auto_create";
export const ATTR_SESSION_NAME = "honeyhive.session_name";
/** HoneyHive names a session this when nothing else does. */
export const DEFAULT_SESSION_NAME = "Session";

/** The session id a span belongs to, in HoneyHive's order: honeyhive.session_id > traceloop's > session.id. */
export function spanSessionId(span: Pick<ReceivedSpan, "attributes">): string | undefined {
  for (const key of [ATTR_SESSION_ID, "traceloop.association.properties.session_id", "session.id"]) {
    const v = span.attributes[key];
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}

/** What `POST /session/start` recorded (HoneyHive's body: `{ session: { project, session_name, source, session_id?, … } }`). */
export interface StartedSession {
  sessionId: string;
  project: string;
  sessionName?: string;
  source?: string;
  /** The whole `session` object as posted (inputs, metadata, user_properties, …). */
  body: Record<string, unknown>;
}

export interface SessionNode {
  span: ReceivedSpan;
  children: SessionNode[];
}

export interface ReceivedSession {
  sessionId: string;
  /** From /session/start, else the first honeyhive.session_name on a creating span (in any order), else "Session". */
  name: string;
  /** How it came to exist. */
  createdBy: "session_start" | "auto_create";
  project?: string;
  source?: string;
  spans: ReceivedSpan[];
  /** The spans as a tree (parent links within the session); a span whose parent is not here is a root. */
  roots: SessionNode[];
  /** Spans per honeyhive_event_type, e.g. { chain: 1, model: 2, tool: 3 }. */
  counts: Record<string, number>;
}

/** The sessions that exist and the span ids that were orphaned, kept as spans arrive. */
export class SessionBook {
  readonly started = new Map<string, StartedSession>();
  /** Sessions created by a span's auto-create flag: id → the name that span carried. */
  readonly #autoCreated = new Map<string, string | undefined>();

  /** Records a POST /session/start. */
  start(session: StartedSession): void {
    this.started.set(session.sessionId, session);
  }

  /** Takes note of the sessions a request's spans create (before any of them is judged, as one batch). */
  noteCreators(spans: readonly ReceivedSpan[]): void {
    for (const span of spans) {
      const id = spanSessionId(span);
      if (id === undefined || span.attributes[ATTR_SESSION_AUTO_CREATE] !== true) continue;
      // the first name seen names it: services that continue a session do not know its name, the one that started it does
      const name = span.attributes[ATTR_SESSION_NAME];
      if (this.#autoCreated.get(id) === undefined) this.#autoCreated.set(id, typeof name === "string" && name !== "" ? name : undefined);
    }
  }

  exists(sessionId: string | undefined): boolean {
    return sessionId !== undefined && (this.started.has(sessionId) || this.#autoCreated.has(sessionId));
  }

  /** Groups accepted spans into the sessions that exist (in the order they were first seen); the rest are orphaned. */
  group(accepted: readonly ReceivedSpan[]): { sessions: ReceivedSession[]; orphaned: ReceivedSpan[] } {
    const bySession = new Map<string, ReceivedSpan[]>();
    const orphaned: ReceivedSpan[] = [];
    for (const span of accepted) {
      const id = spanSessionId(span);
      if (id === undefined || !this.exists(id)) {
        orphaned.push(span);
        continue;
      }
      let list = bySession.get(id);
      if (!list) bySession.set(id, (list = []));
      list.push(span);
    }
    // a started session with no span yet still exists
    for (const id of this.started.keys()) if (!bySession.has(id)) bySession.set(id, []);
    const sessions = [...bySession].map(([id, spans]) => this.#session(id, spans));
    return { sessions, orphaned };
  }

  clear(): void {
    this.started.clear();
    this.#autoCreated.clear();
  }

  #session(sessionId: string, spans: ReceivedSpan[]): ReceivedSession {
    const started = this.started.get(sessionId);
    const counts: Record<string, number> = {};
    for (const s of spans) {
      const type = String(s.attributes["honeyhive_event_type"] ?? "unknown");
      counts[type] = (counts[type] ?? 0) + 1;
    }
    const first = spans[0]?.attributes;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      sessionId,
      name: started?.sessionName ?? this.#autoCreated.get(sessionId) ?? DEFAULT_SESSION_NAME,
      createdBy: started ? "session_start" : "auto_create",
      project: started?.project ?? str(first?.["honeyhive.project"]),
      source: started?.source ?? str(first?.["honeyhive.source"]),
      spans,
      roots: buildTree(spans),
      counts,
    };
  }
}

/** Parent links within one session, spans in start order; a span whose parent is absent is a root. */
export function buildTree(spans: readonly ReceivedSpan[]): SessionNode[] {
  const sorted = [...spans].sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
  const nodes = new Map<string, SessionNode>();
  for (const span of sorted) nodes.set(`${span.traceId}:${span.spanId}`, { span, children: [] });
  const roots: SessionNode[] = [];
  for (const node of nodes.values()) {
    const { traceId, parentSpanId } = node.span;
    const parent = parentSpanId ? nodes.get(`${traceId}:${parentSpanId}`) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * Reads a POST /session/start body; returns the session, or why HoneyHive would refuse it (HTTP 400).
 * `project` is required, as in HoneyHive's session API; a missing session_id gets a new UUID.
 */
export function parseSessionStart(json: unknown): StartedSession | string {
  const session = (json as { session?: unknown } | null)?.session;
  if (typeof session !== "object" || session === null || Array.isArray(session)) return 'body must be { "session": { "project": …, … } }';
  const s = session as Record<string, unknown>;
  for (const key of ["project", "session_name", "source", "session_id"]) {
    if (s[key] !== undefined && s[key] !== null && typeof s[key] !== "string") return `session.${key} must be a string`;
  }
  if (typeof s.project !== "string" || s.project === "") return "session.project is required";
  const opt = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    sessionId: opt(s.session_id) ?? crypto.randomUUID(),
    project: s.project,
    sessionName: opt(s.session_name),
    source: opt(s.source),
    body: s,
  };
}
