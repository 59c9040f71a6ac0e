// Peak RSS of an app whose export gets a 300 MiB answer (issue 14, item 6): `node test/bench/answer-rss.mjs`
// (after `npm run build`). The server (this process) streams the answer; the app, a child process with
// dist/node.js, exports 5 spans once and reports its peak RSS (VmHWM) and what the tracer counted.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startHugeAnswer } from "../helpers/huge-answer.mjs";

const TOTAL = 300 * 1024 * 1024;

if (process.argv[2] === "app") {
  const { HoneyHiveTracer } = await import(new URL("../../dist/node.js", import.meta.url).href);
  const tracer = HoneyHiveTracer.init({ apiKey: "hh_bench_key", serverUrl: process.argv[3], env: {}, exportDeadlineMillis: 60_000, exportTimeoutMillis: 60_000 });
  console.error = () => {};
  for (let i = 0; i < 5; i++) tracer.trace(`op-${i}`, () => i, { eventType: "tool" });
  await tracer.flush();
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))[1]);
  process.send({ peakRssMiB: Math.round(hwm / 1024), stats: tracer.stats() });
  await tracer.shutdown();
} else {
  const server = await startHugeAnswer(TOTAL);
  const app = fork(fileURLToPath(import.meta.url), ["app", server.url]);
  const [result] = await Promise.all([new Promise((resolve) => app.once("message", resolve)), new Promise((resolve) => app.once("exit", resolve))]);
  console.log(JSON.stringify({ answerBytes: TOTAL, writtenBeforeHangUp: server.written(), ...result }));
  await server.close();
}
