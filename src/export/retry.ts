/** Retry policy for OTLP/HTTP export: how long to wait (which outcomes are retried: see the exporter). */

const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

/** Exponential backoff with full jitter, so many isolates recovering together don't stampede. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A server's Retry-After is honoured up to an hour: beyond that (or 1e12 s) it is a broken server, not a plan. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Retry-After as delta-seconds or an HTTP date (at most MAX_RETRY_AFTER_MS); undefined when absent or unparsable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header == null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  // an HTTP date always names a month; without this, Date.parse reads "-5" as the year 5 BC
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/**
 * A flush's demand that waiting sends end by `until`: it sets `until`, then calls every waker. Plain callbacks,
 * not an AbortSignal: a Worker may not touch an I/O object made while it served another request.
 */
export interface Cut {
  until: number;
  wake: Set<() => void>;
}

export const newCut = (): Cut => ({ until: Infinity, wake: new Set() });

export function cutAt(cut: Cut, until: number): void {
  cut.until = until;
  for (const wake of cut.wake) wake();
}

/** Resolves true after `ms`, or false as soon as `cut` is (or was) called; a `weak` wait does not keep Node alive. */
export function sleep(ms: number, cut?: Cut, weak?: boolean): Promise<boolean> {
  ms = Math.min(ms, 2 ** 31 - 1); // beyond, setTimeout fires at once (and warns)
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      cut?.wake.delete(stop);
      resolve(false);
    };
    const timer = setTimeout(() => {
      cut?.wake.delete(stop);
      resolve(true);
    }, ms);
    if (weak) (timer as { unref?: () => void }).unref?.();
    if (cut && cut.until < Infinity) stop();
    else cut?.wake.add(stop);
  });
}
