// Fault injection: decides, reproducibly when seeded, which ingest requests fail and how.

export const FAULT_KINDS = ["429", "500", "502", "503", "504", "hang", "reset"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Share of ingest requests that fail, 0..1. */
  rate: number;
  /** Picked uniformly for each faulted request. */
  kinds: FaultKind[];
  /** Sent as Retry-After with 429 and 503; default 1. */
  retryAfterSeconds?: number;
  /** How long a "hang" holds the request before destroying the socket; default 60 000. */
  hangMs?: number;
  /** Seeds the PRNG so the same requests fail on every run; unseeded uses Math.random. */
  seed?: number;
}

export type FaultCounts = Record<FaultKind, number>;

export function emptyFaultCounts(): FaultCounts {
  return { "429": 0, "500": 0, "502": 0, "503": 0, "504": 0, hang: 0, reset: 0 };
}

/** Throws on options that could never mean what the caller intended. */
export function checkFaultOptions(f: FaultOptions): void {
  if (!(typeof f.rate === "number" && f.rate >= 0 && f.rate <= 1)) throw new RangeError(`faults.rate must be a number in 0..1, got ${f.rate}`);
  if (!Array.isArray(f.kinds) || (f.rate > 0 && f.kinds.length === 0)) throw new RangeError("faults.kinds must list at least one kind");
  for (const k of f.kinds) if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind ${JSON.stringify(k)}; use ${FAULT_KINDS.join(", ")}`);
  if (f.hangMs !== undefined && !(f.hangMs >= 0)) throw new RangeError(`faults.hangMs must be >= 0, got ${f.hangMs}`);
  if (f.retryAfterSeconds !== undefined && !(Number.isInteger(f.retryAfterSeconds) && f.retryAfterSeconds >= 0)) {
    throw new RangeError(`faults.retryAfterSeconds must be a non-negative integer, got ${f.retryAfterSeconds}`);
  }
}

/** Returns a picker: each call draws for one request and yields the fault kind, or undefined for "no fault". */
export function createFaultPicker(f: FaultOptions | undefined): () => FaultKind | undefined {
  if (!f || f.rate <= 0 || f.kinds.length === 0) return () => undefined;
  const random = f.seed === undefined ? Math.random : mulberry32(f.seed);
  return () => {
    // always draw twice so the sequence of faulted requests does not depend on the kinds list
    const hit = random() < f.rate;
    const kind = f.kinds[Math.floor(random() * f.kinds.length)];
    return hit ? kind : undefined;
  };
}

/** Small, well-known 32-bit PRNG; good enough to spread faults, and deterministic per seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
