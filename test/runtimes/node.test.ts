// Node, in a child process: config from process.env, and everything exported before the process ends.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, sessionSpans, type ConformanceReport } from "../conformance/receiver-checks.js";
import { API_KEY, lastJson, logLines, requireBuilt, run } from "./support.js";

let receiver: Receiver;
beforeAll(async () => {
  requireBuilt("node");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
});
afterAll(() => receiver?.close());

test("node: the conformance suite, flushed by beforeExit", async () => {
  const out = await run(process.execPath, ["test/runtimes/entries/node.mjs"], {
    HH_API_KEY: API_KEY,
    HH_API_URL: receiver.url,
    HH_PROJECT: "conformance-node",
    HH_MAX_ATTRIBUTES: "200",
    HH_MAX_ATTRIBUTE_LENGTH: "1024",
  });
  expect(out.code, out.stderr).toBe(0);
  expect(logLines(out.stderr)).toEqual([]);
  const report = lastJson<ConformanceReport>(out.stdout);
  expect(report.config).toMatchObject({
    project: "conformance-node",
    maxAttributes: 200,
    maxAttributeLength: 1024,
    sources: { project: "env:HH_PROJECT", maxAttributes: "env:HH_MAX_ATTRIBUTES", maxAttributeLength: "env:HH_MAX_ATTRIBUTE_LENGTH" },
  });
  // the process has exited: whatever was not exported by now is lost, so nothing may be missing
  expect(sessionSpans(receiver, report.sessionId)).toHaveLength(report.spanCount);
  expectConformance(receiver, report, { asyncContext: true });
});
