// The protobuf encoding is opt-in on Workers, Vercel Edge and browsers: a bundle that never calls
// useOtlpProtobuf carries none of it (nor otlp-transformer), one that calls it carries it.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A Worker-style bundle (workerd conditions, minified, tree-shaken) of a module importing our cloudflare entry. */
async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*", "cloudflare:*"],
    minify: true,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

describe("protobuf in a JSON-only bundle", () => {
  it("is absent unless useOtlpProtobuf is called", async () => {
    const jsonOnly = await bundle(`import { withHoneyHive } from "./runtimes/cloudflare/index.ts"; export default withHoneyHive({ fetch: () => new Response("ok") });`);
    const has = (code: string, text: string) => code.includes(text); // (a failed toContain would print the whole bundle)
    expect(has(jsonOnly, "/opentelemetry/v1/traces")).toBe(true); // the exporter is there
    expect(has(jsonOnly, "application/x-protobuf")).toBe(false);
    expect(has(jsonOnly, "serializeRequest")).toBe(false);
    const withProtobuf = await bundle(
      `import { withHoneyHive, useOtlpProtobuf } from "./runtimes/cloudflare/index.ts"; useOtlpProtobuf({ serializeRequest: () => new Uint8Array() }); export default withHoneyHive({ fetch: () => new Response("ok") });`,
    );
    expect(has(withProtobuf, "application/x-protobuf")).toBe(true);
  });
});
