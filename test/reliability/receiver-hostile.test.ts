// The local receiver survives hostile bodies (issue 14, item 15): gzip bombs are decompressed as a stream and
// stopped at a bound (413, or 503 while others use the process's budget), so 8 concurrent 189 KB bombs of
// 190 MB do not balloon its memory (2.4 GB before); values nested 50,000 deep are a 400 with a reason, not a
// stack overflow answered 500. The bombs go to a receiver in its own process (dist/receiver.js), whose peak
// RSS (VmHWM) is read from /proc.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { API_KEY, useTestReceiver } from "./helpers.js";
import { requireBuilt } from "../runtimes/support.js";

const ctx = useTestReceiver();
const DEPTH = 50_000;

/** A gzip body of `bytes` spaces inside a JSON request's opening, compressed as it is made (~1 KB per MB). */
async function gzipBomb(bytes: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on("data", (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gz.on("end", resolve));
  gz.write('{"resourceSpans":[');
  const spaces = Buffer.alloc(1 << 20, " ");
  for (let n = 0; n < bytes; n += spaces.length) if (!gz.write(spaces)) await new Promise((r) => gz.once("drain", r));
  gz.end("]}");
  await done;
  return Buffer.concat(out);
}

function peakRssMiB(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return Math.round(kb / 1024);
}

const post = (url: string, body: Uint8Array, headers: Record<string, string>) =>
  fetch(url, { method: "POST", headers: { authorization: `Bearer ${API_KEY}`, ...headers }, body: body as BodyInit });

describe("hostile bodies at the receiver", () => {
  it("8 concurrent gzip bombs (189 KB → 190 MB each): refused with 413/503, peak RSS stays bounded", async () => {
    requireBuilt("receiver");
    const bomb = await gzipBomb(190_000_000);
    expect(bomb.length).toBeLessThan(250_000);
    const script = `import("${process.cwd()}/dist/receiver.js").then(async (m) => { const r = await m.startReceiver({ port: 0, apiKey: ${JSON.stringify(API_KEY)} }); console.log(r.endpoint); })`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const killer = setTimeout(() => child.kill(), 55_000); // a test that times out runs no finally
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
        child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
      });
      const before = peakRssMiB(child.pid!);
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => post(endpoint, bomb, { "content-type": "application/json", "content-encoding": "gzip" }).then(async (r) => ({ status: r.status, error: ((await r.json()) as { error: string }).error }))),
      );
      const peak = peakRssMiB(child.pid!);
      const facts = JSON.stringify({ before, peak, answers });
      process.stderr.write(`[gzip bombs] receiver peak RSS ${peak} MiB (at start ${before} MiB)\n`); // the figure for the notes
      for (const a of answers) expect([413, 503], facts).toContain(a.status);
      expect(answers.some((a) => a.status === 413 && /decompressed body exceeds/.test(a.error)), facts).toBe(true);
      expect(peak - before, facts).toBeLessThan(400);
      // and it still serves an ordinary request afterwards
      const ok = await post(endpoint, Buffer.from('{"resourceSpans":[]}'), { "content-type": "application/json" });
      expect(ok.status).toBe(200);
    } finally {
      clearTimeout(killer);
      child.kill();
    }
  }, 60_000);

  it(`a JSON value nested ${DEPTH} deep is a 400 naming the limit, not a 500`, async () => {
    const value = '{"arrayValue":{"values":['.repeat(DEPTH) + "]}}".repeat(DEPTH);
    const span = `{"traceId":"${"1".repeat(32)}","spanId":"${"2".repeat(16)}","name":"deep","attributes":[{"key":"deep","value":${value}}]}`;
    const res = await post(ctx.receiver.endpoint, Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`), { "content-type": "application/json" });
    const body = (await res.json()) as { error: string };
    expect(res.status, body.error.slice(0, 300)).toBe(400);
    expect(body.error).toMatch(/^malformed OTLP\/JSON: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[0\]\.value(\.arrayValue\.values\[0\])+: values nested deeper than 100 levels$/);
  });

  it(`a protobuf value nested ${DEPTH} deep is a 400 naming the limit, not a 500`, async () => {
    // AnyValue { array_value (5) { values (1) { AnyValue ... } } }, written outside in from lengths computed inside out
    const varint = (n: number) => { const b: number[] = []; for (; n > 127; n >>>= 7) b.push((n & 127) | 128); b.push(n); return b; };
    const sizes = [0];
    for (let i = 1; i <= DEPTH; i++) {
      const inner = sizes[i - 1];
      const array = 1 + varint(inner).length + inner;
      sizes.push(1 + varint(array).length + array);
    }
    const value: number[] = [];
    for (let i = DEPTH; i >= 1; i--) {
      const inner = sizes[i - 1];
      value.push(0x2a, ...varint(1 + varint(inner).length + inner), 0x0a, ...varint(inner));
    }
    const len = (field: number, bytes: number[]) => [(field << 3) | 2, ...varint(bytes.length), ...bytes];
    const keyValue = [...len(1, [...Buffer.from("deep")]), ...len(2, value)];
    const span = [...len(1, new Array(16).fill(1)), ...len(2, new Array(8).fill(2)), ...len(9, keyValue)];
    const request = len(1, len(2, len(2, span)));
    const res = await post(ctx.receiver.endpoint, new Uint8Array(request), { "content-type": "application/x-protobuf" });
    const body = (await res.json()) as { error: string };
    expect(res.status, body.error.slice(0, 300)).toBe(400);
    expect(body.error).toBe("malformed OTLP/protobuf: protobuf: values nested deeper than 100 levels");
  });
});
