// Chromium (from npm, or a system one; driven by playwright-core): a page served on loopback runs the suite with explicit options;
// the test closes the page right after, and the pagehide keepalive flush must deliver.
import type { Server } from "node:http";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { expectConformance, sessionSpans, waitForRun, type ConformanceReport } from "../conformance/receiver-checks.js";
import { KEEPALIVE_REQUEST_SIZE } from "../../runtimes/browser/page-hide.js";
import { API_KEY, CONDITIONS, bundle, requireBuilt } from "./support.js";
import { launchChromium, servePage } from "./chromium.js";

let receiver: Receiver;
let pages: Server;
let pageUrl: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  requireBuilt("browser");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  const script = await bundle("browser.mjs", CONDITIONS.browser);
  // a classic script runs before the module: it records any read of `process` (a browser has none)
  const trap = `Object.defineProperty(window, "process", { get() { window.__processReads = (window.__processReads || 0) + 1; } });`;
  const html = `<!doctype html><meta charset="utf-8"><title>conformance</title><script>${trap}</script><script type="module" src="/bundle.js"></script>`;
  ({ server: pages, url: pageUrl } = await servePage(script, html));
  browser = await launchChromium();
  // one context outlives the pages, as a browser profile outlives its tabs: a page from browser.newPage()
  // owns its context, and disposing that on close cancels the keepalive requests the page just started
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  pages?.close();
  await receiver?.close();
});

const options = (extra: Record<string, unknown> = {}) => ({
  apiKey: API_KEY,
  serverUrl: receiver.url,
  project: "conformance-browser",
  maxAttributes: 200,
  maxAttributeLength: 1024,
  ...extra,
});

/** Opens the page, waits for its report, then closes the page at once (the 1 s flush timer has not fired yet). */
async function runAndClose<T>(query: Record<string, string>, extra?: Record<string, unknown>): Promise<{ report: T; before: number; requestsBefore: number }> {
  const page = await context.newPage();
  const requestsAtStart = receiver.requests.length;
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${pageUrl}?${new URLSearchParams({ options: JSON.stringify(options(extra)), ...query })}`);
  const report = (await (await page.waitForFunction(() => (window as { __report?: unknown }).__report)).jsonValue()) as T & { sessionId: string };
  expect(await page.evaluate(() => (window as { __processReads?: number }).__processReads)).toBeUndefined();
  // the adapter's empty export at start caches the CORS preflight that an unloading page could not wait for
  await receiver.waitFor(() => receiver.requests.slice(requestsAtStart).some((r) => r.method === "POST" && r.spanCount === 0));
  const before = sessionSpans(receiver, report.sessionId).length;
  const requestsBefore = receiver.requests.length;
  await page.close();
  expect(errors).toEqual([]);
  return { report, before, requestsBefore };
}

test("chromium: the conformance suite with explicit options, delivered by the pagehide flush", async () => {
  const { report, before } = await runAndClose<ConformanceReport>({ mode: "conformance" });
  expect(before).toBe(0);
  expect(report.config).toMatchObject({
    project: "conformance-browser",
    maxAttributes: 200,
    maxAttributeLength: 1024,
    sources: { project: "option", maxAttributes: "option", maxAttributeLength: "option" },
  });
  await waitForRun(receiver, report);
  expectConformance(receiver, report, { asyncContext: false });
});

test("chromium: spans ended right before the page closes arrive, in uncompressed keepalive bodies under the 64 KiB budget", async () => {
  const spans = 20;
  const { report, before, requestsBefore } = await runAndClose<{ sessionId: string }>({ mode: "burst", spans: String(spans) });
  expect(before).toBe(0);
  await receiver.waitFor(() => sessionSpans(receiver, report.sessionId).length === spans);
  const posts = receiver.requests.slice(requestsBefore).filter((r) => r.method === "POST");
  expect(posts.length).toBeGreaterThan(0);
  for (const post of posts) {
    expect(post.encoding).toBe("");
    expect(post.bytes).toBeLessThanOrEqual(KEEPALIVE_REQUEST_SIZE);
  }
});

// Chromium's keepalive budget (64 KiB) is shared by every request of a closing page: one such span per page
describe("chromium: a span larger than one keepalive request goes out shrunk to fit when the page closes, not lost", () => {
  const big = async (kind: string) => {
    const { report, before, requestsBefore } = await runAndClose<{ sessionId: string }>({ mode: "big", kind }, { maxAttributes: 2000, maxAttributeLength: 1024 * 1024 });
    expect(before).toBe(0);
    await receiver.waitFor(() => sessionSpans(receiver, report.sessionId).length === 1);
    for (const post of receiver.requests.slice(requestsBefore).filter((r) => r.method === "POST")) {
      expect(post.bytes).toBeLessThanOrEqual(KEEPALIVE_REQUEST_SIZE);
    }
    const [span] = sessionSpans(receiver, report.sessionId);
    expect(span.attributes["honeyhive_event_type"]).toBeDefined(); // core attributes stay
    return span;
  };

  test("1,500 short attributes: the newest give way, counted", async () => {
    const span = await big("many");
    expect(span.attributes["tool.result.0"]).toBe("value 0 of a long tool response");
    expect(span.droppedAttributesCount).toBeGreaterThan(0);
    expect(span.attributeKeys.length + span.droppedAttributesCount).toBeGreaterThanOrEqual(1500);
  });

  test("one 260 KB value: cut by bytes and marked, with its original size", async () => {
    const span = await big("long");
    expect(String(span.attributes["tool.output"])).toContain("…[truncated]");
    expect(span.attributes["honeyhive.truncated.tool.output.original_bytes"]).toBe(new TextEncoder().encode("検索結果 ".repeat(20_000)).length);
  });
});
