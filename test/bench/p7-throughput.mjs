// P7: spans per second through batch export to the loopback receiver, end to end (spans created → every
// one accepted by the receiver). Ours (HoneyHiveTracer, dist/node.js) vs plain OpenTelemetry
// (BatchSpanProcessor + @opentelemetry/exporter-trace-otlp-http) in the same run, interleaved rounds.
//
// Two shapes of load: "steady" produces spans 100 per macrotask, as a server handling requests does, so
// export runs alongside production (our exporter keeps up to four requests in flight, overlapping encoding with
// the receiver's decoding; BatchSpanProcessor exports one batch at a time); "burst" creates all spans in
// one synchronous loop, then flushes. Besides wall-clock throughput, the client's CPU time per span
// (span creation + processing + encoding + HTTP, process.cpuUsage) is reported: it is what the exporter
// costs the app, independent of the receiver.
//
// The receiver runs in a child process (this file, with --receiver): its JSON decoding then competes with
// neither exporter for the event loop, and both pay for it the same. Both sides get a queue that holds
// the whole run (no drops), batches of 512, the same span shape; the plain spans carry HoneyHive's two
// required attributes by hand, else the receiver would reject them.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median, fmt } from "./measure.mjs";

const SPANS = Number(process.env.P7_SPANS ?? 20_000);
const ROUNDS = Number(process.env.P7_ROUNDS ?? 5);
const KEY = "hh_bench_key_p7_0000";
const here = fileURLToPath(import.meta.url);

/** ~20 attributes, ~1.5 KB per span: an LLM call's flattened inputs/outputs. */
function attributes(i) {
  const a = { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-x", "llm.tokens": 120 + (i % 50) };
  for (let m = 0; m < 8; m++) {
    a[`honeyhive_inputs.messages.${m}.role`] = m % 2 ? "assistant" : "user";
    a[`honeyhive_inputs.messages.${m}.content`] = `message ${m} of call ${i}: ${"lorem ipsum dolor sit amet ".repeat(6)}`;
  }
  return a;
}
const CORE = { "honeyhive.session_id": "bench-session", honeyhive_event_type: "model" };

async function receiverChild() {
  const { startReceiver } = await import("../../dist/receiver.js");
  let waiting; // { n, answer } while the parent waits for n spans
  const check = () => {
    if (waiting && receiver.accepted.length >= waiting.n) waiting.answer();
  };
  const receiver = await startReceiver({ port: 0, apiKey: KEY, onRequest: check });
  process.on("message", (m) => {
    // answers as soon as a request brings the count to n (or after 10 s with what there is): a run's end
    if (m?.waitFor) {
      const timer = setTimeout(() => waiting.answer(), 10_000);
      waiting = {
        n: m.waitFor,
        answer: () => {
          clearTimeout(timer);
          waiting = undefined;
          process.send({ accepted: receiver.accepted.length, rejected: receiver.rejected.length, duplicates: receiver.duplicates });
        },
      };
      check();
    }
    if (m === "clear") {
      receiver.clear();
      process.send({ cleared: true });
    }
    if (m === "close") receiver.close().then(() => process.exit(0));
  });
  process.on("disconnect", () => process.exit(0)); // the parent is gone (even if it crashed): so are we
  process.send({ url: receiver.url });
}

function startChild() {
  const child = fork(here, ["--receiver"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = (msg) => new Promise((resolve) => { child.once("message", resolve); if (msg) child.send(msg); });
  return { child, ask };
}

/** Yields to the event loop every 100 spans in "steady" mode, as request handlers would. */
async function produce(n, mode, make) {
  for (let i = 0; i < n; i++) {
    make(i);
    if (mode === "steady" && i % 100 === 99) await new Promise((r) => setImmediate(r));
  }
}

async function ours(url, compression) {
  const { HoneyHiveTracer } = await import("../../dist/node.js");
  const tracer = HoneyHiveTracer.init({ apiKey: KEY, serverUrl: url, project: "bench", env: {}, maxQueueSize: SPANS, compression });
  const t = tracer.getTracer("bench");
  return {
    async run(n, mode) {
      await produce(n, mode, (i) => t.startSpan("llm.chat", { attributes: attributes(i) }).end());
      await tracer.flush();
    },
    close: () => tracer.shutdown(),
  };
}

async function plain(url, compression) {
  const { BasicTracerProvider, BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  // concurrencyLimit: its default (30) makes forceFlush of a large burst fail with "Concurrent export limit reached"
  const exporter = new OTLPTraceExporter({ url: `${url}/opentelemetry/v1/traces`, headers: { Authorization: `Bearer ${KEY}` }, compression, concurrencyLimit: Math.ceil(SPANS / 512) + 1 });
  const processor = new BatchSpanProcessor(exporter, { maxQueueSize: SPANS, maxExportBatchSize: 512, scheduledDelayMillis: 1000 });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const t = provider.getTracer("bench");
  return {
    async run(n, mode) {
      await produce(n, mode, (i) => t.startSpan("llm.chat", { attributes: { ...CORE, ...attributes(i) } }).end());
      await provider.forceFlush();
    },
    close: () => provider.shutdown(),
  };
}

const CASES = [
  ["steady", "none"],
  ["steady", "gzip"],
  ["burst", "none"],
];

export async function runP7() {
  const { trace, context } = await import("@opentelemetry/api");
  const { child, ask } = startChild();
  const { url } = await ask();
  const results = {};
  const silence = console.warn;
  console.warn = () => {};
  try {
    for (const [mode, compression] of CASES) {
      const impls = { ours: () => ours(url, compression), plain: () => plain(url, compression) };
      const samples = { ours: { rate: [], cpu: [] }, plain: { rate: [], cpu: [] } };
      for (let r = 0; r < ROUNDS + 1; r++) {
        for (const name of r % 2 ? ["plain", "ours"] : ["ours", "plain"]) {
          await ask("clear");
          const impl = await impls[name]();
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          await impl.run(SPANS, mode);
          // BatchSpanProcessor's forceFlush does not wait for an export its timer already started: the run
          // ends when the receiver has every span (ours is there when flush() resolves)
          const got = await ask({ waitFor: SPANS });
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          await impl.close();
          trace.disable(); // each round starts with no global provider
          context.disable();
          if (got.accepted !== SPANS || got.rejected || got.duplicates) throw new Error(`${name} ${mode}/${compression}: receiver got ${JSON.stringify(got)} of ${SPANS}`);
          if (r === 0) continue; // warm-up
          samples[name].rate.push((SPANS / ms) * 1000);
          samples[name].cpu.push((cpu.user + cpu.system) / SPANS);
        }
      }
      results[`${mode}/${compression}`] = Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, { rate: median(s.rate), cpu: median(s.cpu) }]));
    }
  } finally {
    console.warn = silence;
    child.send("close");
  }
  const rows = [];
  for (const [key, { ours: o, plain: p }] of Object.entries(results)) {
    const [mode, compression] = key.split("/");
    const what = `${mode}, JSON${compression === "gzip" ? " + gzip" : ""}`;
    const note = `${SPANS} spans of ~20 attributes, batches of 512, median of ${ROUNDS} interleaved rounds`;
    rows.push({ name: `P7 export throughput (${what}), ours`, value: Math.round(o.rate), unit: "spans/s", note });
    rows.push({ name: `P7 export throughput (${what}), plain OpenTelemetry`, value: Math.round(p.rate), unit: "spans/s", note: "BatchSpanProcessor + exporter-trace-otlp-http" });
    rows.push({ name: `P7 ratio ours / plain (${what})`, value: fmt(o.rate / p.rate), unit: "×", note: "goal ≥ 1.5" });
    rows.push({ name: `P7 client CPU per span (${what}), ours / plain`, value: `${fmt(o.cpu, 1)} / ${fmt(p.cpu, 1)}`, unit: "µs", note: "span path + processing + encoding + HTTP" });
  }
  return { rows };
}

if (process.argv.includes("--receiver")) await receiverChild();
else if (process.argv[1] === here) console.table((await runP7()).rows);
