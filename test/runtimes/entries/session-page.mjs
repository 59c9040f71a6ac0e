// The page (bundled for browsers): window.chat(options) traces a chat turn that calls the Worker's /chat with
// tracer.injectContext, then flushes explicitly.
import { HoneyHiveTracer } from "honeyhive-edge";

window.chat = async (options) => {
  const tracer = HoneyHiveTracer.init(options);
  const result = await tracer.trace("page.chat", async () => {
    const headers = tracer.injectContext(new Headers({ "content-type": "application/json" }));
    const res = await fetch("/chat", { method: "POST", headers, body: "{}" });
    return res.json();
  }, { eventType: "chain" });
  await tracer.flush();
  return { sessionId: tracer.sessionId, result };
};
window.__ready = true;
