import { context, createContextKey, type Context } from "@opentelemetry/api";

/** The session a span belongs to travels in the OpenTelemetry context, so concurrent traces keep their own. */
export const SESSION_KEY = createContextKey("honeyhive.session_id");
/** Its name, when known (a session continued from a caller has none here: the caller named it). */
export const SESSION_NAME_KEY = createContextKey("honeyhive.session_name");

export function sessionFrom(ctx: Context): string | undefined {
  const value = ctx.getValue(SESSION_KEY);
  return typeof value === "string" ? value : undefined;
}

export function sessionNameFrom(ctx: Context): string | undefined {
  const value = ctx.getValue(SESSION_NAME_KEY);
  return typeof value === "string" ? value : undefined;
}

/** `ctx` with another session (and its name, or none: an outer session's name never carries over). */
export function setSession(ctx: Context, sessionId: string, name?: string): Context {
  return ctx.setValue(SESSION_KEY, sessionId).setValue(SESSION_NAME_KEY, name);
}

export function withSessionContext<T>(sessionId: string, fn: () => T, name?: string): T {
  return context.with(setSession(context.active(), sessionId, name), fn);
}
