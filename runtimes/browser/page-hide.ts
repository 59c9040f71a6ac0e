import type { SendOptions } from "../../src/export/exporter.js";
import type { ResolvedConfig } from "../../src/index.js";
import { shrinkSpanToFit, shrinkerFor } from "../../src/truncation/shrink-span.js";
import { warmPreflight } from "./preflight.js";

/**
 * keepalive bodies in flight share one 64 KiB budget per page, and once the page is gone no later request
 * can start: the first request may as well fill the budget (leaving a little for the page's own beacons).
 * Keepalive bodies are sent uncompressed (gzip is async and would not finish), so this counts wire bytes.
 */
export const KEEPALIVE_REQUEST_SIZE = 60 * 1024;

/** How the unload flush sends: keepalive requests, each within the budget, spans shrunk to fit it. */
export const UNLOAD_SEND: SendOptions = { keepalive: true, maxRequestSize: KEEPALIVE_REQUEST_SIZE, fit: shrinkSpanToFit };

interface Flushable {
  forceFlush(options?: SendOptions): Promise<void>;
}

/**
 * Sends what is queued when the page is hidden or left, with keepalive fetches that outlive the page.
 * visibilitychange→hidden is the last event mobile browsers reliably fire; pagehide covers bfcache and close.
 * Returns a function that removes the listeners.
 */
export function flushOnPageHide(target: Flushable, config: ResolvedConfig): () => void {
  const doc = (globalThis as { document?: Document }).document;
  if (typeof globalThis.addEventListener !== "function") return () => {};
  warmPreflight(config);
  // a span larger than a keepalive request can carry goes out with its values cut, not dropped whole
  const send: SendOptions = config.preserveAttributes?.length ? { ...UNLOAD_SEND, fit: shrinkerFor(config.preserveAttributes) } : UNLOAD_SEND;
  const flush = () => void target.forceFlush(send).catch(() => {});
  const onVisibility = () => {
    if (doc?.visibilityState === "hidden") flush();
  };
  globalThis.addEventListener("pagehide", flush);
  doc?.addEventListener("visibilitychange", onVisibility);
  return () => {
    globalThis.removeEventListener("pagehide", flush);
    doc?.removeEventListener("visibilitychange", onVisibility);
  };
}
