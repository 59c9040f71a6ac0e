import { context, propagation, trace } from "@opentelemetry/api";
import { afterEach, beforeEach, vi } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";

export const API_KEY = "hh_test_key_7f3c9a1e5b";

/** A real receiver on loopback for each test, and a clean global OpenTelemetry state. */
export function useReceiver(): { receiver: Receiver; warnings: string[] } {
  const state = { receiver: undefined as unknown as Receiver, warnings: [] as string[] };
  beforeEach(async () => {
    state.receiver = await startReceiver({ port: 0, apiKey: API_KEY });
    state.warnings.length = 0;
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      state.warnings.push(args.map(String).join(" "));
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await state.receiver.close();
    resetOpenTelemetry();
  });
  return state;
}

export function resetOpenTelemetry(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Options that point a tracer at the receiver. */
export function receiverOptions(receiver: Receiver) {
  return { apiKey: API_KEY, serverUrl: receiver.url, project: "test-project", env: {} };
}
