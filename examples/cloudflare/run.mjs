// Runs worker.mjs locally in workerd (miniflare), bundled the way wrangler does, and sends it one request.
//   npx honeyhive-edge receive --port 4318 &   node examples/cloudflare/run.mjs
import { build } from "esbuild";
import { Miniflare } from "miniflare";

const { outputFiles } = await build({
  entryPoints: [new URL("./worker.mjs", import.meta.url).pathname],
  bundle: true, write: false, format: "esm", platform: "browser", conditions: ["workerd", "worker", "browser"],
});
const mf = new Miniflare({
  modules: [{ type: "ESModule", path: "worker.mjs", contents: outputFiles[0].text }],
  compatibilityDate: "2025-01-01",
  compatibilityFlags: ["nodejs_als"],
  bindings: { HH_PROJECT: "edge-example", HH_API_URL: process.env.HH_API_URL ?? "http://127.0.0.1:4318" },
});
console.log(await (await mf.dispatchFetch("http://localhost/")).text());
await new Promise((resolve) => setTimeout(resolve, 1000)); // the flush runs in ctx.waitUntil after the response
await mf.dispose();
