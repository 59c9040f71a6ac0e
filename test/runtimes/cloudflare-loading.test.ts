// How a Worker bundle is handed to workerd: Miniflare's documented forms (modules: true with scriptPath, or with
// script), under nodejs_als, nodejs_compat and no flag. Context across `await` where AsyncLocalStorage exists;
// without it, exactly one warning per isolate that names the flag.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { sessionSpans } from "../conformance/receiver-checks.js";
import { NO_ALS_WARNING } from "../../runtimes/cloudflare/context.js";
import { API_KEY, CONDITIONS, bundle, requireBuilt } from "./support.js";

let receiver: Receiver;
let script: string;
let dir: string;
beforeAll(async () => {
  requireBuilt("cloudflare");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  script = await bundle("worker-context.mjs", CONDITIONS.workerd);
  dir = mkdtempSync(join(tmpdir(), "hh-worker-"));
  writeFileSync(join(dir, "worker.mjs"), script);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await receiver?.close();
});

type Form = "scriptPath" | "script" | "modules";
const source = (form: Form): MiniflareOptions =>
  form === "scriptPath"
    ? // modulesRoot: workerd refuses module names with "..", which a script outside the cwd would get
      { modules: true, scriptPath: join(dir, "worker.mjs"), modulesRoot: dir }
    : form === "script"
      ? { modules: true, script }
      : { modules: [{ type: "ESModule", path: "worker.mjs", contents: script }] };

/** Starts the Worker, sends three requests, and returns what workerd printed and the spans of each request. */
async function runWorker(form: Form, flags: string[]) {
  let output = "";
  const collect = (stream: Readable) => stream.on("data", (d) => (output += d));
  const mf = new Miniflare({
    ...source(form),
    compatibilityDate: "2025-01-01",
    compatibilityFlags: flags,
    bindings: { HH_API_KEY: API_KEY, HH_API_URL: receiver.url, HH_PROJECT: "worker-forms" },
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
  } as MiniflareOptions);
  try {
    const sessions: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await mf.dispatchFetch("http://worker.test/");
      expect(res.status).toBe(200);
      sessions.push(await res.text());
    }
    const ids = [...new Set(sessions)];
    const spans = () => ids.flatMap((id) => sessionSpans(receiver, id));
    await receiver.waitFor(() => spans().filter((s) => s.name === "inner").length === 3);
    return { output, sessions: ids.length, spans: spans() };
  } finally {
    await mf.dispose();
  }
}

const warnings = (output: string) => output.split("\n").filter((l) => l.includes(NO_ALS_WARNING)).length;

describe.each([["nodejs_als"], ["nodejs_compat"]])("workerd with %s", (flag) => {
  test.each(["scriptPath", "script"] as const)("loads with modules: true and %s; the child keeps its parent across await; no warning", async (form) => {
    const { output, sessions, spans } = await runWorker(form, [flag]);
    expect(sessions).toBe(3); // with AsyncLocalStorage, a session per request
    const outer = spans.filter((s) => s.name === "outer");
    for (const inner of spans.filter((s) => s.name === "inner")) {
      expect(outer.map((s) => s.spanId)).toContain(inner.parentSpanId);
    }
    expect(warnings(output)).toBe(0);
  }, 60_000);
});

test("workerd without a flag: the child loses its parent after await, and one warning per isolate names nodejs_als", async () => {
  // Miniflare's scanner refuses a node:async_hooks import without a flag (nodejs_als exposes AsyncLocalStorage only
  // through that module); wrangler and hand-listed modules load the same bundle
  const { output, sessions, spans } = await runWorker("modules", []);
  expect(sessions).toBe(1); // context is lost at await: the isolate's one session, never another request's
  const outer = new Set(spans.filter((s) => s.name === "outer").map((s) => s.spanId));
  for (const inner of spans.filter((s) => s.name === "inner")) expect(outer.has(inner.parentSpanId ?? "")).toBe(false);
  expect(warnings(output)).toBe(1);
  expect(NO_ALS_WARNING).toContain('compatibility_flags = ["nodejs_als"]');
  expect(NO_ALS_WARNING).toMatch(/lost after each `await`/);
}, 60_000);
