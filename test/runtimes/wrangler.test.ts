// The README's Workers steps with the real tool: `wrangler dev` (wrangler 4.86.0, the newest that runs on Node 20)
// serves examples/cloudflare on loopback, and a request's spans reach the local receiver; `wrangler deploy
// --dry-run` builds the example with the flag and without any (a Worker without nodejs_compat must still build).
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { API_KEY, ROOT, requireBuilt, run } from "./support.js";

const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const EXAMPLE = join(ROOT, "examples/cloudflare");
// no metrics, no prompts, no colour; HOME for wrangler's own config and logs
// CLOUDFLARE_CF_FETCH_ENABLED=false: Miniflare must not look up workers.cloudflare.com (tests reach loopback only)
const ENV = { WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_LOG_PATH: join(tmpdir(), "hh-wrangler-logs") };

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

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test("wrangler dev --ip 127.0.0.1 serves examples/cloudflare; its spans arrive with the core attributes and one trace", async () => {
  const port = await freePort();
  let output = "";
  dev = spawn(
    WRANGLER,
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--persist-to", state,
      "--show-interactive-dev-session=false", "--var", `HH_API_KEY:${API_KEY}`, "--var", `HH_API_URL:${receiver.url}`],
    { cwd: EXAMPLE, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...ENV } },
  );
  dev.stdout!.on("data", (d) => (output += d));
  dev.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes("Ready on")) {
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ text: "hello from the edge" });
  await receiver.waitFor(() => receiver.accepted.some((s) => s.name === "answer"), 15_000);
  const answer = receiver.accepted.find((s) => s.name === "answer")!;
  const request = receiver.accepted.find((s) => s.name === "GET /" && s.traceId === answer.traceId)!;
  expect(answer.parentSpanId).toBe(request.spanId);
  expect(answer.attributes).toMatchObject({ "honeyhive.project": "edge-example", honeyhive_event_type: "tool" });
  expect(answer.attributes).toHaveProperty(["honeyhive.session_id"]);
  expect(receiver.rejected).toEqual([]);
  // the example sets nodejs_als: no warning about lost context
  expect(output).not.toContain("without AsyncLocalStorage");
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
