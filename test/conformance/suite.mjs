// The conformance suite: written once, run unchanged inside every runtime (Node, Deno, workerd, Chromium,
// Edge). Plain ESM without imports, so each runtime loads it as it is (or inside its bundle). It only uses
// the public API of the adapter it is given, records what it saw in the runtime, and leaves the flush to the
// runtime's own mechanism (beforeExit, beforeunload, waitUntil, pagehide). What the receiver got is checked
// on the test side by receiver-checks.ts.

/** Span names, shared with the receiver-side checks. */
export const SPANS = Object.freeze({
  limits: "conformance.limits",
  coreLast: "conformance.core-last",
  thirdParty: "third-party.chat",
  truncation: "conformance.truncation",
  parent: "conformance.parent",
  child: "conformance.child",
  asyncParent: "conformance.async-parent",
  asyncChild: "conformance.async-child",
});

export const THIRD_PARTY_SCOPE = "third-party-instrumentation";
/** Attributes each filled span gets on top of the core ones: more than maxAttributes 200 allows. */
export const FILL = 300;

/** ~5 KB of 4-byte emoji, 3-byte CJK and 2-byte Latin: a byte cut that splits a character shows up as invalid UTF-8. */
export const PAYLOAD = "😀漢字é".repeat(470);

function fill(span, prefix) {
  for (let i = 0; i < FILL; i++) span.setAttribute(`${prefix}.${i}`, i);
}

/**
 * @param {object} input
 * @param {object} input.lib       the adapter module (`import * as lib from "honeyhive-edge"`)
 * @param {string} input.runtime   a name for the report
 * @param {object} [input.tracer]  a tracer the adapter made (Workers: withHoneyHive), else one is created
 * @param {object} [input.options] HoneyHiveTracer.init options (explicit config, e.g. in a browser)
 * @returns a JSON-safe report: the resolved config, the session id, and the in-runtime checks
 */
export async function runConformance({ lib, runtime, tracer, options = {} }) {
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok: Boolean(ok), detail });
  tracer ??= lib.HoneyHiveTracer.init(options);

  check("tracer.strategy is new_provider", tracer.strategy === "new_provider", tracer.strategy);
  check("limits follow config", tracer.limits.attributeCountLimit === tracer.config.maxAttributes &&
    tracer.limits.attributeValueLengthLimit === tracer.config.maxAttributeLength, tracer.limits);
  check("CORE_ATTRIBUTES exported", Array.isArray(lib.CORE_ATTRIBUTES) && lib.CORE_ATTRIBUTES.includes("honeyhive.session_id"));

  // limits: more attributes than allowed, on a span of ours
  tracer.trace(SPANS.limits, (span) => {
    fill(span, "limits");
  });

  // core attributes preserved when full: the event type is set last, after the span is full
  tracer.trace(SPANS.coreLast, (span) => {
    fill(span, "core_last");
    span.setAttribute("honeyhive_event_type", "model");
  });

  // a third-party instrumentation's span through the same provider: full, its event type detected at the end
  const thirdParty = tracer.provider.getTracer(THIRD_PARTY_SCOPE, "1.0.0");
  const chat = thirdParty.startSpan(SPANS.thirdParty, { attributes: { "gen_ai.operation.name": "chat" } });
  fill(chat, "gen_ai.prompt");
  chat.end();

  // truncation by UTF-8 bytes
  const payloadBytes = new TextEncoder().encode(PAYLOAD).length;
  check("utf8ByteLength counts bytes", lib.utf8ByteLength(PAYLOAD) === payloadBytes, { payloadBytes });
  const cut = lib.truncateUtf8(PAYLOAD, 1001);
  check("truncateUtf8 keeps characters whole", new TextEncoder().encode(cut).length <= 1001 && !/[\uD800-\uDBFF]$/.test(cut));
  tracer.trace(SPANS.truncation, (span) => {
    span.setAttribute("payload", PAYLOAD);
  });

  // nesting: synchronous (every context manager), then across an await (AsyncLocalStorage only)
  tracer.trace(SPANS.parent, () => tracer.trace(SPANS.child, () => "ok"));
  let asyncContext = false;
  await tracer.trace(SPANS.asyncParent, async (parent) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    tracer.trace(SPANS.asyncChild, (child) => {
      asyncContext = child.parentSpanContext?.spanId === parent.spanContext().spanId;
    });
  });

  const c = tracer.config;
  return {
    runtime,
    sessionId: tracer.sessionId,
    asyncContext,
    payloadBytes,
    spanCount: Object.keys(SPANS).length,
    config: {
      project: c.project,
      source: c.source,
      serverUrl: c.serverUrl,
      maxAttributes: c.maxAttributes,
      maxAttributeLength: c.maxAttributeLength,
      sources: { project: c.sources.project, maxAttributes: c.sources.maxAttributes, maxAttributeLength: c.sources.maxAttributeLength },
    },
    checks,
  };
}
