// Shared by the reliability tests: a real receiver per test, console capture, and span production.
import { afterEach, beforeEach, vi } from "vitest";
import { startReceiver, type Receiver, type ReceiverOptions } from "../../receiver/index.js";
import type { HoneyHiveTracer } from "../../runtimes/node/index.js";
import { API_KEY, resetOpenTelemetry } from "../helpers/setup.js";

export { API_KEY };

/** A loopback receiver per test (options as given), closed afterwards along with OpenTelemetry's globals. */
export function useTestReceiver(options: ReceiverOptions = {}): { receiver: Receiver } {
  const state = { receiver: undefined as unknown as Receiver };
  beforeEach(async () => {
    state.receiver = await startReceiver({ port: 0, apiKey: API_KEY, ...options });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await state.receiver.close();
    resetOpenTelemetry();
  });
  return state;
}

/** Every console line (all levels) while a test runs, instead of printing it. */
export function captureConsole(): string[] {
  const lines: string[] = [];
  for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : String(a))).join(" "));
    });
  }
  return lines;
}

/** Unhandled rejections seen from now until the returned stop() is called. */
export function watchUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on("unhandledRejection", listener);
  return { reasons, stop: () => process.off("unhandledRejection", listener) };
}

/** n small spans the way an app makes them: tracer.trace with inputs and an output. */
export function produce(tracer: HoneyHiveTracer, n: number, from = 0, payload = ""): void {
  for (let i = from; i < from + n; i++) {
    tracer.trace(`op-${i}`, () => ({ ok: true, payload }), { eventType: "tool", inputs: { i } });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function options(receiver: Receiver, extra: Record<string, unknown> = {}) {
  return { apiKey: API_KEY, serverUrl: receiver.url, project: "reliability", env: {}, ...extra };
}
