// Deno 2 (the npm package's binary): the suite with and without --allow-env, as an npm-style import and from
// dist/, and the Deno.serve wrapper with a streamed response.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, sessionSpans, type ConformanceReport } from "../conformance/receiver-checks.js";
import { API_KEY, DENO, ROOT, conformanceEnv, expectConfigFromEnv, firstJsonLine, lastJson, logLines, requireBuilt, run } from "./support.js";

let receiver: Receiver;
beforeAll(async () => {
  requireBuilt("deno");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
});
afterAll(() => receiver?.close());

const env = () => conformanceEnv("conformance-deno", receiver.url);

test("deno --allow-env: config from Deno.env, npm:honeyhive-edge, flushed by beforeunload", async () => {
  const args = ["run", "--allow-env", "--allow-net=127.0.0.1", "test/runtimes/entries/deno.mjs", "npm"];
  const out = await run(DENO, args, env());
  expect(out.code, out.stderr).toBe(0);
  expect(logLines(out.stderr)).toEqual([]);
  const report = lastJson<ConformanceReport>(out.stdout);
  expectConfigFromEnv(report.config, "conformance-deno");
  expect(sessionSpans(receiver, report.sessionId)).toHaveLength(report.spanCount);
  expectConformance(receiver, report, { asyncContext: true });
});

test("deno without --allow-env: no crash, one warning, defaults, still exported (dist/deno.js)", async () => {
  // the HH_* variables are set but unreadable; only the receiver's address and key come as options
  const options = JSON.stringify({ serverUrl: receiver.url, apiKey: API_KEY });
  const args = ["run", "--allow-net=127.0.0.1", "test/runtimes/entries/deno.mjs", "dist", options];
  const out = await run(DENO, args, env());
  expect(out.code, out.stderr).toBe(0);
  const logs = logLines(out.stderr);
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatch(/no env access \(run with --allow-env/);
  const report = lastJson<ConformanceReport>(out.stdout);
  expect(report.config).toMatchObject({
    project: "default",
    maxAttributes: 1024,
    sources: { project: "default", maxAttributes: "default", maxAttributeLength: "default" },
  });
  expect(sessionSpans(receiver, report.sessionId)).toHaveLength(report.spanCount);
  expectConformance(receiver, report, { asyncContext: true });
});

test("Deno.serve wrapper: a span per request with status, streamed bodies end their span when sent", async () => {
  const server = spawn(DENO, ["run", "--allow-env", "--allow-net=127.0.0.1", "test/runtimes/entries/deno-serve.mjs"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env() },
  });
  try {
    const { port } = await firstJsonLine<{ port: number }>(server);
    const base = `http://127.0.0.1:${port}`;
    const answer = (await (await fetch(`${base}/answer`)).json()) as { sessionId: string };
    const started = Date.now();
    const streamed = await fetch(`${base}/stream`);
    const headersAfter = Date.now() - started;
    expect(await streamed.text()).toBe("chunk 0\nchunk 1\nchunk 2\n");
    expect((await fetch(`${base}/fail`)).status).toBe(503);

    const byName = (name: string) => receiver.accepted.find((s) => s.name === name);
    await receiver.waitFor(() => ["GET /answer", "answer", "GET /stream", "GET /fail"].every(byName));
    const request = (path: string) => byName(`GET ${path}`)!;
    expect(request("/answer").attributes).toMatchObject({ "http.request.method": "GET", "url.path": "/answer", "http.response.status_code": 200 });
    expect(byName("answer")!.parentSpanId).toBe(request("/answer").spanId);
    expect(request("/fail").status.code).toBe(2);
    // a session per request, named after its entry span; tracer.sessionId in the handler is the request's
    const sessionOf = (path: string) => request(path).attributes["honeyhive.session_id"];
    expect(new Set(["/answer", "/stream", "/fail"].map(sessionOf)).size).toBe(3);
    expect(sessionOf("/answer")).toBe(answer.sessionId);
    const session = receiver.sessions().sessions.find((s) => s.sessionId === answer.sessionId)!;
    expect(session).toMatchObject({ name: "GET /answer", createdBy: "auto_create", counts: { chain: 1, tool: 1 } });
    // the span covers the whole body (3 chunks, 100 ms apart), not just the time to the headers
    const stream = request("/stream");
    const durationMs = Number(BigInt(stream.endTimeUnixNano) - BigInt(stream.startTimeUnixNano)) / 1e6;
    expect(durationMs).toBeGreaterThanOrEqual(250);
    expect(headersAfter).toBeLessThan(durationMs);
  } finally {
    server.kill("SIGKILL");
  }
});

