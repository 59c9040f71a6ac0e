// P1: a 100-attribute span; P2: 5,000 attributes into a limit of 1,024 with core keys set last.
// Ours (HoneyHiveSpanProcessor on a WebTracerProvider with computeSpanLimits) vs plain
// @opentelemetry/sdk-trace-web with the same limits, same process, interleaved rounds.
// Export is off on both sides so the numbers are the span path alone (P7 measures export).
import { WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import { HoneyHiveSpanProcessor, computeSpanLimits, resolveConfig } from "../../dist/node.js";
import { compare, fmt } from "./measure.mjs";

const CORE = {
  "honeyhive.session_id": "bench-session",
  "traceloop.association.properties.session_id": "bench-session",
  "honeyhive.project": "bench",
  "honeyhive.source": "dev",
  // without it HoneyHive accepts the span but shows it in no session (issue 12): part of the job since then
  "honeyhive.session_auto_create": true,
};

function providers(maxAttributes) {
  const options = { maxAttributes, serverUrl: "https://unused.invalid", env: {} };
  const limits = computeSpanLimits(resolveConfig(options, {}));
  const silent = console.warn;
  console.warn = () => {}; // "no API key" warning: export is off on purpose
  const processor = new HoneyHiveSpanProcessor(options);
  console.warn = silent;
  return {
    ours: new WebTracerProvider({ spanLimits: limits, spanProcessors: [processor] }).getTracer("bench"),
    plain: new WebTracerProvider({ spanLimits: limits }).getTracer("bench"),
  };
}

const keys = (n) => Array.from({ length: n }, (_, i) => `honeyhive_inputs.messages.${i}.content`);

export async function runP1P2() {
  const rows = [];
  {
    const { ours, plain } = providers(1024);
    const k = keys(100);
    const span100 = (tracer, byHand) => (ops) => {
      for (let i = 0; i < ops; i++) {
        const span = tracer.startSpan("llm.chat");
        // the same job by hand: what a plain-OpenTelemetry app must set for HoneyHive to accept the span
        if (byHand) span.setAttributes(CORE).setAttribute("honeyhive_event_name", "llm.chat");
        for (let j = 0; j < 100; j++) span.setAttribute(k[j], "a short message");
        if (byHand) span.setAttribute("honeyhive_event_type", "model");
        span.end();
      }
    };
    const r = compare({ ours: span100(ours, false), plainSameJob: span100(plain, true), plainBare: span100(plain, false) }, { ops: 2000, rounds: 25 });
    rows.push({ name: "P1 100-attribute span, ours", value: fmt(r.ours / 1000), unit: "µs/span" });
    rows.push({ name: "P1 plain OpenTelemetry setting the core keys by hand", value: fmt(r.plainSameJob / 1000), unit: "µs/span" });
    rows.push({ name: "P1 ratio ours / plain (same job)", value: fmt(r.ours / r.plainSameJob), unit: "×", note: "goal ≤ 1.10" });
    rows.push({ name: "P1 ratio ours / plain bare (no core keys at all)", value: fmt(r.ours / r.plainBare), unit: "×", note: "for transparency: bare spans are rejected by HoneyHive" });
  }
  {
    const { ours, plain } = providers(1024);
    const k = keys(5000);
    let kept = {};
    const span5000 = (name, tracer) => (ops) => {
      for (let i = 0; i < ops; i++) {
        const span = tracer.startSpan("tool.search");
        for (let j = 0; j < 5000; j++) span.setAttribute(k[j], "result text");
        span.setAttributes(CORE).setAttribute("honeyhive_event_type", "tool"); // core set last
        span.end();
        kept[name] = span.attributes["honeyhive.session_id"] !== undefined && span.attributes["honeyhive_event_type"] !== undefined;
      }
    };
    const r = compare({ ours: span5000("ours", ours), plain: span5000("plain", plain) }, { ops: 30, rounds: 61 });
    rows.push({ name: "P2 5,000 attributes into 1,024, core set last, ours", value: fmt(r.ours / 1000), unit: "µs/span", note: `core kept: ${kept.ours}` });
    rows.push({ name: "P2 plain OpenTelemetry", value: fmt(r.plain / 1000), unit: "µs/span", note: `core kept: ${kept.plain}` });
    rows.push({ name: "P2 ratio ours / plain", value: fmt(r.ours / r.plain), unit: "×", note: "goal ≤ 1.25" });
  }
  return { rows };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP1P2()).rows);
