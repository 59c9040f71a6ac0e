// The local receiver: a real OTLP/HTTP (JSON and protobuf) server on loopback that behaves like HoneyHive's ingest path.
import { isAscii } from "node:buffer";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { decodeTraceRequestJson, OtlpDecodeError, type ReceivedSpan } from "./decode.js";
import { decodeTraceRequestProtobuf } from "./protobuf.js";
import { validateSpan } from "./validate.js";
import { checkFaultOptions, createFaultPicker, emptyFaultCounts, type FaultCounts, type FaultKind, type FaultOptions } from "./faults.js";
import { decodeContentEncoding, isLoopbackHost, mediaType, readBody, redactHeaders } from "./http.js";
import { SessionBook, parseSessionStart, spanSessionId, type ReceivedSession, type StartedSession } from "./sessions.js";

/** Most bodies are pure ASCII: then copying bytes (latin1) gives the same text ~6× faster than UTF-8 decoding. */
const jsonText = (body: Buffer): string => (isAscii(body) ? body.toString("latin1") : body.toString("utf8"));

export const DEFAULT_PATH = "/opentelemetry/v1/traces";
export const DEFAULT_MAX_BODY_BYTES = 200 * 1024 * 1024;
/** HoneyHive's session API (the route every HoneyHive SDK calls at init). */
export const SESSION_START_PATH = "/session/start";
// the browser runtime posts from a page origin; Retry-After must be readable there too
const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Retry-After" };

export interface ReceiverOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything but loopback (127.0.0.0/8, ::1, localhost) is refused. */
  host?: string;
  /** When set, every request must carry `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string;
  /** Default /opentelemetry/v1/traces. */
  path?: string;
  /** Called once per span that is accepted (first time seen) or rejected; `orphaned`: its session did not exist when it arrived. */
  onSpan?: (span: ReceivedSpan, verdict: SpanVerdict) => void;
  /** Called once per session started with POST /session/start. */
  onSessionStart?: (session: StartedSession) => void;
  /** Called once per HTTP request, when it has been answered (or faulted). */
  onRequest?: (request: RequestRecord) => void;
  faults?: FaultOptions;
  /** Cap on the body, on the wire and after decompression; default 200 MiB. */
  maxBodyBytes?: number;
  /** Keep each request's decompressed body on its RequestRecord (`body`), for tests that inspect raw payloads. */
  keepBodies?: boolean;
}

export interface RequestRecord {
  id: number;
  method: string;
  path: string;
  /** Lower-case names; authorization shows as "Bearer [redacted]". */
  headers: Record<string, string>;
  /** Body bytes on the wire (compressed size when Content-Encoding is set). */
  bytes: number;
  encoding: string;
  contentType: string;
  /** HTTP status answered; 0 when no answer was sent (hang, reset, client gone). */
  status: number;
  /** Spans decoded from the body (0 when it was not decoded). */
  spanCount: number;
  fault?: FaultKind;
  /** Why the request was not a plain 200. */
  error?: string;
  /** The decompressed body, only with `keepBodies` (and only once it was decoded). */
  body?: Buffer;
}

export interface SpanVerdict {
  accepted: boolean;
  reasons: string[];
  /** The span's session id (honeyhive.session_id > traceloop's > session.id). */
  sessionId?: string;
  /** Accepted, but its session was never created (no honeyhive.session_auto_create, no /session/start): shown in no session. */
  orphaned: boolean;
}

export interface RejectedSpan {
  span: ReceivedSpan;
  reasons: string[];
  missing: string[];
}

export interface Receiver {
  /** "http://127.0.0.1:PORT": the serverUrl / HH_API_URL to give the tracer. */
  readonly url: string;
  readonly port: number;
  /** The ingest endpoint: url + path. */
  readonly endpoint: string;
  readonly accepted: ReceivedSpan[];
  readonly rejected: RejectedSpan[];
  readonly requests: RequestRecord[];
  /** Accepted spans whose traceId+spanId had already been accepted: counted, not recorded again. */
  readonly duplicates: number;
  readonly faultCounts: FaultCounts;
  /** Sessions started with POST /session/start, by id. */
  readonly startedSessions: ReadonlyMap<string, StartedSession>;
  /** The accepted spans grouped as HoneyHive shows them: sessions that exist, and the spans of none (orphaned). */
  sessions(): { sessions: ReceivedSession[]; orphaned: ReceivedSpan[] };
  /** Accepted spans whose session does not exist (now): HoneyHive accepts them and shows them nowhere. */
  readonly orphaned: ReceivedSpan[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  waitForSpans(n: number, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Forgets every span, request, duplicate and fault count (the arrays are emptied in place). */
  clear(): void;
  close(): Promise<void>;
  /** Replaces the fault options (undefined turns faults off) and restarts the seeded sequence. */
  setFaults(f?: FaultOptions): void;
}

/** Starts listening; rejects if the host is not loopback or the port is taken. */
export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const host = opts.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) throw new Error(`the receiver only listens on loopback (127.0.0.1, ::1, localhost), not ${JSON.stringify(host)}`);
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer in 0..65535, got ${port}`);
  if (opts.faults) checkFaultOptions(opts.faults);
  const receiver = new LocalReceiver(opts);
  await receiver.listen(port, host);
  return receiver;
}

class LocalReceiver implements Receiver {
  url = "";
  port = 0;
  endpoint = "";
  readonly accepted: ReceivedSpan[] = [];
  readonly rejected: RejectedSpan[] = [];
  readonly requests: RequestRecord[] = [];
  duplicates = 0;
  readonly faultCounts = emptyFaultCounts();
  private readonly book = new SessionBook();

  get startedSessions(): ReadonlyMap<string, StartedSession> {
    return this.book.started;
  }

  sessions(): { sessions: ReceivedSession[]; orphaned: ReceivedSpan[] } {
    return this.book.group(this.accepted);
  }

  get orphaned(): ReceivedSpan[] {
    return this.sessions().orphaned;
  }

  private readonly path: string;
  private readonly maxBodyBytes: number;
  private readonly seen = new Set<string>();
  private readonly hanging = new Map<Socket, NodeJS.Timeout>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private faults: FaultOptions | undefined;
  private pickFault: () => FaultKind | undefined;
  private nextId = 0;
  private closed: Promise<void> | undefined;

  private readonly opts: ReceiverOptions;

  constructor(opts: ReceiverOptions) {
    this.opts = opts;
    this.path = opts.path ?? DEFAULT_PATH;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.faults = opts.faults;
    this.pickFault = createFaultPicker(opts.faults);
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        const addr = this.server.address() as AddressInfo;
        this.port = addr.port;
        this.url = `http://${addr.family === "IPv6" ? `[${addr.address}]` : addr.address}:${addr.port}`;
        this.endpoint = this.url + this.path;
        resolve();
      });
    });
  }

  setFaults(f?: FaultOptions): void {
    if (f) checkFaultOptions(f);
    this.faults = f;
    this.pickFault = createFaultPicker(f);
  }

  clear(): void {
    this.accepted.length = 0;
    this.rejected.length = 0;
    this.requests.length = 0;
    this.seen.clear();
    this.duplicates = 0;
    this.book.clear();
    Object.assign(this.faultCounts, emptyFaultCounts());
  }

  waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        let done: boolean;
        try {
          done = predicate();
        } catch (e) {
          return reject(e);
        }
        if (done) return resolve();
        if (Date.now() - started >= timeoutMs) return reject(new Error(`receiver.waitFor timed out after ${timeoutMs} ms (${this.summary()})`));
        setTimeout(tick, 10);
      };
      tick();
    });
  }

  async waitForSpans(n: number, timeoutMs = 5000): Promise<ReceivedSpan[]> {
    try {
      await this.waitFor(() => this.accepted.length >= n, timeoutMs);
    } catch {
      throw new Error(`receiver.waitForSpans(${n}) timed out after ${timeoutMs} ms (${this.summary()})`);
    }
    return this.accepted.slice();
  }

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      for (const [socket, timer] of this.hanging) {
        clearTimeout(timer);
        socket.destroy();
      }
      this.hanging.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private summary(): string {
    const reasons = [...new Set(this.rejected.flatMap((r) => r.reasons))];
    return `${this.accepted.length} accepted, ${this.rejected.length} rejected${reasons.length ? ` (${reasons.join("; ")})` : ""}, ${this.requests.length} requests`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : (v ?? "");
    };
    const record: RequestRecord = {
      id: ++this.nextId,
      method: req.method ?? "",
      path: req.url ?? "",
      headers: redactHeaders(req.headers),
      bytes: 0,
      encoding: header("content-encoding"),
      contentType: header("content-type"),
      status: 0,
      spanCount: 0,
    };
    this.requests.push(record);
    try {
      const raw = await readBody(req, this.maxBodyBytes);
      record.bytes = raw.bytes;
      const pathname = new URL(req.url ?? "/", "http://receiver").pathname;
      const sessionStart = pathname === SESSION_START_PATH;
      if (pathname !== this.path && !sessionStart) return this.reply(res, record, 404, `not found; POST OTLP traces to ${this.path}`);
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) return this.preflight(res, record);
      if (req.method !== "POST") return this.reply(res, record, 405, `method ${req.method} not allowed; use POST`, { Allow: "POST" });
      if (raw.overflow) return this.reply(res, record, 413, `body exceeds ${this.maxBodyBytes} bytes`);

      const fault = this.pickFault();
      if (fault) return this.applyFault(fault, req, res, record);

      if (this.opts.apiKey !== undefined && !this.authorized(header("authorization"))) {
        return this.reply(res, record, 401, "missing or invalid Authorization: Bearer <api key>", { "WWW-Authenticate": "Bearer" });
      }
      const type = mediaType(record.contentType);
      const protobuf = !sessionStart && (type === "application/x-protobuf" || type === "application/protobuf");
      if (!protobuf && type !== "application/json") {
        return this.reply(res, record, 415, `unsupported Content-Type ${JSON.stringify(record.contentType)}; send application/json or application/x-protobuf`);
      }
      const decoded = await decodeContentEncoding(raw.body, record.encoding, this.maxBodyBytes);
      if (!decoded.ok) return this.reply(res, record, decoded.status, decoded.error);
      if (this.opts.keepBodies) record.body = decoded.body;
      if (sessionStart) return this.startSession(decoded.body, res, record);

      let spans: ReceivedSpan[];
      try {
        spans = protobuf ? decodeTraceRequestProtobuf(decoded.body, record.id) : decodeTraceRequestJson(jsonText(decoded.body), record.id);
      } catch (e) {
        if (e instanceof OtlpDecodeError) return this.reply(res, record, 400, `malformed OTLP/${protobuf ? "protobuf" : "JSON"}: ${e.message}`);
        throw e;
      }
      record.spanCount = spans.length;
      this.ingest(spans, res, record);
    } catch (e) {
      record.error = (e as Error).message;
      if (!res.headersSent && !res.destroyed) this.reply(res, record, 500, `receiver error: ${record.error}`);
      else this.notifyRequest(record);
    }
  }

  /**
   * Like HoneyHive's backend, one rejected span makes the whole answer a 400; the request's valid spans are
   * still recorded as accepted, so a test sees both what got through and what was refused.
   */
  private ingest(spans: ReceivedSpan[], res: ServerResponse, record: RequestRecord): void {
    const refused: { spanId: string; name: string; missing: string[] }[] = [];
    this.book.noteCreators(spans.filter((s) => validateSpan(s).accepted));
    for (const span of spans) {
      const verdict = validateSpan(span);
      if (!verdict.accepted) {
        this.rejected.push({ span, reasons: verdict.reasons, missing: verdict.missing });
        refused.push({ spanId: span.spanId, name: span.name, missing: verdict.missing });
      } else {
        const key = `${span.traceId}:${span.spanId}`;
        if (this.seen.has(key)) {
          this.duplicates++;
          continue;
        }
        this.seen.add(key);
        this.accepted.push(span);
      }
      const sessionId = spanSessionId(span);
      this.notifySpan(span, { accepted: verdict.accepted, reasons: verdict.reasons, sessionId, orphaned: verdict.accepted && !this.book.exists(sessionId) });
    }
    if (refused.length === 0) return this.reply(res, record, 200, undefined);
    const error = `${refused.length} of ${spans.length} spans rejected: missing required attributes`;
    this.reply(res, record, 400, error, undefined, { rejected: refused });
  }

  /** POST /session/start: `{ session: { project, session_name?, source?, session_id?, … } }` → `{ session_id }`. */
  private startSession(body: Buffer, res: ServerResponse, record: RequestRecord): void {
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch (e) {
      return this.reply(res, record, 400, `invalid JSON: ${(e as Error).message}`);
    }
    const session = parseSessionStart(json);
    if (typeof session === "string") return this.reply(res, record, 400, session);
    this.book.start(session);
    try {
      this.opts.onSessionStart?.(session);
    } catch (e) {
      console.error(`[honeyhive-edge receiver] onSessionStart threw: ${(e as Error).message}`);
    }
    this.reply(res, record, 200, undefined, undefined, undefined, { session_id: session.sessionId });
  }

  private applyFault(kind: FaultKind, req: IncomingMessage, res: ServerResponse, record: RequestRecord): void {
    record.fault = kind;
    record.error = `injected fault: ${kind}`;
    this.faultCounts[kind]++;
    const socket = req.socket;
    if (kind === "reset") {
      socket.resetAndDestroy();
      return this.notifyRequest(record);
    }
    if (kind === "hang") {
      const timer = setTimeout(() => {
        this.hanging.delete(socket);
        socket.destroy();
      }, this.faults?.hangMs ?? 60_000);
      this.hanging.set(socket, timer);
      socket.once("close", () => {
        clearTimeout(timer);
        this.hanging.delete(socket);
      });
      return this.notifyRequest(record);
    }
    const status = Number(kind);
    const headers = kind === "429" || kind === "503" ? { "Retry-After": String(this.faults?.retryAfterSeconds ?? 1) } : undefined;
    this.reply(res, record, status, `injected fault: HTTP ${status}`, headers);
  }

  /** Browsers post cross-origin with Authorization and JSON, so they ask first; the answer allows exactly that. */
  private preflight(res: ServerResponse, record: RequestRecord): void {
    record.status = 204;
    res.writeHead(204, {
      ...CORS,
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "authorization, content-type, content-encoding, x-source",
      "Access-Control-Max-Age": "600",
    });
    res.end();
    this.notifyRequest(record);
  }

  private authorized(authorization: string): boolean {
    const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    return m !== null && m[1] === this.opts.apiKey;
  }

  private reply(res: ServerResponse, record: RequestRecord, status: number, error: string | undefined, headers?: Record<string, string>, extra?: object, ok: object = { partialSuccess: {} }): void {
    record.status = status;
    if (error !== undefined) record.error = error;
    const body = status === 200 ? ok : { error, ...extra };
    res.writeHead(status, { "Content-Type": "application/json", ...CORS, ...headers });
    res.end(JSON.stringify(body));
    this.notifyRequest(record);
  }

  private notifySpan(span: ReceivedSpan, verdict: SpanVerdict): void {
    try {
      this.opts.onSpan?.(span, verdict);
    } catch (e) {
      console.error(`[honeyhive-edge receiver] onSpan threw: ${(e as Error).message}`);
    }
  }

  private notifyRequest(record: RequestRecord): void {
    try {
      this.opts.onRequest?.(record);
    } catch (e) {
      console.error(`[honeyhive-edge receiver] onRequest threw: ${(e as Error).message}`);
    }
  }
}
