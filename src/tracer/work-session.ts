// The session a handler wrapper's unit of work (a request, a cron run, a queue batch) runs in, shared by the
// Workers, Vercel Edge and Deno serve adapters. HoneyHive puts the session boundary at the request.
import { context, type Context } from "@opentelemetry/api";
import { SESSION_KEY, sessionFrom, setSession } from "./session.js";
import type { Carrier } from "./propagation.js";
import type { HoneyHiveTracer } from "./tracer.js";

/**
 * - `"request"` (default): each request, cron run and queue batch is its own session, named after its entry span;
 * - `"tracer"`: every unit of work in the tracer's one session (config `sessionId`);
 * - a function of the request: the session id to use (a header, a cookie, a conversation id); a nullish
 *   result (or a throw) gives the request its own session.
 * A session that arrives in the request's baggage (`honeyhive.session_id`) is continued unless the function
 * names another one.
 */
export type SessionPolicy = "request" | "tracer" | ((request: Request) => string | null | undefined | Promise<string | null | undefined>);

/** Options of the handler wrappers (withHoneyHive on Workers, Vercel Edge and Deno). */
export interface HandlerOptions {
  session?: SessionPolicy;
}

/** What a unit of work is: its entry span's name, the headers it came with, and the app's session id for it. */
export interface UnitOfWork {
  name: string;
  carrier?: Carrier;
  /** The session id the app's SessionPolicy function derived (already awaited). */
  derived?: string;
  /** False where context does not survive an await (Workers without nodejs_als): the tracer's session is kept. */
  asyncContext?: boolean;
}

/**
 * Runs fn in the unit of work's context: the caller's span as parent (traceparent), and its session — the
 * app's, the caller's (baggage), or a new one named after the entry span, as the policy says.
 */
export function inUnitOfWork<R>(tracer: HoneyHiveTracer, policy: SessionPolicy | undefined, work: UnitOfWork, fn: () => R): R {
  const start = () => context.with(sessionFor(context.active(), policy, work), fn);
  return work.carrier ? tracer.withDistributedContext(work.carrier, start) : start();
}

function sessionFor(ctx: Context, policy: SessionPolicy | undefined, work: UnitOfWork): Context {
  // without async context, a request's session would be lost at its first await: one session then, as before
  if (work.asyncContext === false) return ctx.deleteValue(SESSION_KEY);
  if (work.derived) return setSession(ctx, work.derived, work.name);
  if (sessionFrom(ctx) !== undefined) return ctx; // the caller's session (continued, named by the caller)
  return policy === "tracer" ? ctx : setSession(ctx, crypto.randomUUID(), work.name);
}

/** The app's session id for a request, when the policy is a function; a throw or a non-string counts as none. */
export async function deriveSession(policy: SessionPolicy | undefined, request: Request): Promise<string | undefined> {
  if (typeof policy !== "function") return undefined;
  try {
    const id = await policy(request);
    return typeof id === "string" && id !== "" ? id.slice(0, 256) : undefined;
  } catch {
    return undefined;
  }
}
