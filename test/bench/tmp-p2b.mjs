import { WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import * as mine from "/work/wt/llmdata/dist/node.js";
import * as base from "/tmp/base/dist/node.js";
console.warn = () => {};
const mk = (m) => { const options = { maxAttributes: 1024, serverUrl: "https://unused.invalid", env: {} };
  return new WebTracerProvider({ spanLimits: m.computeSpanLimits(m.resolveConfig(options, {})), spanProcessors: [new m.HoneyHiveSpanProcessor(options)] }).getTracer("b"); };
const plain = new WebTracerProvider({ spanLimits: { attributeCountLimit: 1024 } }).getTracer("p");
const t = { mine: mk(mine), base: mk(base), plain };
const k = Array.from({ length: 5000 }, (_, i) => `honeyhive_inputs.messages.${i}.content`);
const CORE = { "honeyhive.session_id": "s", "traceloop.association.properties.session_id": "s", "honeyhive.project": "b", "honeyhive.source": "dev" };
const acc = {}; const cpu = {};
for (let r = 0; r < 40; r++) for (const name of r % 2 ? ["mine", "base", "plain"] : ["plain", "base", "mine"]) {
  const c0 = process.cpuUsage();
  const tr = t[name]; const a = acc[name] ??= [0, 0, 0, 0];
  for (let i = 0; i < 20; i++) {
    const t0 = process.hrtime.bigint(); const s = tr.startSpan("x");
    for (let j = 0; j < 1024; j++) s.setAttribute(k[j], "result text");
    const t1 = process.hrtime.bigint();
    for (let j = 1024; j < 5000; j++) s.setAttribute(k[j], "result text");
    const t2 = process.hrtime.bigint(); s.setAttributes(CORE).setAttribute("honeyhive_event_type", "tool");
    const t3 = process.hrtime.bigint(); s.end(); const t4 = process.hrtime.bigint();
    if (r >= 5) { a[0] += Number(t1 - t0); a[1] += Number(t2 - t1); a[2] += Number(t3 - t2); a[3] += Number(t4 - t3); }
  }
  const c = process.cpuUsage(c0); if (r >= 5) (cpu[name] ??= []).push((c.user + c.system) / 20);
}
for (const [n, a] of Object.entries(acc)) console.log(n, a.map((x) => (x / 700 / 1000).toFixed(1)).join(" µs, "), "total", (a.reduce((x, y) => x + y) / 700 / 1000).toFixed(1));
const med = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log("cpu µs/span median", Object.entries(cpu).map(([n, v]) => `${n} ${med(v).toFixed(0)}`).join(", "), "ratios mine/plain", (med(cpu.mine) / med(cpu.plain)).toFixed(2), "base/plain", (med(cpu.base) / med(cpu.plain)).toFixed(2));
