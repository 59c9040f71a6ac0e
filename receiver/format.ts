// One human-readable line per received span (and per request that carried none), for the CLI and test output.
import type { ReceivedSpan } from "./decode.js";
import type { RequestRecord } from "./server.js";

/** e.g. `✓ accepted  chat.completion  model  session=3f2a…  attrs=1024 dropped=476` */
export function formatSpanLine(span: ReceivedSpan, verdict: { accepted: boolean; reasons: string[] }): string {
  if (!verdict.accepted) return `✗ rejected  ${span.name}  ${verdict.reasons.join("; ")}`;
  const eventType = String(span.attributes["honeyhive_event_type"]);
  const session = abbreviate(String(span.attributes["honeyhive.session_id"]));
  return `✓ accepted  ${span.name}  ${eventType}  session=${session}  attrs=${span.attributeKeys.length} dropped=${span.droppedAttributesCount}`;
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
