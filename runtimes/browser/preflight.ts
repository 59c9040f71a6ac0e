import { TRACES_PATH, type ResolvedConfig } from "../../src/index.js";
import { untracedFetch } from "../../src/export/untraced-fetch.js";
import { isLoopbackUrl } from "../../src/tracer/loopback.js";

/**
 * Chromium drops a keepalive request that still needs its CORS preflight once the page is gone, so the
 * unload flush must find the preflight already cached. One empty export when the tracer starts gets the
 * server's answer (Access-Control-Max-Age) cached early; same-origin endpoints need none.
 */
export function warmPreflight(config: ResolvedConfig): void {
  const location = (globalThis as { location?: Location }).location;
  const url = config.serverUrl + TRACES_PATH;
  if (!location || new URL(url).origin === location.origin) return;
  if (!config.apiKey && !isLoopbackUrl(config.serverUrl)) return; // nothing is exported: nothing to prepare
  // the exporter's headers, so a server that echoes the requested headers allows all of them
  const headers: Record<string, string> = { "Content-Type": "application/json", "Content-Encoding": "identity", "X-Source": config.source };
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  // untraced, as every export is: an instrumented fetch would make a span of it, in the user's session
  untracedFetch(url, { method: "POST", headers, body: '{"resourceSpans":[]}' })
    .then((response) => response.body?.cancel())
    .catch(() => {}); // an unreachable endpoint is reported by the exporter, when it exports
}
