// Builds dist/: one ESM file per entry point (shared code split into chunks) plus .d.ts files.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export const ENTRIES = {
  core: "src/index.ts",
  node: "runtimes/node/index.ts",
  deno: "runtimes/deno/index.ts",
  receiver: "receiver/index.ts",
  cli: "receiver/cli.ts",
};

/** The entries for bundled runtimes; built like the others, so the app's bundler sees one @opentelemetry/api. */
export const EDGE_ENTRIES = {
  cloudflare: "runtimes/cloudflare/index.ts",
  browser: "runtimes/browser/index.ts",
  "vercel-edge": "runtimes/vercel-edge/index.ts",
};

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: { ...ENTRIES, ...EDGE_ENTRIES },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  packages: "external", // dependencies stay imports; the user's bundler (or Node) resolves and dedupes them
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
// the bin needs a shebang; a banner would put it on every chunk
writeFileSync("dist/cli.js", "#!/usr/bin/env node\n" + readFileSync("dist/cli.js", "utf8"));
chmodSync("dist/cli.js", 0o755);
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
