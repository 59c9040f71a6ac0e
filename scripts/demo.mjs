// npm run demo: the embedded receiver, the example agent against it, and the seed's bug side by side.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { startReceiver } from "../dist/receiver.js";
import { HoneyHiveTracer } from "../dist/node.js";
import { printSpanTable } from "./table.mjs";

const DEMO_KEY = "hh_demo_local_key";

if (process.env.HH_API_KEY) {
  // with a real key the example goes to HoneyHive (HH_API_URL or the default) instead
  process.exit(await runExample({}));
}

const receiver = await startReceiver({ port: 0, apiKey: DEMO_KEY });
console.log(`local receiver on ${receiver.url} (no account needed)\n`);

console.log("1) examples/node/agent.mjs, traced with honeyhive-edge (maxAttributes 1024):");
// async spawn: the receiver lives in this process and must keep answering while the agent runs
if ((await runExample({ HH_API_KEY: DEMO_KEY, HH_API_URL: receiver.url })) !== 0) fail("the example agent failed");
printSpanTable(receiver);
const agentOk = receiver.rejected.length === 0 && receiver.accepted.length === 5;

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
await receiver.close();
if (!agentOk || !plain || !ours) fail("the demo did not show what it should");
console.log("\ndemo ok");

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
  const tracer = HoneyHiveTracer.init({ apiKey: DEMO_KEY, serverUrl: receiver.url, project: "demo-agent", env: {} });
  const span = tracer.getTracer("demo").startSpan("honeyhive-edge");
  span.setAttributes(attributes);
  span.setAttribute("honeyhive_event_type", "tool");
  span.end();
  await tracer.shutdown();
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
