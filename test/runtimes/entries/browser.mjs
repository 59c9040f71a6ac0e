// The page's script (bundled for browsers). ?mode=conformance runs the suite; ?mode=burst ends many spans at
// once, for the keepalive budget; ?mode=big ends spans larger than one keepalive request. Config comes from ?options only. No flush here: the test closes the page and
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

/** A span larger than one keepalive request (?kind=many: many short attributes; ?kind=long: one long value). */
async function big() {
  const tracer = lib.HoneyHiveTracer.init(options);
  if (params.get("kind") === "many") {
    tracer.trace("big.many", (span) => {
      for (let i = 0; i < 1500; i++) span.setAttribute(`tool.result.${i}`, `value ${i} of a long tool response`);
    });
  } else {
    tracer.trace("big.long", (span) => span.setAttribute("tool.output", "検索結果 ".repeat(20_000)));
  }
  return { sessionId: tracer.sessionId };
}

const modes = { burst, big };
window.__report = modes[params.get("mode")] ? await modes[params.get("mode")]() : await runConformance({ lib, runtime: "browser", options });
