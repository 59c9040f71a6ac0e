// P6: bundle sizes as users get them. The realistic Worker (withHoneyHive + the app's own
// `import { trace } from "@opentelemetry/api"` + one span) is built by wrangler itself (`wrangler deploy
// --dry-run --outdir`), minified and not, in an app that installed our packed tarball with plain npm; beside it
// @microlabs/otel-cf-workers and OpenTelemetry's web provider + OTLP exporter, built the same way, and all three
// bundled by esbuild under each runtime's conditions. Run `npm run build` first; `node test/bench/p6-sizes.mjs`.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/** The Workers budget (the "≤ 24 KB"), in KiB as wrangler reports sizes. */
export const WORKERS_BUDGET_BYTES = 24 * 1024;

/** npm's `latest` of the API, and the oldest one we support. */
export const API_VERSIONS = ["1.10.0", "1.9.0"];

/** Export conditions as each platform's bundler sets them (platform "browser"). */
export const CONDITIONS = {
  // wrangler's getBuildConditions(): no "module", so @opentelemetry/api 1.9 resolves to its CommonJS build
  workerd: ["workerd", "worker", "browser"],
  // Next.js edge: ["edge-light", "worker", ...webpack's defaults]
  edge: ["edge-light", "worker", "browser", "module"],
  // Vite / webpack for the web
  browser: ["browser", "module"],
};

const ONE_SPAN = `trace.getTracer("app").startActiveSpan("one", (span) => span.end());`;

/**
 * Each contender: the app's dependencies (besides the API), the flag its Worker needs, its one-span Worker,
 * and the same program for other runtimes (`programs`, by CONDITIONS key; the Worker where absent).
 */
export const CONTENDERS = {
  "honeyhive-edge": {
    dependencies: () => ({ "honeyhive-edge": `file:${packedTarball()}` }),
    flags: ["nodejs_als"],
    programs: {
      edge: `import { trace } from "@opentelemetry/api";
import { withHoneyHive } from "honeyhive-edge";
export const GET = withHoneyHive(async (request) => { ${ONE_SPAN} return new Response("ok"); });`,
      browser: `import { trace } from "@opentelemetry/api";
import { HoneyHiveTracer } from "honeyhive-edge";
HoneyHiveTracer.init({ apiKey: "hh_key", project: "p6" });
${ONE_SPAN}`,
    },
    worker: `import { trace } from "@opentelemetry/api";
import { withHoneyHive } from "honeyhive-edge";
export default withHoneyHive({
  async fetch(request, env, ctx) {
    trace.getTracer("app").startActiveSpan("one", (span) => span.end());
    return new Response("ok");
  },
});`,
  },
  // npm's latest; it imports node:buffer, node:events…: needs nodejs_compat
  "@microlabs/otel-cf-workers": {
    dependencies: () => ({ "@microlabs/otel-cf-workers": "0.9.1" }),
    flags: ["nodejs_compat"],
    programs: { edge: null, browser: null }, // a Workers library only
    worker: `import { trace } from "@opentelemetry/api";
import { instrument } from "@microlabs/otel-cf-workers";
const handler = { async fetch() { trace.getTracer("app").startActiveSpan("one", (span) => span.end()); return new Response("ok"); } };
export default instrument(handler, () => ({ exporter: { url: "https://api.honeyhive.ai/opentelemetry/v1/traces" }, service: { name: "p6" } }));`,
  },
  "opentelemetry-web-otlp": {
    dependencies: () => ({ "@opentelemetry/sdk-trace-web": "2.12.0", "@opentelemetry/exporter-trace-otlp-http": "0.223.0" }),
    // npm refuses sdk-trace-web 2.x (peer api <1.10) beside api 1.10 as a direct dependency: OpenTelemetry's own limit
    legacyPeerDeps: (api) => api !== "1.9.0",
    flags: [],
    worker: `import { trace } from "@opentelemetry/api";
import { BatchSpanProcessor, WebTracerProvider } from "@opentelemetry/sdk-trace-web";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
const provider = new WebTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: "https://api.honeyhive.ai/opentelemetry/v1/traces" }))] });
provider.register();
export default {
  async fetch(request, env, ctx) {
    trace.getTracer("app").startActiveSpan("one", (span) => span.end());
    ctx.waitUntil(provider.forceFlush());
    return new Response("ok");
  },
};`,
  },
};

let tarball;
/** `npm pack` of this repo, once per process. */
function packedTarball() {
  if (!tarball) throw new Error("call prepareApp(), which packs the repo first");
  return tarball;
}

/** An app dir with the contender and `@opentelemetry/api@api` installed by plain npm, its worker and wrangler.toml. */
export async function prepareApp(contender, api) {
  if (!tarball) {
    const dir = mkdtempSync(join(tmpdir(), "hh-p6-pack-"));
    await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT });
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")));
  }
  const c = CONTENDERS[contender];
  const dir = mkdtempSync(join(tmpdir(), "hh-p6-app-"));
  const dependencies = { ...c.dependencies(), "@opentelemetry/api": api };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p6", private: true, type: "module", dependencies }));
  writeFileSync(join(dir, "worker.mjs"), c.worker);
  for (const [runtime, source] of Object.entries(c.programs ?? {})) if (source) writeFileSync(join(dir, `${runtime}.mjs`), source);
  writeFileSync(
    join(dir, "wrangler.toml"),
    `name = "p6"\nmain = "worker.mjs"\ncompatibility_date = "2025-01-01"\ncompatibility_flags = ${JSON.stringify(c.flags)}\n`,
  );
  const legacy = c.legacyPeerDeps?.(api) ? ["--legacy-peer-deps"] : [];
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...legacy], {
    cwd: dir,
    maxBuffer: 64 << 20,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  return { dir, legacy: legacy.length > 0, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The Worker as `wrangler deploy --dry-run --outdir` writes it (wrangler's defaults: keep_names on). */
export async function wranglerSize(dir, { minify }) {
  const out = join(dir, minify ? "out-min" : "out");
  await run(WRANGLER, ["deploy", "--dry-run", "--outdir", out, ...(minify ? ["--minify"] : [])], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  const code = readFileSync(join(out, "worker.js"));
  return { bytes: code.length, gzip: gzipSync(code).length };
}

/** The contender's program for `runtime` bundled by esbuild, minified, under that runtime's export conditions. */
export async function esbuildSize(dir, contender, runtime) {
  const program = CONTENDERS[contender].programs?.[runtime];
  if (program === null) return undefined;
  const result = await build({
    entryPoints: [join(dir, program ? `${runtime}.mjs` : "worker.mjs")],
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    target: "es2022",
    platform: "browser",
    conditions: CONDITIONS[runtime],
    external: ["node:*", "cloudflare:*"],
    absWorkingDir: dir,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { bytes: code.length, gzip: gzipSync(code).length };
}

/** How many copies of @opentelemetry/api the minified Worker carries (each names its global key once). */
export function apiCopies(dir) {
  const code = readFileSync(join(dir, "out-min", "worker.js"), "utf8");
  return (code.match(/opentelemetry\.js\.api\./g) ?? []).length;
}

const kib = (bytes) => Math.round((bytes / 1024) * 100) / 100;

export async function runP6() {
  const rows = [];
  for (const api of API_VERSIONS) {
    const sizes = {};
    for (const name of Object.keys(CONTENDERS)) {
      const app = await prepareApp(name, api);
      try {
        const min = await wranglerSize(app.dir, { minify: true });
        const raw = await wranglerSize(app.dir, { minify: false });
        const byConditions = {};
        for (const runtime of Object.keys(CONDITIONS)) byConditions[runtime] = await esbuildSize(app.dir, name, runtime);
        sizes[name] = { min, raw, byConditions, copies: apiCopies(app.dir), legacy: app.legacy };
      } finally {
        app.remove();
      }
    }
    const base = sizes["opentelemetry-web-otlp"];
    for (const [name, s] of Object.entries(sizes)) {
      const flags = (CONTENDERS[name].flags.join(",") || "no flag") + (s.legacy ? "; installed with --legacy-peer-deps" : "");
      const vs = name === "opentelemetry-web-otlp" ? "" : `; ${(s.min.gzip / base.min.gzip).toFixed(2)}× OpenTelemetry web+OTLP`;
      const budget = name === "honeyhive-edge" ? `; budget ${kib(WORKERS_BUDGET_BYTES)} KiB: ${s.min.gzip <= WORKERS_BUDGET_BYTES ? "within" : "OVER"}` : "";
      rows.push({
        name: `P6 realistic Worker, ${name}, api ${api}, wrangler --minify`,
        value: kib(s.min.gzip),
        unit: "KiB gzip",
        note: `${s.min.gzip} B gzip, ${s.min.bytes} B; ${flags}; @opentelemetry/api copies: ${s.copies}${vs}${budget}`,
      });
      rows.push({
        name: `P6 realistic Worker, ${name}, api ${api}, wrangler (not minified)`,
        value: kib(s.raw.gzip),
        unit: "KiB gzip",
        note: `${s.raw.gzip} B gzip, ${s.raw.bytes} B (${kib(s.raw.bytes)} KiB)`,
      });
      for (const [runtime, b] of Object.entries(s.byConditions)) {
        if (!b) continue;
        const ratio = name === "opentelemetry-web-otlp" ? "" : `; ${(b.gzip / base.byConditions[runtime].gzip).toFixed(2)}× OpenTelemetry web+OTLP`;
        rows.push({
          name: `P6 realistic Worker, ${name}, api ${api}, esbuild ${runtime} conditions`,
          value: kib(b.gzip),
          unit: "KiB min+gzip",
          note: `${b.gzip} B gzip, ${b.bytes} B minified; conditions ${CONDITIONS[runtime].join(",")}${ratio}`,
        });
      }
    }
  }
  return { rows };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await runP6()).rows);
