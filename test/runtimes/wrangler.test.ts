// The README's Workers steps with the real tool: `wrangler dev` (wrangler 4.86.0, the newest that runs on Node 20)
// serves examples/cloudflare on loopback, and a request's spans reach the local receiver; `wrangler deploy
// --dry-run` builds the example with the flag and without any (a Worker without nodejs_compat must still build).
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { WRANGLER_ENV, expectExampleServed, startWranglerDev } from "../helpers/wrangler-dev.js";
import { API_KEY, ROOT, requireBuilt, run } from "./support.js";

const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const EXAMPLE = join(ROOT, "examples/cloudflare");
// HOME (in the test's env) for wrangler's own config; its logs beside the others'
const ENV = { ...WRANGLER_ENV, WRANGLER_LOG_PATH: join(tmpdir(), "hh-wrangler-logs") };

let receiver: Receiver;
let state: string;
let dev: ChildProcess | undefined;
beforeAll(async () => {
  requireBuilt("cloudflare");
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
  state = mkdtempSync(join(tmpdir(), "hh-wrangler-"));
});
afterAll(async () => {
  if (dev?.pid) process.kill(dev.pid, "SIGTERM");
  await receiver?.close();
  rmSync(state, { recursive: true, force: true });
  rmSync(join(EXAMPLE, ".wrangler"), { recursive: true, force: true }); // wrangler dev's bundle, beside the config
});

test("wrangler dev --ip 127.0.0.1 serves examples/cloudflare; its spans arrive with the core attributes and one trace", async () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...ENV };
  const w = await startWranglerDev(WRANGLER, EXAMPLE, { state, env, apiKey: API_KEY, receiverUrl: receiver.url });
  dev = w.dev;
  const { answer } = await expectExampleServed(w, receiver);
  expect(answer.attributes).toMatchObject({ "honeyhive.project": "edge-example" });
}, 90_000);

test.each([{ flags: ["nodejs_als"] }, { flags: [] }])("wrangler deploy --dry-run builds the example with compatibility_flags $flags", async ({ flags }) => {
  const dir = mkdtempSync(join(ROOT, "examples/.wrangler-build-"));
  try {
    cpSync(join(EXAMPLE, "worker.mjs"), join(dir, "worker.mjs"));
    const toml = readFileSync(join(EXAMPLE, "wrangler.toml"), "utf8").replace(/^compatibility_flags = .*$/m, `compatibility_flags = ${JSON.stringify(flags)}`);
    writeFileSync(join(dir, "wrangler.toml"), toml);
    const out = await run(WRANGLER, ["deploy", "--dry-run", "--config", join(dir, "wrangler.toml"), "--outdir", join(dir, "out")], ENV, 60_000);
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(readFileSync(join(dir, "out/worker.js"), "utf8")).toContain("withHoneyHive");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
