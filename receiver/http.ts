// Small HTTP helpers for the receiver: loopback check, body reading with a cap, decompression, header redaction.
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { gunzip, inflate } from "node:zlib";
import { promisify } from "node:util";

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

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

export type DecodedBody = { ok: true; body: Buffer } | { ok: false; status: 400 | 413 | 415; error: string };

/** Undo Content-Encoding (gzip, deflate, identity); the decompressed size is capped too (no gzip bombs). */
export async function decodeContentEncoding(body: Buffer, encoding: string, cap: number): Promise<DecodedBody> {
  const enc = encoding.trim().toLowerCase();
  if (enc === "" || enc === "identity") return { ok: true, body };
  const inflater = enc === "gzip" || enc === "x-gzip" ? gunzipAsync : enc === "deflate" ? inflateAsync : undefined;
  if (!inflater) return { ok: false, status: 415, error: `unsupported Content-Encoding ${JSON.stringify(encoding)}; use gzip or none` };
  try {
    return { ok: true, body: await inflater(body, { maxOutputLength: cap }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) {
      return { ok: false, status: 413, error: `decompressed body exceeds ${cap} bytes` };
    }
    return { ok: false, status: 400, error: `invalid ${enc} body: ${err.message}` };
  }
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
