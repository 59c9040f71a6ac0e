// The API-version matrix: an app on the oldest @opentelemetry/api we support and one on npm's newest 1.x install
// our packed tarball with plain `npm install`, get exactly one API copy, and the spans they make through their
// OWN trace.getTracer() arrive at the local receiver with the core attributes.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { installPackedApp, type PackedApp } from "../helpers/packed-app.js";

const run = promisify(execFile);
const API_KEY = "hh_api_matrix_key_0123456789";
const CORE = ["honeyhive.session_id", "honeyhive.project", "honeyhive.source", "honeyhive_event_type", "honeyhive_event_name"];

// the app's own API makes the spans; HoneyHive is only initialised
const APP = `import { trace } from "@opentelemetry/api";
import { HoneyHiveTracer } from "honeyhive-edge";
const hh = HoneyHiveTracer.init({ apiKey: process.env.KEY, serverUrl: process.env.URL, project: "api-matrix" });
const app = trace.getTracer("app");
app.startActiveSpan("app.parent", (parent) => {
  app.startSpan("app.child").end();
  parent.end();
});
await hh.flush();
console.log(JSON.stringify({ sessionId: hh.sessionId, tracer: app.constructor.name }));
`;

/** Every installed copy of @opentelemetry/api under node_modules, at any depth. */
function apiCopies(dir: string): string[] {
  const found: string[] = [];
  const walk = (nm: string) => {
    let names: string[];
    try {
      names = readdirSync(nm);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(nm, name);
      if (name.startsWith("@")) {
        for (const sub of readdirSync(path)) {
          const pkg = join(path, sub);
          if (`${name}/${sub}` === "@opentelemetry/api") found.push(JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version);
          if (statSync(join(pkg)).isDirectory()) walk(join(pkg, "node_modules"));
        }
      } else if (statSync(path).isDirectory()) walk(join(path, "node_modules"));
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

let receiver: Receiver;
const apps: PackedApp[] = [];
beforeAll(async () => {
  receiver = await startReceiver({ port: 0, apiKey: API_KEY });
});
afterAll(async () => {
  apps.forEach((a) => a.remove());
  await receiver?.close();
});

describe.each(["1.9.0", "1.10.0"])("an app on @opentelemetry/api %s", (api) => {
  it("installs with plain npm install, has one API copy, and its own tracer's spans arrive with the core attributes", async () => {
    // installPackedApp rejects on a non-zero exit: an ERESOLVE error fails here
    const app = await installPackedApp({ dependencies: { "@opentelemetry/api": api }, files: { "app.mjs": APP } });
    apps.push(app);
    expect(app.installLog).not.toMatch(/npm error/i);
    expect(apiCopies(app.dir)).toEqual([api]);

    const { stdout } = await run(process.execPath, ["app.mjs"], { cwd: app.dir, env: { PATH: process.env.PATH, KEY: API_KEY, URL: receiver.url } });
    const report = JSON.parse(stdout.trim().split("\n").pop()!) as { sessionId: string; tracer: string };
    expect(report.tracer).not.toBe("ProxyTracer");
    const spans = receiver.accepted.filter((s) => s.attributes["honeyhive.session_id"] === report.sessionId);
    expect(spans.map((s) => s.name).sort()).toEqual(["app.child", "app.parent"]);
    for (const span of spans) for (const key of CORE) expect(span.attributes, `${span.name} has ${key}`).toHaveProperty([key]);
    const parent = spans.find((s) => s.name === "app.parent")!;
    expect(spans.find((s) => s.name === "app.child")!.parentSpanId).toBe(parent.spanId);
  }, 180_000);
});
