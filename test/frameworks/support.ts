// What the framework tests share: the peers @vercel/otel needs, child processes in an app's directory,
// and the checks on what the receiver got.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { expect } from "vitest";
import { childEnv, run } from "../runtimes/support.js";
import { DEFAULT_PATH, type Receiver, type ReceivedSpan, type RequestRecord } from "../../receiver/index.js";

export const INGEST_PATH = DEFAULT_PATH;
export const API_KEY = "hh_frameworks_key_5e1d0c7b2a";

/** @vercel/otel 2.1.3's peers, on the 2.x SDK line (it accepts api >=1.9 <2, sdk >=2 <3, experimental 0.2xx). */
export const OTEL_2X_PEERS = {
  "@opentelemetry/api-logs": "0.223.0",
  "@opentelemetry/instrumentation": "0.223.0",
  "@opentelemetry/resources": "2.12.0",
  "@opentelemetry/sdk-logs": "0.223.0",
  "@opentelemetry/sdk-metrics": "2.12.0",
  "@opentelemetry/sdk-trace-base": "2.12.0",
};

/** Next.js as the fixture apps pin it. */
export const NEXT_DEPS = { next: "16.4.6", react: "19.3.1", "react-dom": "19.3.1" };

export { run }; // the runtime tests' runner, in an app's directory

/** A free loopback port (the OS picks it; closed again before the app binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `next start -H 127.0.0.1 -p <port>` in the app, resolved once it answers on the port. */
export async function nextStart(dir: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }),
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`next start did not answer within 30 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** `next build` in the app, telemetry off; throws with the build's output when it fails. */
export async function nextBuild(dir: string): Promise<string> {
  const r = await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { NEXT_TELEMETRY_DISABLED: "1" }, 240_000, dir);
  if (r.code !== 0) throw new Error(`next build failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/**
 * Spans about an export request: their name or an attribute mentions the ingest path, or the receiver's
 * address without being the app's own call to it (`/app-call`).
 */
export function exportSpans(spans: ReceivedSpan[], receiverUrl: string): ReceivedSpan[] {
  const host = new URL(receiverUrl).host;
  return spans.filter((s) => {
    const texts = [s.name, ...Object.values(s.attributes)].filter((v): v is string => typeof v === "string");
    if (texts.some((t) => t.includes(INGEST_PATH))) return true;
    return texts.some((t) => t.includes(host)) && !texts.some((t) => t.includes("/app-call"));
  });
}

/** Waits until the receiver's span count has not changed for quietMs (throws after timeoutMs). */
export async function settled(receiver: Receiver, quietMs: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = receiver.accepted.length + receiver.rejected.length;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`span count still growing after ${timeoutMs} ms: ${count}`);
    await new Promise((r) => setTimeout(r, 100));
    const now = receiver.accepted.length + receiver.rejected.length;
    if (now !== count) {
      count = now;
      since = Date.now();
    }
  }
  return count;
}

/** Every span carries what HoneyHive needs: session, project, source, an event type, an event name equal to the span's. */
export function expectCoreAttributes(spans: ReceivedSpan[], project: string): void {
  for (const s of spans) {
    const a = s.attributes;
    expect.soft(a["honeyhive.session_id"], s.name).toMatch(/\S/);
    expect.soft(a["traceloop.association.properties.session_id"], s.name).toBe(a["honeyhive.session_id"]);
    expect.soft(a["honeyhive.project"], s.name).toBe(project);
    expect.soft(a["honeyhive.source"], s.name).toBe("dev");
    expect.soft(["model", "chain", "tool", "session"], s.name).toContain(a["honeyhive_event_type"]);
    expect.soft(a["honeyhive_event_name"], s.name).toBe(s.name);
    if (s.parentSpanId) expect.soft(a["honeyhive.parent_id"], s.name).toBe(s.parentSpanId);
  }
}

/** The export requests the receiver got: bounded, and none carries a trace context (none inherited the user's). */
export function ingestRequests(receiver: Receiver): RequestRecord[] {
  return receiver.requests.filter((r) => r.path === INGEST_PATH);
}
