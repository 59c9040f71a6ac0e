import { execFileSync } from "node:child_process";
import { afterAll, expect, it } from "vitest";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";

let app: PackedApp | undefined;
afterAll(() => app?.remove());

it("installs the packed tarball into a fresh app that imports it", async () => {
  app = await installPackedApp({ files: { "main.mjs": `import { CORE_ATTRIBUTES } from "honeyhive-edge"; console.log(Array.isArray(CORE_ATTRIBUTES));` } });
  expect(execFileSync(process.execPath, ["main.mjs"], { cwd: app.dir, encoding: "utf8" }).trim()).toBe("true");
}, 180_000);
