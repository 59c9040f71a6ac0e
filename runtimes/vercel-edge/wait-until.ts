/** Where Vercel's platform puts the current request's context (the same lookup @vercel/functions makes). */
const REQUEST_CONTEXT = Symbol.for("@vercel/request-context");

interface RequestContextReader {
  get?(): { waitUntil?(promise: Promise<unknown>): void } | undefined;
}

export type WaitUntil = (promise: Promise<unknown>) => void;

/** The request's waitUntil: from the handler's context argument (Next.js middleware's event), else the platform's. */
export function findWaitUntil(ctx?: { waitUntil?: WaitUntil }): WaitUntil | undefined {
  if (typeof ctx?.waitUntil === "function") return (p) => ctx.waitUntil!(p);
  const requestContext = (globalThis as { [REQUEST_CONTEXT]?: RequestContextReader })[REQUEST_CONTEXT]?.get?.();
  return typeof requestContext?.waitUntil === "function" ? (p) => requestContext.waitUntil!(p) : undefined;
}
