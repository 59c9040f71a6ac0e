// `honeyhive-edge receive`: run the local receiver and print every span as it arrives.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startReceiver, type Receiver } from "./server.js";
import { FAULT_KINDS, type FaultKind, type FaultOptions } from "./faults.js";
import { isLoopbackHost } from "./http.js";
import { formatOrphaned, formatRequestLine, formatSession, formatSessionStartLine, formatSpanLine } from "./format.js";
import { spanSessionId, type ReceivedSession } from "./sessions.js";

export const USAGE = `Usage: honeyhive-edge receive [options]

Starts a local OTLP/HTTP receiver on loopback that speaks HoneyHive's ingest path
(POST /opentelemetry/v1/traces, OTLP JSON or protobuf; POST /session/start) and prints each span it
accepts or rejects. A span without honeyhive.session_id or honeyhive_event_type is rejected with HTTP 400,
as HoneyHive's backend does; a span whose session was never created (no honeyhive.session_auto_create,
no /session/start) is accepted but orphaned: shown in no session. Once spans stop arriving (and on exit)
each session is printed as a tree with its counts. Point your app at it with HH_API_URL=<printed url>.

Options:
  --port N             port to listen on (default 4318; 0 picks a free port)
  --host H             loopback address to bind (default 127.0.0.1)
  --api-key KEY        require Authorization: Bearer KEY (401 otherwise)
  --fault-rate R       fail this share of requests, 0..1 (to exercise retries)
  --fault-kinds LIST   comma-separated from ${FAULT_KINDS.join(",")}
                       (default 429,502,503,504,reset)
  --fault-seed N       make the faulted requests the same on every run
  --retry-after S      Retry-After seconds sent with 429 and 503 (default 1)
  --hang-ms N          how long a "hang" fault holds a request (default 60000)
  --sessions-after N   print the sessions that changed once no span came for N ms (default 1000; 0: only on exit)
  --json               one JSON object per line on stdout (the banner goes to stderr)
  -h, --help           show this help`;

const VALUE_FLAGS = ["--port", "--host", "--api-key", "--fault-rate", "--fault-kinds", "--fault-seed", "--retry-after", "--hang-ms", "--sessions-after"];
const DEFAULT_SESSIONS_AFTER_MS = 1000;
const DEFAULT_FAULT_KINDS: FaultKind[] = ["429", "502", "503", "504", "reset"];

export interface CliArgs {
  port: number;
  host: string;
  apiKey?: string;
  faults?: FaultOptions;
  json: boolean;
  /** Quiet time before the changed sessions are printed; default 1000 ms, 0 only on exit. */
  sessionsAfterMs?: number;
}

export type ParsedCli = { kind: "help" } | { kind: "receive"; args: CliArgs } | { kind: "error"; message: string };

/** Parses argv without the node/script prefix, e.g. ["receive", "--port", "0"]. Never throws. */
export function parseCliArgs(argv: string[]): ParsedCli {
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help" };
  if (argv.length === 0) return { kind: "error", message: "missing command; the only command is `receive`" };
  if (argv[0] !== "receive") return { kind: "error", message: `unknown command ${JSON.stringify(argv[0])}; the only command is \`receive\`` };
  const args: CliArgs = { port: 4318, host: "127.0.0.1", json: false };
  let rate: number | undefined;
  let kinds: FaultKind[] | undefined;
  const extra: Omit<FaultOptions, "rate" | "kinds"> = {};
  try {
    for (let i = 1; i < argv.length; i++) {
      const [flag, inline] = splitFlag(argv[i]);
      if (flag === "--json") {
        if (inline !== undefined) throw new Error("--json takes no value");
        args.json = true;
        continue;
      }
      if (!VALUE_FLAGS.includes(flag)) throw new Error(`unknown option ${JSON.stringify(flag)}`);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      if (flag === "--port") args.port = integer(flag, value, 0, 65535);
      else if (flag === "--host") args.host = loopback(value);
      else if (flag === "--api-key") args.apiKey = nonEmpty(flag, value);
      else if (flag === "--fault-rate") rate = fraction(flag, value);
      else if (flag === "--fault-kinds") kinds = faultKinds(value);
      else if (flag === "--fault-seed") extra.seed = integer(flag, value, -(2 ** 31), 2 ** 32 - 1);
      else if (flag === "--retry-after") extra.retryAfterSeconds = integer(flag, value, 0, 86_400);
      else if (flag === "--sessions-after") args.sessionsAfterMs = integer(flag, value, 0, 3_600_000);
      else extra.hangMs = integer(flag, value, 0, 3_600_000);
    }
  } catch (e) {
    return { kind: "error", message: (e as Error).message };
  }
  if (rate === undefined && (kinds || Object.keys(extra).length)) {
    return { kind: "error", message: "--fault-kinds, --fault-seed, --retry-after and --hang-ms need --fault-rate" };
  }
  if (rate !== undefined) args.faults = { rate, kinds: kinds ?? DEFAULT_FAULT_KINDS, ...extra };
  return { kind: "receive", args };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new Error(`${flag} must be an integer in ${min}..${max}, got ${JSON.stringify(value)}`);
  return n;
}

function fraction(flag: string, value: string): number {
  const n = /^\d*\.?\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new Error(`${flag} must be a number in 0..1, got ${JSON.stringify(value)}`);
  return n;
}

function faultKinds(value: string): FaultKind[] {
  const kinds = value.split(",").map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || bad.length) throw new Error(`--fault-kinds takes a comma-separated list of ${FAULT_KINDS.join(",")}, got ${JSON.stringify(value)}`);
  return kinds as FaultKind[];
}

function loopback(value: string): string {
  if (!isLoopbackHost(value)) throw new Error(`--host must be a loopback address (127.0.0.1, ::1, localhost), got ${JSON.stringify(value)}`);
  return value;
}

function nonEmpty(flag: string, value: string): string {
  if (value === "") throw new Error(`${flag} must not be empty`);
  return value;
}

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface CliRun {
  /** 0 ok (or still running), 1 could not start, 2 usage error. */
  code: number;
  /** Present while the receiver runs. */
  receiver?: Receiver;
  /** Closes the receiver (idempotent); SIGINT/SIGTERM call this when signal handling is on. */
  stop(): Promise<void>;
}

const processOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI; resolves once the receiver listens (or with an exit code when it will not run). */
export async function main(argv: string[], io: CliOutput = processOutput, opts: { handleSignals?: boolean } = {}): Promise<CliRun> {
  const parsed = parseCliArgs(argv);
  const noop = { stop: async () => {} };
  if (parsed.kind === "help") {
    io.out(USAGE);
    return { code: 0, ...noop };
  }
  if (parsed.kind === "error") {
    io.err(`honeyhive-edge: ${parsed.message}\n\n${USAGE}`);
    return { code: 2, ...noop };
  }
  const { args } = parsed;
  const banner = args.json ? io.err : io.out;
  let receiver: Receiver;
  const changed = new Set<string>();
  let quiet: NodeJS.Timeout | undefined;
  /** The sessions that got spans since last time (all of them on exit), and the orphaned spans among those. */
  const printSessions = (all: boolean) => {
    clearTimeout(quiet);
    const { sessions, orphaned } = receiver.sessions();
    const shown = all ? sessions : sessions.filter((s) => changed.has(s.sessionId));
    const lost = all ? orphaned : orphaned.filter((s) => changed.has(spanSessionId(s) ?? ""));
    changed.clear();
    for (const s of shown) {
      if (args.json) io.out(JSON.stringify(sessionJson(s)));
      else for (const line of formatSession(s)) io.out(line);
    }
    if (lost.length && args.json) io.out(JSON.stringify({ type: "orphaned", count: lost.length, sessionIds: [...new Set(lost.map(spanSessionId))], spanIds: lost.map((s) => s.spanId) }));
    else if (lost.length) io.out(formatOrphaned(lost)!);
  };
  const after = args.sessionsAfterMs ?? DEFAULT_SESSIONS_AFTER_MS;
  try {
    receiver = await startReceiver({
      port: args.port,
      host: args.host,
      apiKey: args.apiKey,
      faults: args.faults,
      onSpan: (span, verdict) => {
        if (args.json) io.out(JSON.stringify({ type: "span", ...verdict, span }));
        else io.out(formatSpanLine(span, verdict));
        if (!verdict.accepted) return;
        changed.add(verdict.sessionId ?? "");
        if (after === 0) return;
        clearTimeout(quiet);
        quiet = setTimeout(() => printSessions(false), after);
        quiet.unref();
      },
      onSessionStart: (session) => {
        if (args.json) io.out(JSON.stringify({ type: "session_start", sessionId: session.sessionId, project: session.project, sessionName: session.sessionName, source: session.source }));
        else io.out(formatSessionStartLine(session));
      },
      onRequest: (r) => {
        // spans already got their own line; show what never reached span decoding (auth, faults, bad bodies)
        if (r.status === 200 || r.spanCount > 0) return;
        if (args.json) io.out(JSON.stringify({ type: "request", ...r }));
        else io.out(formatRequestLine(r));
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === "EADDRINUSE" ? ` (port ${args.port} is in use; try --port 0)` : "";
    io.err(`honeyhive-edge: could not start the receiver: ${err.message}${hint}`);
    return { code: 1, ...noop };
  }
  banner(`honeyhive-edge receiver listening on ${receiver.url} — set HH_API_URL=${receiver.url}`);
  if (args.apiKey !== undefined) banner("requiring Authorization: Bearer <the --api-key value>");
  if (args.faults) banner(`injecting faults into ${Math.round(args.faults.rate * 100)}% of requests: ${args.faults.kinds.join(",")}`);

  let stopping: Promise<void> | undefined;
  const onSignal = () => void stop();
  const stop = () =>
    (stopping ??= (async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await receiver.close();
      if (receiver.accepted.length || receiver.startedSessions.size) printSessions(true);
      const { sessions, orphaned } = receiver.sessions();
      banner(
        `receiver stopped: ${receiver.accepted.length} accepted (${sessions.length} session${sessions.length === 1 ? "" : "s"}, ` +
          `${orphaned.length} orphaned), ${receiver.rejected.length} rejected, ${receiver.duplicates} duplicates`,
      );
    })());
  if (opts.handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  return { code: 0, receiver, stop };
}

/** A session for --json: its fields, the counts, and the tree as span ids and names. */
function sessionJson(s: ReceivedSession): object {
  type Node = ReceivedSession["roots"][number];
  const tree = (nodes: Node[]): object[] =>
    nodes.map((n) => ({ spanId: n.span.spanId, name: n.span.name, eventType: n.span.attributes["honeyhive_event_type"], children: tree(n.children) }));
  const { spans, roots, ...fields } = s;
  return { type: "session", ...fields, spanCount: spans.length, traceIds: [...new Set(spans.map((x) => x.traceId))], tree: tree(roots) };
}

function isEntrypoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntrypoint()) {
  main(process.argv.slice(2), processOutput, { handleSignals: true }).then(
    (run) => {
      if (!run.receiver) process.exitCode = run.code;
    },
    (e: unknown) => {
      process.stderr.write(`honeyhive-edge: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
