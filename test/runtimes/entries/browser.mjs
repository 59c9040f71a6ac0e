// The page's script (bundled for browsers). ?mode=conformance runs the suite; ?mode=burst ends many spans at
// once, for the keepalive budget. Config comes from ?options only. No flush here: the test closes the page and
// the pagehide keepalive flush must deliver.
import * as lib from "honeyhive-edge";
import { runConformance } from "../../conformance/suite.mjs";

const params = new URLSearchParams(location.search);
const options = JSON.parse(params.get("options") ?? "{}");

async function burst() {
  const tracer = lib.HoneyHiveTracer.init(options);
  const text = "x".repeat(400);
  for (let i = 0; i < Number(params.get("spans")); i++) tracer.trace(`burst.${i}`, (span) => {
      span.setAttribute("text", text);
    });
  return { sessionId: tracer.sessionId };
}

window.__report = params.get("mode") === "burst" ? await burst() : await runConformance({ lib, runtime: "browser", options });
