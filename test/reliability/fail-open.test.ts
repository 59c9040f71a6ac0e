// Tracing fails closed for itself and open for the app: with a bad setting (HH_MAX_ATTRIBUTES=100), a Worker,
// a Deno.serve app and a Vercel Edge route answer every request as if untraced, one error log per isolate
// says why, and nothing is exported. Each in its real runtime (workerd, deno, @edge-runtime/vm).
import { spawn } from "node:child_process";
import { EdgeVM } from "@edge-runtime/vm";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { API_KEY, CONDITIONS, DENO, ROOT, bundle, requireBuilt } from "../runtimes/support.js";

let receiver: Receiver;
beforeAll(async () => {
  requireBuilt("cloudflare", "deno", "vercel-edge");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
});
afterAll(() => receiver?.close());

const badEnv = () => ({ HH_API_KEY: API_KEY, HH_API_URL: receiver.url, HH_MAX_ATTRIBUTES: "100" });
const entry = (name: string) => `../../reliability/entries/${name}`;

/** Two requests answered by the app itself, one error log naming the setting, nothing exported. */
async function expectServedUntraced(get: (path: string) => Promise<Response>, logs: () => string[], after?: (res: Response) => Promise<unknown>) {
  for (const path of ["/one", "/two"]) {
    const res = await get(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { text: string; path: string; untraced: string | null };
    await after?.(res);
    expect(body).toMatchObject({ text: "hi", path });
    expect(body.untraced).toContain("HH_MAX_ATTRIBUTES");
  }
  const ours = logs().filter((l) => l.includes("[honeyhive-edge]"));
  expect(ours).toHaveLength(1);
  expect(ours[0]).toMatch(/tracing is off, requests run untraced: ConfigError: .*maxAttributes must be >= 128/);
  expect(ours[0]).toContain("env:HH_MAX_ATTRIBUTES");
  expect(ours[0]).not.toContain(API_KEY);
  expect(receiver.requests).toHaveLength(0);
}

describe("a bad tracing setting does not take the app down", () => {
  it("Cloudflare Workers (workerd): every request served, one error log for the isolate", async () => {
    const logs: string[] = [];
    const mf = new Miniflare({
      modules: [{ type: "ESModule", path: "worker.mjs", contents: await bundle(entry("fail-open-worker.mjs"), CONDITIONS.workerd) }],
      compatibilityDate: "2025-01-01",
      bindings: badEnv(),
      handleStructuredLogs: ({ level, message }: { level: string; message: string }) => void logs.push(`${level} ${message}`),
    });
    try {
      await expectServedUntraced((path) => mf.dispatchFetch(`http://worker.test${path}`) as unknown as Promise<Response>, () => logs);
      expect(logs.find((l) => l.includes("tracing is off"))).toMatch(/^error /);
    } finally {
      await mf.dispose();
    }
  });

  it("Deno.serve (deno): every request served, one error log for the process", async () => {
    const server = spawn(DENO, ["run", "--allow-env", "--allow-net=127.0.0.1", `test/reliability/entries/fail-open-deno.mjs`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...badEnv() },
    });
    let stderr = "";
    server.stderr.on("data", (d) => (stderr += d));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        server.stdout.on("data", (d) => {
          out += d;
          const line = out.split("\n").find((l) => l.startsWith("{"));
          if (line) resolve((JSON.parse(line) as { port: number }).port);
        });
        server.on("exit", (code) => reject(new Error(`deno exited (${code}): ${stderr}`)));
      });
      await expectServedUntraced((path) => fetch(`http://127.0.0.1:${port}${path}`), () => stderr.split("\n"));
    } finally {
      server.kill("SIGKILL");
    }
  });

  it("Vercel Edge (@edge-runtime/vm): every request served, one error log for the isolate", async () => {
    const logs: string[] = [];
    const capture = (level: string) => (...args: unknown[]) => void logs.push(`${level} ${args.map(String).join(" ")}`);
    const vm = new EdgeVM({
      extend: (context) =>
        Object.assign(context, {
          process: { env: badEnv() },
          console: { log: capture("log"), info: capture("info"), debug: capture("debug"), warn: capture("warn"), error: capture("error") },
        }),
    });
    vm.evaluate(await bundle(entry("fail-open-edge.mjs"), CONDITIONS.edge, { format: "iife" }));
    // waitUntil settles once the body has been read (the request span ends when it is sent)
    await expectServedUntraced((path) => vm.dispatchFetch(`http://edge.test${path}`), () => logs, (res) => (res as unknown as { waitUntil(): Promise<unknown> }).waitUntil());
    expect(logs.find((l) => l.includes("tracing is off"))).toMatch(/^error /);
  });
});
