// P6: bundle size (minified + gzip) of a one-span program per runtime adapter, bundled the way that runtime's
// tooling does it (platform and export conditions), next to OpenTelemetry's own web provider with its OTLP/HTTP
// exporter measured the same way. "honeyhive-edge" resolves through package.json exports to dist/, so this
// measures what users get: run `npm run build` first. Run directly: `node test/bench/p6-sizes.mjs`.
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/**
 * The Workers budget, in KiB as wrangler reports sizes: the issue's "≤ 24 KB" plus 1 KiB for issue 14 (safe span
 * methods, fail-open handlers, header-safe config: +0.53 KiB, when 24 KiB had 96 B left).
 */
export const WORKERS_BUDGET_BYTES = 25 * 1024;

const oneSpanHandler = `tracer.trace("one", () => 1); return new Response("ok");`;

/** Export conditions as each platform's bundler sets them (platform "browser" unless noted). */
export const CONDITIONS = {
  // wrangler's getBuildConditions(): no "module", so packages resolve as wrangler users get them
  workerd: ["workerd", "worker", "browser"],
  // Next.js edge: ["edge-light", "worker", ...webpack's defaults]
  edge: ["edge-light", "worker", "browser", "module"],
  // Vite / webpack for the web
  browser: ["browser", "module"],
};

/** OpenTelemetry's own web provider with its OTLP/HTTP exporter: the comparison, bundled like each program. */
const OPENTELEMETRY_WEB_OTLP = `import { BatchSpanProcessor, WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
const provider = new WebTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: "https://api.honeyhive.ai/opentelemetry/v1/traces" }))] });
provider.register();
provider.getTracer("one").startSpan("one").end();`;

/** name → the one-span program, its platform and export conditions; `baseline` marks the comparison rows. */
export const PROGRAMS = {
  cloudflare: {
    conditions: CONDITIONS.workerd,
    source: `import { withHoneyHive } from "honeyhive-edge";
export default withHoneyHive({ fetch(request, env, ctx, tracer) { ${oneSpanHandler} } });`,
  },
  "vercel-edge": {
    conditions: CONDITIONS.edge,
    source: `import { withHoneyHive } from "honeyhive-edge";
export const GET = withHoneyHive((request, ctx, tracer) => { ${oneSpanHandler} });`,
  },
  browser: {
    conditions: CONDITIONS.browser,
    source: `import { HoneyHiveTracer } from "honeyhive-edge";
HoneyHiveTracer.init({ apiKey: "hh_key", project: "p6" }).trace("one", () => 1);`,
  },
  // Deno and Node load dist/ as modules, not a bundle: for reference only
  deno: {
    platform: "node",
    conditions: ["deno", "node", "module"],
    source: `import { HoneyHiveTracer } from "honeyhive-edge";
HoneyHiveTracer.init().trace("one", () => 1);`,
  },
  node: {
    platform: "node",
    conditions: ["node", "module"],
    source: `import { HoneyHiveTracer } from "honeyhive-edge";
HoneyHiveTracer.init().trace("one", () => 1);`,
  },
  "opentelemetry-web-otlp (workerd conditions)": { baseline: true, conditions: CONDITIONS.workerd, source: OPENTELEMETRY_WEB_OTLP },
  "opentelemetry-web-otlp (edge conditions)": { baseline: true, conditions: CONDITIONS.edge, source: OPENTELEMETRY_WEB_OTLP },
  "opentelemetry-web-otlp (browser conditions)": { baseline: true, conditions: CONDITIONS.browser, source: OPENTELEMETRY_WEB_OTLP },
};

/** Bundles one program; returns minified and gzip (level 6, gzip's default) bytes, and its largest inputs. */
export async function measure(name) {
  const p = PROGRAMS[name];
  const result = await build({
    stdin: { contents: p.source, resolveDir: ROOT, sourcefile: "one-span.mjs", loader: "js" },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    format: "esm",
    target: "es2022",
    platform: p.platform ?? "browser",
    conditions: p.conditions,
    absWorkingDir: ROOT,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const byPackage = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1] : "honeyhive-edge";
    byPackage[key] = (byPackage[key] ?? 0) + bytesInOutput;
  }
  const largest = Object.entries(byPackage).sort((a, b) => b[1] - a[1]).slice(0, 4);
  return { minified: code.length, gzip: gzipSync(code).length, largest };
}

const kib = (bytes) => Math.round((bytes / 1024) * 100) / 100;

/** The comparison bundled with the same conditions as `name`, if there is one. */
function baselineFor(name, sizes) {
  const conditions = PROGRAMS[name].conditions.join();
  const match = Object.keys(PROGRAMS).find((b) => PROGRAMS[b].baseline && PROGRAMS[b].conditions.join() === conditions);
  return match && !PROGRAMS[name].baseline ? sizes[match].gzip : undefined;
}

export async function runP6() {
  const sizes = {};
  for (const name of Object.keys(PROGRAMS)) sizes[name] = await measure(name);
  const rows = Object.entries(sizes).map(([name, s]) => {
    const baseline = baselineFor(name, sizes);
    const notes = [`${s.gzip} B gzip, ${s.minified} B minified`, `conditions ${PROGRAMS[name].conditions.join(",")}`];
    if (baseline) notes.push(`${(s.gzip / baseline).toFixed(2)}× OpenTelemetry web+OTLP bundled the same way`);
    if (name === "cloudflare") notes.push(`budget ${kib(WORKERS_BUDGET_BYTES)} KiB: ${s.gzip <= WORKERS_BUDGET_BYTES ? "within" : "OVER"}`);
    notes.push(`largest (minified): ${s.largest.map(([k, b]) => `${k} ${kib(b)} KiB`).join(", ")}`);
    return { name: `P6 one-span program: ${name}`, value: kib(s.gzip), unit: "KiB min+gzip", note: notes.join("; ") };
  });
  return { rows };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP6()).rows);
