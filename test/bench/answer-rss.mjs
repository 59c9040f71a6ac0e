// Peak RSS of an app whose export gets a 300 MiB answer (issue 14, item 6): `node test/bench/answer-rss.mjs`
// (after `npm run build`). The server (this process) streams the answer; the app, a child process with
// dist/node.js, exports 5 spans once and reports its peak RSS (VmHWM) and what the tracer counted.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

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
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, "x");
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(TOTAL) });
      const pump = () => {
        while (written < TOTAL && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const app = fork(fileURLToPath(import.meta.url), ["app", `http://127.0.0.1:${server.address().port}`]);
  const [result] = await Promise.all([new Promise((resolve) => app.once("message", resolve)), new Promise((resolve) => app.once("exit", resolve))]);
  console.log(JSON.stringify({ answerBytes: TOTAL, writtenBeforeHangUp: written, ...result }));
  server.closeAllConnections();
  server.close();
}
