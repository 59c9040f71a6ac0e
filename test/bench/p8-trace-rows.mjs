// P8: trace() with large inputs: 1e6 rows must cost ≤ 10× 1e4 rows (flattening builds only the keys a span
// can hold and counts the rest). Export is off (no API key): the numbers are the span path alone.
import { HoneyHiveTracer } from "../../dist/node.js";
import { fmt, median } from "./measure.mjs";

const rowsOf = (n) => Array.from({ length: n }, (_, i) => ({ id: i, text: `row ${i}`, score: i / 7 }));

/** Interleaved calls (same heap for both sizes), median ms per call of each. */
function timeTrace(tracer, inputs, rounds) {
  const ms = inputs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    inputs.forEach((rows, i) => {
      const t0 = process.hrtime.bigint();
      tracer.trace("load.rows", () => rows.length, { inputs: { rows } });
      ms[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return ms.map((m) => median(m.slice(3)));
}

export async function runP8() {
  const silent = console.warn;
  console.warn = () => {}; // "no API key": export is off on purpose
  const tracer = HoneyHiveTracer.init({ serverUrl: "https://unused.invalid", env: {} });
  console.warn = silent;
  const small = rowsOf(1e4);
  const large = rowsOf(1e6);
  const heap0 = process.memoryUsage().heapUsed;
  const [t4, t6] = timeTrace(tracer, [small, large], 23);
  const heap1 = process.memoryUsage().heapUsed;
  await tracer.shutdown();
  return {
    rows: [
      { name: "P8 trace() with 1e4 input rows", value: fmt(t4, 3), unit: "ms", note: "median of 20 calls of rows { id, text, score }, interleaved with the 1e6 case (same heap)" },
      { name: "P8 trace() with 1e6 input rows", value: fmt(t6, 3), unit: "ms", note: `median of 20, interleaved; heap growth over the run ${fmt((heap1 - heap0) / 2 ** 20, 1)} MiB` },
      { name: "P8 ratio 1e6 / 1e4 rows", value: fmt(t6 / t4), unit: "×", note: "goal ≤ 10 (work follows maxAttributes, not the input)" },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP8()).rows);
