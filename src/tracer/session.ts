import { context, createContextKey, type Context } from "@opentelemetry/api";

/** The session a span belongs to travels in the OpenTelemetry context, so concurrent traces keep their own. */
export const SESSION_KEY = createContextKey("honeyhive.session_id");

export function sessionFrom(ctx: Context): string | undefined {
  const value = ctx.getValue(SESSION_KEY);
  return typeof value === "string" ? value : undefined;
}

export function withSessionContext<T>(sessionId: string, fn: () => T): T {
  return context.with(context.active().setValue(SESSION_KEY, sessionId), fn);
}
