import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { API_KEY, useReceiver } from "../helpers/setup.js";

const ctx = useReceiver();

/** Runs a program against the built package in a separate Node process, config from its env only. */
async function runNode(source: string, env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const [code] = await once(child, "exit");
  return { code: code as number, stderr };
}

describe("a Node process exporting over HTTP to the receiver", () => {
  it("applies HH_MAX_ATTRIBUTES from process.env: 300 set, 200 exported, the rest counted as dropped", async () => {
    const program = `
      import { HoneyHiveTracer } from "honeyhive-edge";
      const tracer = HoneyHiveTracer.init({ project: "proc" });
      tracer.trace("wide", (span) => { for (let i = 0; i < 300; i++) span.setAttribute("attr." + i, i); }, { eventType: "tool" });
      // no explicit flush: beforeExit must deliver it
    `;
    const { code, stderr } = await runNode(program, { HH_API_KEY: API_KEY, HH_API_URL: ctx.receiver.url, HH_MAX_ATTRIBUTES: "200" });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [span] = await ctx.receiver.waitForSpans(1);
    expect(span.attributeKeys).toHaveLength(200);
    // 6 core keys at start (session_auto_create included) + event type + 300 user keys = 307 set, and the slot
    // of the record of the list attr.* 's dropped range (honeyhive.dropped.attr)
    expect(span.droppedAttributesCount).toBe(108);
    expect(span.attributes["honeyhive.dropped.attr"]).toMatch(/^\d+-\d+$/);
    expect(span.attributes["honeyhive.session_id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(span.attributes["honeyhive.project"]).toBe("proc");
    expect(span.resource["service.name"]).toBe("proc");
    expect(ctx.receiver.requests[0].headers["x-source"]).toBe("dev");
  });

  it("fails init with an actionable ConfigError for a bad env value, naming the variable", async () => {
    const program = `
      import { HoneyHiveTracer, ConfigError } from "honeyhive-edge";
      try { HoneyHiveTracer.init(); } catch (e) { console.error(e instanceof ConfigError, e.source, e.message); process.exit(3); }
    `;
    const { code, stderr } = await runNode(program, { HH_MAX_ATTRIBUTE_LENGTH: "1e3" });
    expect(code).toBe(3);
    expect(stderr).toContain("true env:HH_MAX_ATTRIBUTE_LENGTH");
    expect(stderr).toContain("HH_MAX_ATTRIBUTE_LENGTH");
  });

  it("warns once about a misspelled variable, naming the right one", async () => {
    const program = `import { HoneyHiveTracer } from "honeyhive-edge"; HoneyHiveTracer.init({ serverUrl: "${ctx.receiver.url}" });`;
    const { code, stderr } = await runNode(program, { HONEYHIVE_MAX_ATTRIBUTES: "2000" });
    expect(code).toBe(0);
    expect(stderr.match(/HH_MAX_ATTRIBUTES/g)).toHaveLength(1);
  });
});
