/** The part of a Worker's ExecutionContext we use; @cloudflare/workers-types' ExecutionContext fits it. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

export interface TrackedContext<C extends WorkerContext> {
  /** Hand this to the user's handler: its waitUntil also records the promise. */
  ctx: C;
  /** Resolves when `first` and every promise handed to waitUntil so far (and meanwhile) has settled. */
  settled(first?: Promise<unknown>): Promise<void>;
}

/** Spans from work the handler passes to ctx.waitUntil end late; the flush must wait for that work first. */
export function trackWaitUntil<C extends WorkerContext>(ctx: C): TrackedContext<C> {
  const pending = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>) => {
    const p = Promise.resolve(promise);
    const forget = () => void pending.delete(p);
    pending.add(p);
    p.then(forget, forget);
    ctx.waitUntil(promise);
  };
  // a Proxy, not a copy: workerd's context methods check their receiver, and new members pass through
  const tracked = new Proxy(ctx, {
    get(target, key) {
      if (key === "waitUntil") return waitUntil;
      const value = (target as Record<string | symbol, unknown>)[key];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    ctx: tracked,
    async settled(first) {
      await first;
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
