// P6 floor: what the realistic Worker's budget has to hold before any code of ours. In the P6 app (our packed
// tarball + API 1.10, installed by plain npm) a Worker that only imports what we depend on — the app's API, the
// SDK's TracerProvider with a resource and limits, core's suppressTracing, superstruct's schema functions — and
// makes one span; beside it, OpenTelemetry's OTLP exporter alone (the part of OpenTelemetry web + OTLP that ours
// replaces). Built as P6 builds the rest: wrangler --minify, and esbuild under edge conditions.
// `npm run build` first; `node test/bench/p6-floor.mjs`.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { esbuildSize, prepareApp, wranglerSize } from "./p6-sizes.mjs";

const ONE_SPAN = `trace.getTracer("app").startActiveSpan("one", (span) => span.end());`;
const WORKER = (imports, setup) => `import { trace } from "@opentelemetry/api";
${imports}
${setup}
export default { async fetch() { ${ONE_SPAN} return new Response("ok"); } };`;

const PROGRAMS = {
  "API alone": ["honeyhive-edge", WORKER("", "")],
  "our dependencies (API + SDK provider + resources + core + superstruct)": [
    "honeyhive-edge",
    WORKER(
      `import { TracerProvider } from "@opentelemetry/sdk-trace";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { suppressTracing } from "@opentelemetry/core";
import { assert, boolean, coerce, create, defaulted, enums, integer, number, object, optional, refine, size, string, union } from "superstruct";`,
      `const schema = object({ a: optional(integer()), b: defaulted(string(), "x"), c: optional(boolean()), d: optional(union([enums(["y"]), size(number(), 1, 2)])), e: refine(string(), "e", () => true), f: coerce(integer(), string(), Number) });
create({ e: "1" }, schema); assert({ e: "1" }, schema);
const provider = new TracerProvider({ resource: resourceFromAttributes({ "service.name": "p6" }), spanLimits: { attributeCountLimit: 1024 },
  spanProcessors: [{ onStart() {}, onEnd(s) { globalThis.last = s; }, forceFlush: async () => {}, shutdown: async () => {} }] });
trace.setGlobalTracerProvider(provider); globalThis.suppress = suppressTracing;`,
    ),
  ],
  "OpenTelemetry's OTLP exporter alone (+ API)": [
    "opentelemetry-web-otlp",
    WORKER(`import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";`, `const exporter = new OTLPTraceExporter({ url: "https://api.honeyhive.ai/opentelemetry/v1/traces" }); globalThis.exporter = exporter;`),
  ],
};

export async function runP6Floor() {
  const rows = [];
  const apps = {};
  try {
    for (const [label, [contender, source]] of Object.entries(PROGRAMS)) {
      const app = (apps[contender] ??= await prepareApp(contender, "1.10.0"));
      // beside the package's own files, so it resolves the SDK where npm put it (nested under a peer conflict, or not)
      const home = contender === "honeyhive-edge" ? "node_modules/honeyhive-edge" : ".";
      if (!existsSync(join(app.dir, home))) throw new Error(`${contender} is not installed in ${app.dir}`);
      writeFileSync(join(app.dir, home, "floor.mjs"), source);
      writeFileSync(join(app.dir, "worker.mjs"), `export { default } from "./${home}/floor.mjs";`);
      const w = await wranglerSize(app.dir, { minify: true });
      const e = await esbuildSize(app.dir, "opentelemetry-web-otlp", "edge"); // that contender bundles worker.mjs itself
      rows.push({ name: `P6 floor: ${label}`, value: Math.round((w.gzip / 1024) * 100) / 100, unit: "KiB gzip (wrangler --minify)", note: `${w.gzip} B; esbuild edge conditions ${e.gzip} B` });
    }
  } finally {
    for (const app of Object.values(apps)) app.remove();
  }
  return { rows };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP6Floor()).rows);
