// A page traced by HoneyHive: explicit options only (a page has no env). Spans leave on a timer, and with
// keepalive fetches when the page is hidden or closed. Start a receiver: npx honeyhive-edge receive --port 4318
// A key in page code is public: send to your own endpoint (serverUrl) or a local receiver, not with a secret key.
import { HoneyHiveTracer } from "honeyhive-edge";

const tracer = HoneyHiveTracer.init({ project: "browser-example", serverUrl: "http://127.0.0.1:4318" });

document.querySelector("button").addEventListener("click", () => {
  tracer.trace("click", () => ({ at: new Date().toISOString() }), { eventType: "tool" });
});
