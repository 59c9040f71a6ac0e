import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(".");
const work = mkdtempSync(join(tmpdir(), "hh-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } });

describe("npm pack", () => {
  it("produces a tarball that installs and imports in a fresh Node project, types included", () => {
    npm(["pack", "--pack-destination", work], root);
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))!;
    const app = join(work, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", type: "module", private: true }));
    // offline: dependencies come from the local npm cache that this repo's install filled
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, tarball)], app);
    // @opentelemetry/api is a peer: npm installs it once, at the app's top level, never inside our package
    const manifest = JSON.parse(readFileSync(join(app, "node_modules/honeyhive-edge/package.json"), "utf8"));
    expect(manifest.peerDependencies).toEqual({ "@opentelemetry/api": ">=1.9.0 <1.11.0" });
    expect(manifest.dependencies["@opentelemetry/api"]).toBeUndefined();
    expect(existsSync(join(app, "node_modules/@opentelemetry/api/package.json"))).toBe(true);
    expect(existsSync(join(app, "node_modules/honeyhive-edge/node_modules/@opentelemetry/api"))).toBe(false);
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `
      import { HoneyHiveTracer, computeSpanLimits, resolveConfig, CORE_ATTRIBUTES } from "honeyhive-edge";
      import * as core from "honeyhive-edge/core";
      const t = HoneyHiveTracer.init({ env: {}, serverUrl: "http://127.0.0.1:9" });
      console.log(t.strategy, computeSpanLimits(resolveConfig({}, {})).attributeCountLimit, CORE_ATTRIBUTES.length, typeof core.truncateUtf8);
    `], { cwd: app, encoding: "utf8" });
    expect(out.trim()).toBe("new_provider 1024 9 function");
    writeFileSync(join(app, "check.ts"), `
      import { HoneyHiveTracer, type ResolvedConfig } from "honeyhive-edge";
      const t = HoneyHiveTracer.init({ maxAttributes: 2000 });
      const c: ResolvedConfig = t.config;
      const n: number = c.maxAttributes + (t.limits.attributeCountLimit ?? 0);
      export { n };
    `);
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", noEmit: true, skipLibCheck: false, types: [] },
      files: ["check.ts"],
    }));
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", app], { encoding: "utf8" });
  }, 120_000);
});
