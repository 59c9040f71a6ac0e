// npm run demo: the embedded receiver, the example agent against it, and the seed's bug side by side.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { formatOrphaned, formatSession, startReceiver } from "../dist/receiver.js";
import { HoneyHiveTracer } from "../dist/node.js";
import { printSpanTable } from "./table.mjs";

const DEMO_KEY = "hh_demo_local_key";
let demoTracer; // sections 2 and 3 share one tracer

if (process.env.HH_API_KEY) {
  // with a real key the example goes to HoneyHive (HH_API_URL or the default) instead
  process.exit(await runExample({}));
}

const receiver = await startReceiver({ port: 0, apiKey: DEMO_KEY });
console.log(`local receiver on ${receiver.url} (no account needed)\n`);

console.log("1) examples/node/agent.mjs, traced with honeyhive-edge (maxAttributes 1024):");
// async spawn: the receiver lives in this process and must keep answering while the agent runs
if ((await runExample({ HH_API_KEY: DEMO_KEY, HH_API_URL: receiver.url, HH_SESSION_NAME: "weather in Tokyo" })) !== 0) fail("the example agent failed");
printSpanTable(receiver);
console.log("\nAs HoneyHive shows them: one session (every span says honeyhive.session_auto_create = true):");
const agentSessions = printSessions(receiver);
const agentOk = receiver.rejected.length === 0 && receiver.accepted.length === 5 && agentSessions.sessions.length === 1 && agentSessions.orphaned.length === 0;

console.log("\n2) The seed's bug: the same 1,500-attribute tool span, side by side:");
receiver.clear();
const toolResponse = Object.fromEntries(
  Array.from({ length: 1500 }, (_, i) => [`honeyhive_outputs.results.${i}`, `結果 ${i} ☀️`]),
);
await plainOpenTelemetry(toolResponse);
await honeyhiveEdge(toolResponse);
printSpanTable(receiver);
const plain = receiver.rejected.find((r) => r.span.name === "plain-opentelemetry");
const ours = receiver.accepted.find((s) => s.name === "honeyhive-edge");
console.log(
  `\nplain OpenTelemetry (limit 128): ${plain ? `REJECTED — ${plain.reasons.join("; ")}` : "accepted?!"}` +
    `\nhoneyhive-edge:                  ${ours ? "ACCEPTED — all core attributes present" : "missing?!"}`,
);

console.log("\n3) Sessions: a small span with session id and event type, through plain OpenTelemetry and honeyhive-edge:");
receiver.clear();
await plainOpenTelemetry({});
await honeyhiveEdge({});
const grouped = printSessions(receiver);
const orphanedPlain = grouped.orphaned.some((s) => s.name === "plain-opentelemetry");
const inSession = grouped.sessions.some((s) => s.spans.some((x) => x.name === "honeyhive-edge"));
console.log(
  `\nplain OpenTelemetry: ${orphanedPlain ? "accepted but ORPHANED — HoneyHive never creates its session" : "in a session?!"}` +
    `\nhoneyhive-edge:      ${inSession ? "in its session (auto-created by the first span)" : "orphaned?!"}`,
);
await demoTracer.shutdown();
await receiver.close();
if (!agentOk || !plain || !ours || !orphanedPlain || !inSession) fail("the demo did not show what it should");
console.log("\ndemo ok");

/** Each session as a tree (session → chain → model/tool), then the spans of no session. */
function printSessions(r) {
  const grouped = r.sessions();
  for (const session of grouped.sessions) for (const line of formatSession(session)) console.log(line);
  const lost = formatOrphaned(grouped.orphaned);
  if (lost) console.log(lost);
  return grouped;
}

/** What most apps do today: default SpanLimits (128), event type known only at the end. */
async function plainOpenTelemetry(attributes) {
  const exporter = new OTLPTraceExporter({
    url: `${receiver.url}/opentelemetry/v1/traces`,
    headers: { Authorization: `Bearer ${DEMO_KEY}` },
  });
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const span = provider.getTracer("plain").startSpan("plain-opentelemetry", {
    attributes: { "honeyhive.session_id": "demo-session", "honeyhive.project": "demo-agent" },
  });
  span.setAttributes(attributes);
  span.setAttribute("honeyhive_event_type", "tool"); // set last: dropped, the span is full
  span.end();
  // the receiver answers 400 (event type missing), which OpenTelemetry's exporter reports as an error
  await provider.shutdown().catch(() => {});
}

async function honeyhiveEdge(attributes) {
  // a second init would find our provider registered already
  const tracer = (demoTracer ??= HoneyHiveTracer.init({ apiKey: DEMO_KEY, serverUrl: receiver.url, project: "demo-agent", env: {} }));
  const span = tracer.getTracer("demo").startSpan("honeyhive-edge");
  span.setAttributes(attributes);
  span.setAttribute("honeyhive_event_type", "tool");
  span.end();
  await tracer.flush();
}

async function runExample(env) {
  const child = spawn(process.execPath, ["examples/node/agent.mjs"], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...env } });
  const [code] = await once(child, "exit");
  return code ?? 1;
}

function fail(message) {
  console.error(`demo failed: ${message}`);
  process.exit(1);
}
