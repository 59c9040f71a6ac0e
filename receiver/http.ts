// Small HTTP helpers for the receiver: loopback check, body reading with a cap, decompression, header redaction.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { createGunzip, createInflate } from "node:zlib";

/** The receiver never listens beyond this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  // IPv4-mapped, as URL writes it (::ffff:7f00:1), the same rule as the exporter's isLoopbackUrl
  if (/^::ffff:7f[\da-f]{2}:[\da-f]{1,4}$/.test(h)) return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

export interface RawBody {
  body: Buffer;
  /** Bytes received on the wire (before decompression). */
  bytes: number;
  /** The body (or its declared Content-Length) exceeded the cap; `body` is then empty. */
  overflow: boolean;
}

/** Reads the whole body; past `cap` bytes it keeps draining but stops buffering, so the client still gets a 413. */
export function readBody(req: IncomingMessage, cap: number): Promise<RawBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let overflow = Number(req.headers["content-length"] ?? 0) > cap;
    let ended = false;
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > cap) overflow = true;
      if (overflow) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      ended = true;
      resolve({ body: overflow ? Buffer.alloc(0) : Buffer.concat(chunks), bytes, overflow });
    });
    req.on("error", reject);
    req.on("close", () => {
      if (!ended) reject(new Error("client closed the connection before the body was complete"));
    });
  });
}

export type DecodedBody = { ok: true; body: Buffer } | { ok: false; status: 400 | 413 | 415 | 503; error: string };

/**
 * Decompressed bytes held by every decompression running in this process at once. Each body is capped on
 * its own; this bounds many at a time (8 concurrent gzip bombs of 190 MB took the receiver to 2.4 GB).
 */
export const INFLATE_BUDGET_BYTES = 128 * 1024 * 1024;
let inflating = 0;

/**
 * Undo Content-Encoding (gzip, deflate, identity), streaming: decompression stops as soon as the body passes
 * `cap` or the budget (413), or all decompressions together pass INFLATE_BUDGET_BYTES (503, retried by exporters).
 */
export function decodeContentEncoding(body: Buffer, encoding: string, cap: number): Promise<DecodedBody> {
  const enc = encoding.trim().toLowerCase();
  if (enc === "" || enc === "identity") return Promise.resolve({ ok: true, body });
  const gzip = enc === "gzip" || enc === "x-gzip";
  if (!gzip && enc !== "deflate") {
    return Promise.resolve({ ok: false, status: 415, error: `unsupported Content-Encoding ${JSON.stringify(encoding)}; use gzip or none` });
  }
  return new Promise((resolve) => {
    const z = gzip ? createGunzip() : createInflate();
    const chunks: Buffer[] = [];
    let n = 0;
    let done = false;
    // a body larger than the whole budget could never fit: 413, like one over its own cap
    const limit = Math.min(cap, INFLATE_BUDGET_BYTES);
    const finish = (result: DecodedBody) => {
      if (done) return;
      done = true;
      inflating -= n;
      n = 0;
      z.removeAllListeners("data");
      z.destroy();
      resolve(result);
    };
    z.on("data", (chunk: Buffer) => {
      n += chunk.length;
      inflating += chunk.length;
      if (n > limit) finish({ ok: false, status: 413, error: `decompressed body exceeds ${limit} bytes` });
      else if (inflating > INFLATE_BUDGET_BYTES) finish({ ok: false, status: 503, error: "the receiver is decompressing too much at once; retry later" });
      else chunks.push(chunk);
    });
    z.on("end", () => finish({ ok: true, body: Buffer.concat(chunks) }));
    z.on("error", (err) => finish({ ok: false, status: 400, error: `invalid ${enc} body: ${err.message}` }));
    z.end(body);
  });
}

/** "application/json; charset=utf-8" → "application/json". */
export function mediaType(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

/** Flattens headers for the request log; credentials never reach it. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const flat = Array.isArray(value) ? value.join(", ") : value;
    if (name === "authorization") {
      const scheme = /^(\S+)\s+\S/.exec(flat)?.[1];
      out[name] = scheme ? `${scheme} [redacted]` : "[redacted]";
    } else if (name === "x-api-key") out[name] = "[redacted]";
    else out[name] = flat;
  }
  return out;
}
