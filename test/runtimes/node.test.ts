// Node, in a child process: config from process.env, and everything exported before the process ends.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, sessionSpans, type ConformanceReport } from "../conformance/receiver-checks.js";
import { API_KEY, conformanceEnv, expectConfigFromEnv, lastJson, logLines, requireBuilt, run } from "./support.js";

let receiver: Receiver;
beforeAll(async () => {
  requireBuilt("node");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
});
afterAll(() => receiver?.close());

test("node: the conformance suite, flushed by beforeExit", async () => {
  const out = await run(process.execPath, ["test/runtimes/entries/node.mjs"], conformanceEnv("conformance-node", receiver.url));
  expect(out.code, out.stderr).toBe(0);
  expect(logLines(out.stderr)).toEqual([]);
  const report = lastJson<ConformanceReport>(out.stdout);
  expectConfigFromEnv(report.config, "conformance-node");
  // the process has exited: whatever was not exported by now is lost, so nothing may be missing
  expect(sessionSpans(receiver, report.sessionId)).toHaveLength(report.spanCount);
  expectConformance(receiver, report, { asyncContext: true });
});
