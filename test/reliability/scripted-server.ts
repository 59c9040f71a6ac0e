// A loopback HTTP server whose answers a test scripts, for what the receiver's faults don't cover:
// Retry-After as an HTTP date, a 413 below our request size, bodies that echo headers and URLs.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface Seen {
  at: number;
  url: string;
  headers: IncomingHttpHeaders;
  /** decompressed body */
  body: Buffer;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** answer after this long */
  delayMs?: number;
}

export interface ScriptedServer {
  url: string;
  seen: Seen[];
  /** how many requests have been answered so far */
  readonly answered: number;
  close(): Promise<void>;
}

/** `answer` is called for each request (with what came so far) and says how to reply. */
export async function startScripted(answer: (req: Seen, index: number) => Answer): Promise<ScriptedServer> {
  const seen: Seen[] = [];
  const answered = { n: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const s: Seen = { at: Date.now(), url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      const a = answer(s, seen.length - 1);
      const reply = () => {
        res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
        res.end(a.body ?? "{}");
        answered.n++;
      };
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get answered() {
      return answered.n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Spans in an OTLP/JSON body the exporter sent. */
export function spanCount(body: Buffer): number {
  const json = JSON.parse(body.toString("utf8")) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
  return json.resourceSpans.flatMap((r) => r.scopeSpans).reduce((n, s) => n + s.spans.length, 0);
}
