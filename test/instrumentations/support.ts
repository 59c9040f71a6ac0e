// Shared by the instrumentation tests: a receiver and a fake OpenAI on loopback per file, a fixture app run in
// its own Node process (config from its env, as users run it), and the checks every exported span must pass.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect } from "vitest";
import { startReceiver, type Receiver, type ReceivedSpan } from "../../receiver/index.js";
import { API_KEY } from "../helpers/setup.js";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai.js";

const run = promisify(execFile);

export { ANSWER, USAGE } from "./fake-openai.js";

/** Every fixture pins this, as a user's app does once the API is a peer dependency. */
export const OTEL_API = { "@opentelemetry/api": "1.9.0" };

export const PROJECT = "instrumentations";

export function useLoopback(): { receiver: Receiver; fake: FakeOpenAI } {
  const state = {} as { receiver: Receiver; fake: FakeOpenAI };
  beforeAll(async () => {
    state.receiver = await startReceiver({ port: 0, apiKey: API_KEY });
    state.fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await state.receiver?.close();
    await state.fake?.close();
  });
  return state;
}

/** Runs `file` of the app in a fresh Node process; resolves with the spans of its session. */
export async function runFixture(
  dir: string,
  file: string,
  loop: { receiver: Receiver; fake: FakeOpenAI },
  extraEnv: Record<string, string> = {},
  node = process.execPath,
): Promise<{ spans: ReceivedSpan[]; stdout: string; stderr: string; sessionId: string }> {
  const sessionId = crypto.randomUUID();
  const before = loop.receiver.accepted.length;
  const { stdout, stderr } = await run(node, [file], {
    cwd: dir,
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HH_API_KEY: API_KEY,
      HH_API_URL: loop.receiver.url,
      HH_PROJECT: PROJECT,
      HH_SESSION_ID: sessionId,
      FAKE_OPENAI_URL: loop.fake.url,
      ...extraEnv,
    },
  });
  expect(loop.receiver.rejected).toEqual([]);
  const spans = loop.receiver.accepted.slice(before).filter((s) => s.attributes["honeyhive.session_id"] === sessionId);
  return { spans, stdout, stderr, sessionId };
}

/** What HoneyHive needs on every span, whoever made it: core attributes, and a parent id that matches the tree. */
export function expectCore(spans: ReceivedSpan[], sessionId: string): void {
  const ids = new Set(spans.map((s) => s.spanId));
  for (const s of spans) {
    expect(s.attributes["honeyhive.session_id"], s.name).toBe(sessionId);
    expect(s.attributes["honeyhive.project"], s.name).toBe(PROJECT);
    expect(s.attributes["honeyhive.source"], s.name).toBe("dev");
    expect(s.attributes["honeyhive_event_name"], s.name).toBe(s.name);
    expect(["model", "chain", "tool"], s.name).toContain(s.attributes["honeyhive_event_type"]);
    if (s.parentSpanId) {
      expect(s.attributes["honeyhive.parent_id"], s.name).toBe(s.parentSpanId);
      expect(ids.has(s.parentSpanId), `${s.name}'s parent was exported`).toBe(true);
    }
  }
}

export const byName = (spans: ReceivedSpan[], name: string | RegExp): ReceivedSpan[] =>
  spans.filter((s) => (typeof name === "string" ? s.name === name : name.test(s.name)));

export const one = (spans: ReceivedSpan[], name: string | RegExp): ReceivedSpan => {
  const found = byName(spans, name);
  expect(found.map((s) => s.name), `exactly one span named ${name} among ${spans.map((s) => s.name).join(", ")}`).toHaveLength(1);
  return found[0]!;
};

export const eventType = (s: ReceivedSpan): unknown => s.attributes["honeyhive_event_type"];
