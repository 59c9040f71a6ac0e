// Runs the route locally in @edge-runtime/vm (bundled with Next.js's edge conditions) and sends it one request.
//   npx honeyhive-edge receive --port 4318 &   node examples/vercel-edge/run.mjs
import { AsyncLocalStorage } from "node:async_hooks";
import { EdgeVM } from "@edge-runtime/vm";
import { build } from "esbuild";

const { outputFiles } = await build({
  stdin: { contents: `import { GET } from "./app/api/hello/route.mjs"; addEventListener("fetch", (e) => e.respondWith(GET(e.request, e)));`, resolveDir: new URL(".", import.meta.url).pathname },
  bundle: true, write: false, format: "iife", platform: "browser", conditions: ["edge-light", "worker", "browser", "module"],
});
// what Vercel's platform provides: process.env and a global AsyncLocalStorage
const env = { HH_PROJECT: "edge-example", HH_API_URL: process.env.HH_API_URL ?? "http://127.0.0.1:4318" };
const vm = new EdgeVM({ extend: (context) => Object.assign(context, { process: { env }, AsyncLocalStorage }) });
vm.evaluate(outputFiles[0].text);
const response = await vm.dispatchFetch("http://localhost/api/hello");
console.log(await response.text());
await response.waitUntil();
