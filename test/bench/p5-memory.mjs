// P5: heap held by 1,000 buffered 50-attribute spans, ours vs plain OpenTelemetry's
// BatchSpanProcessor, and heap after 100,000 exported spans (flat = no per-span state left behind).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { context, trace } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, computeSpanLimits, resolveConfig } from "../../dist/node.js";
import { fmt, median } from "./measure.mjs";
import { startSink } from "./sink.mjs";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const settle = () => { gc(); gc(); return process.memoryUsage().heapUsed; };

function fill(tracer, n) {
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan("buffered");
    for (let j = 0; j < 50; j++) span.setAttribute(`honeyhive_inputs.field_${j}`, `value ${i}-${j}`);
    span.end();
  }
}

/** Heap growth while 1,000 ended spans wait in a processor's queue (nothing exported yet). */
function bufferedHeap(makeProcessor) {
  const samples = [];
  for (let r = 0; r < 7; r++) {
    const before = settle();
    const processor = makeProcessor();
    const provider = new BasicTracerProvider({ spanLimits: computeSpanLimits(resolveConfig({}, {})), spanProcessors: [processor] });
    fill(provider.getTracer("p5"), 1000);
    samples.push(settle() - before);
    processor.shutdown = async () => {}; // drop without exporting: this run only measures the buffer
  }
  return median(samples);
}

export async function runP5() {
  const sink = await startSink();
  const big = { maxQueueSize: 4096, maxExportBatchSize: 4096 }; // both keep all 1,000 spans queued
  const ours = bufferedHeap(() => new HoneyHiveSpanProcessor({ apiKey: "hh_bench", serverUrl: sink.url, env: {}, ...big }));
  const plain = bufferedHeap(() => new BatchSpanProcessor({ export() {}, async shutdown() {} }, { ...big, scheduledDelayMillis: 3_600_000 }));

  // 100,000 spans exported through the real exporter to a loopback sink
  trace.disable();
  context.disable();
  const tracer = HoneyHiveTracer.init({ apiKey: "hh_bench", serverUrl: sink.url, env: {}, compression: "none" });
  const t = tracer.getTracer("p5");
  const heapAt = [];
  for (let k = 1; k <= 100; k++) {
    fill(t, 1_000); // bursts within maxQueueSize, as an app between flushes
    await tracer.flush();
    if (k === 10 || k === 100) heapAt.push(settle());
  }
  const stats = tracer.stats();
  await tracer.shutdown();
  await sink.close();
  const drift = (heapAt[1] - heapAt[0]) / heapAt[0];
  return {
    rows: [
      { name: "P5 heap per 1,000 buffered 50-attribute spans, ours", value: fmt(ours / 1024 / 1024), unit: "MiB" },
      { name: "P5 plain OpenTelemetry BatchSpanProcessor", value: fmt(plain / 1024 / 1024), unit: "MiB" },
      { name: "P5 ratio ours / plain", value: fmt(ours / plain), unit: "×", note: "goal ≤ 1.10" },
      { name: "P5 heap after 10k → after 100k exported spans", value: `${fmt(heapAt[0] / 1048576, 1)} → ${fmt(heapAt[1] / 1048576, 1)}`, unit: "MiB", note: `drift ${fmt(drift * 100, 1)} % (goal ±10 %); exported ${stats.exported}, failed ${stats.failed}, dropped ${stats.dropped}` },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP5()).rows);
