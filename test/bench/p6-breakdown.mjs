// Where the realistic Worker's bytes are: the P6 app (our packed tarball + npm's latest API), with our entry
// aliased to this repo's sources so bytes land on src/ files, bundled by esbuild as wrangler does it (workerd
// conditions, keep_names, --minify). Per input file: minified bytes (metafile) and gzip marginal (bundle gzip minus
// gzip without that file's code). `npm run build` first; `node test/bench/p6-breakdown.mjs [rows] [--no-keep-names]`.
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { prepareApp } from "./p6-sizes.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const rowsWanted = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 25);
const keepNames = !process.argv.includes("--no-keep-names");

const app = await prepareApp("honeyhive-edge", "1.10.0");
try {
  // our sources inside the installed package, so their imports resolve to the versions the app installed
  const pkg = join(app.dir, "node_modules/honeyhive-edge");
  for (const d of ["src", "runtimes"]) cpSync(join(ROOT, d), join(pkg, d), { recursive: true });
  const options = (extra) => ({
    entryPoints: [join(app.dir, "worker.mjs")],
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["node:*", "cloudflare:*"],
    keepNames,
    absWorkingDir: app.dir,
    logLevel: "silent",
    alias: { "honeyhive-edge": join(pkg, "runtimes/cloudflare/index.ts") },
    ...extra,
  });
  const gz = (s) => gzipSync(s).length;
  const name = (f) => f.replace(/^.*node_modules\//, "").replace(/^honeyhive-edge\//, "");
  const full = await build(options({ minify: true, metafile: true }));
  const minBytes = {};
  for (const [f, v] of Object.entries(Object.values(full.metafile.outputs)[0].inputs)) minBytes[name(f)] = v.bytesInOutput;
  // without whitespace minification esbuild keeps its "// path" markers: split there, then squeeze each part
  const marked = (await build(options({ minifySyntax: true, minifyIdentifiers: true }))).outputFiles[0].text;
  const parts = [];
  for (const chunk of marked.split(/\n(?=\/\/ [^\n]*\n)/)) {
    const m = /^\/\/ ([^\n]*)\n/.exec(chunk);
    const code = (await transform(m ? chunk.slice(m[0].length) : chunk, { minifyWhitespace: true, logLevel: "silent" })).code;
    parts.push({ file: m ? name(m[1]) : "(prelude)", code });
  }
  const total = gz(parts.map((p) => p.code).join(""));
  const without = (drop) => total - gz(parts.filter((p) => !drop(p)).map((p) => p.code).join(""));
  const packageOf = (f) => (/^(src|runtimes)\//.test(f) ? "honeyhive-edge" : (/^(@[^/]+\/[^/]+|[^/]+)\//.exec(f)?.[1] ?? f));
  const code = full.outputFiles[0].contents;
  console.log(`esbuild as wrangler --minify (keep_names ${keepNames}): ${code.length} B, ${gz(code)} B gzip`);
  const packages = {};
  for (const p of parts) (packages[packageOf(p.file)] ??= { minified: 0 }).minified += minBytes[p.file] ?? p.code.length;
  for (const k of Object.keys(packages)) packages[k].gzipWithout = without((p) => packageOf(p.file) === k);
  console.table(packages);
  const rows = parts.map((p) => ({ file: p.file, minified: minBytes[p.file] ?? p.code.length, gzipMarginal: without((q) => q === p) }));
  console.table(rows.sort((a, b) => b.gzipMarginal - a.gzipMarginal).slice(0, rowsWanted));
} finally {
  app.remove();
}
