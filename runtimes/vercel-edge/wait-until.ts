/**
 * Where the current request's context is: Vercel's platform (the lookup @vercel/functions makes), then
 * Next.js's own server (`next start`'s Edge sandbox, the one `after()` uses).
 */
const REQUEST_CONTEXTS = [Symbol.for("@vercel/request-context"), Symbol.for("@next/request-context")];

interface RequestContextReader {
  get?(): { waitUntil?(promise: Promise<unknown>): void } | undefined;
}

export type WaitUntil = (promise: Promise<unknown>) => void;

/** The request's waitUntil: from the handler's context argument (Next.js middleware's event), else the platform's. */
export function findWaitUntil(ctx?: { waitUntil?: WaitUntil }): WaitUntil | undefined {
  if (typeof ctx?.waitUntil === "function") return (p) => ctx.waitUntil!(p);
  for (const key of REQUEST_CONTEXTS) {
    const requestContext = (globalThis as Record<symbol, RequestContextReader | undefined>)[key]?.get?.();
    if (typeof requestContext?.waitUntil === "function") return (p) => requestContext.waitUntil!(p);
  }
  return undefined;
}
