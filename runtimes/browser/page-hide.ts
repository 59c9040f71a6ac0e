import type { SendOptions } from "../../src/export/exporter.js";
import type { ResolvedConfig } from "../../src/index.js";
import { warmPreflight } from "./preflight.js";

/**
 * keepalive bodies in flight share one 64 KiB budget per page, and once the page is gone no later request
 * can start: the first request may as well fill the budget (leaving a little for the page's own beacons).
 * Keepalive bodies are sent uncompressed (gzip is async and would not finish), so this counts wire bytes.
 */
export const KEEPALIVE_REQUEST_SIZE = 60 * 1024;

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
  const flush = () => void target.forceFlush({ keepalive: true, maxRequestSize: KEEPALIVE_REQUEST_SIZE }).catch(() => {});
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
