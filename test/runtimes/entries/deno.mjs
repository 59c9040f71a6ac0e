// Deno: the conformance suite through `npm:honeyhive-edge` (first argument "npm") or the built dist/deno.js
// ("dist"), with the options given as JSON in the second. No flush here: beforeunload does it.
import { runConformance } from "../../conformance/suite.mjs";

// literal specifiers, so Deno resolves them up front (a computed one would need --allow-read)
const lib = Deno.args[0] === "dist" ? await import("../../../dist/deno.js") : await import("npm:honeyhive-edge");
const report = await runConformance({ lib, runtime: "deno", options: JSON.parse(Deno.args[1] ?? "{}") });
console.log(JSON.stringify(report));
