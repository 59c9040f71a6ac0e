// Prints what the receiver got, one row per span: the demo's table.
const CORE = ["honeyhive.session_id", "honeyhive_event_type", "honeyhive.project", "honeyhive.source", "honeyhive_event_name", "honeyhive.session_auto_create"];

export function printSpanTable(receiver) {
  const rows = [
    ...receiver.accepted.map((span) => ({ span, verdict: "accepted" })),
    ...receiver.rejected.map(({ span, reasons }) => ({ span, verdict: `REJECTED (${reasons.join("; ")})` })),
  ];
  const table = rows.map(({ span, verdict }) => {
    const exported = span.attributeKeys.length;
    return {
      span: span.name,
      type: String(span.attributes["honeyhive_event_type"] ?? "—"),
      set: exported + span.droppedAttributesCount,
      exported,
      dropped: span.droppedAttributesCount,
      core: `${CORE.filter((k) => span.attributes[k] !== undefined).length}/${CORE.length}`,
      receiver: verdict,
    };
  });
  const cols = Object.keys(table[0] ?? { span: 0 });
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => String(r[c]).length))]));
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join("  ");
  console.log(line(Object.fromEntries(cols.map((c) => [c, c]))));
  console.log(cols.map((c) => "─".repeat(width[c])).join("  "));
  for (const r of table) console.log(line(r));
}
