// Human-readable lines for the CLI and test output: one per received span (and per request that carried none),
// and each session as a tree.
import type { ReceivedSpan } from "./decode.js";
import type { ReceivedSession, SessionNode, StartedSession } from "./sessions.js";
import type { RequestRecord, SpanVerdict } from "./server.js";

/** e.g. `✓ accepted  chat.completion  model  session=3f2a…  attrs=1024 dropped=476`, `(orphaned: …)` when its session does not exist */
export function formatSpanLine(span: ReceivedSpan, verdict: Pick<SpanVerdict, "accepted" | "reasons"> & { orphaned?: boolean }): string {
  if (!verdict.accepted) return `✗ rejected  ${span.name}  ${verdict.reasons.join("; ")}`;
  const eventType = String(span.attributes["honeyhive_event_type"]);
  const session = abbreviate(String(span.attributes["honeyhive.session_id"]));
  const orphaned = verdict.orphaned ? "  (orphaned: session never created — no honeyhive.session_auto_create, no /session/start)" : "";
  return `✓ accepted  ${span.name}  ${eventType}  session=${session}  attrs=${span.attributeKeys.length} dropped=${span.droppedAttributesCount}${orphaned}`;
}

function abbreviate(id: string): string {
  return id.length > 4 ? `${id.slice(0, 4)}…` : id;
}

/** For requests that never reached span decoding: `! request #3  POST /opentelemetry/v1/traces  401  missing …` */
export function formatRequestLine(r: Pick<RequestRecord, "id" | "method" | "path" | "status" | "fault" | "error">): string {
  const what = r.fault ? `fault ${r.fault}` : r.status === 0 ? "no answer" : String(r.status);
  const why = r.fault ? "" : (r.error ?? "");
  return `! request #${r.id}  ${r.method} ${r.path}  ${what}  ${why}`.trimEnd();
}

/** `✓ session started  Playground  session=caf7…  project=p` */
export function formatSessionStartLine(s: StartedSession): string {
  return `✓ session started  ${s.sessionName ?? "Session"}  session=${abbreviate(s.sessionId)}  project=${s.project}`;
}

/**
 * A session as HoneyHive shows it, e.g.
 * `session "GET /api/chat"  3f2a9c1e-…  auto-created  4 spans: chain 2, model 1, tool 1` then the tree.
 */
export function formatSession(session: ReceivedSession): string[] {
  const counts = Object.entries(session.counts).map(([type, n]) => `${type} ${n}`).join(", ");
  const how = session.createdBy === "session_start" ? "started (POST /session/start)" : "auto-created";
  const lines = [`session ${JSON.stringify(session.name)}  ${session.sessionId}  ${how}  ${session.spans.length} span${session.spans.length === 1 ? "" : "s"}${counts ? `: ${counts}` : ""}`];
  const walk = (nodes: SessionNode[], indent: string) =>
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      lines.push(`${indent}${last ? "└─" : "├─"} ${node.span.name}  ${String(node.span.attributes["honeyhive_event_type"])}`);
      walk(node.children, indent + (last ? "   " : "│  "));
    });
  walk(session.roots, "  ");
  return lines;
}

/** `orphaned  3 spans in 1 session that was never created: 7c1d…` */
export function formatOrphaned(orphaned: readonly ReceivedSpan[]): string | undefined {
  if (orphaned.length === 0) return undefined;
  const ids = [...new Set(orphaned.map((s) => abbreviate(String(s.attributes["honeyhive.session_id"]))))];
  return `orphaned  ${orphaned.length} span${orphaned.length === 1 ? "" : "s"} in ${ids.length} session${ids.length === 1 ? "" : "s"} never created (accepted, shown in no session): ${ids.join(", ")}`;
}
