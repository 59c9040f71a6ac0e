// UTF-8 byte accounting on JS strings (UTF-16 code units).
// Backends limit *bytes*; JS `substring` counts code units and can split a surrogate pair.
// Lone surrogates count as U+FFFD (3 bytes), which is exactly what TextEncoder emits for them.
//
// Why TextEncoder.encodeInto on bounded chunks for large inputs: measured on V8 (Node 20), a charCodeAt loop
// costs ~1.7 ns per code unit (string-representation dispatch on every call), ~3× slower than encodeInto.
// Chunks are slices (O(1) in V8) of at most 64 KB of output into one reused scratch buffer, so the work stays
// O(min(length, limit)) and memory O(1). Small inputs take the same path: JS loops were a little faster for
// them, but only the rare truncation paths measure small strings, and the Workers bundle is smaller without.

const SCRATCH_BYTES = 1 << 16;
const encoder = new TextEncoder(); // every runtime we support has it
let scratch: Uint8Array | undefined; // allocated on first use: most apps never cut a large string

/** UTF-8 byte length of `s`; a lone surrogate counts as U+FFFD (3 bytes), like TextEncoder. */
export function utf8ByteLength(s: string): number {
  const n = s.length;
  const buf = (scratch ??= new Uint8Array(SCRATCH_BYTES));
  const units = Math.floor(SCRATCH_BYTES / 3); // ≤ 3 bytes per unit: a chunk always encodes whole
  let bytes = 0;
  for (let i = 0; i < n; ) {
    let end = Math.min(i + units, n);
    if (end < n && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--; // never split a pair across chunks
    bytes += encoder.encodeInto(s.slice(i, end), buf).written;
    i = end;
  }
  return bytes;
}

/**
 * The longest prefix of `s` that ends on a code-point boundary (a surrogate pair is never split) and whose
 * UTF-8 length is ≤ `maxBytes`. The result is always an exact prefix of `s` (or `s` itself). A lone
 * surrogate in it counts 3 bytes: every UTF-8 encoder emits it as U+FFFD (TextEncoder, and our OTLP
 * encoders, which make every string well-formed), so the bytes on the wire are valid and within the limit.
 *
 * When `s.length * 3 <= maxBytes` nothing is read: O(1). Otherwise the work is O(min(s.length, maxBytes)):
 * the scan stops as soon as the budget is used up. `maxBytes` ≤ 0 or NaN gives "".
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  const n = s.length;
  if (n * 3 <= maxBytes) return s; // O(1): even all-3-byte units would fit
  if (!(maxBytes > 0)) return "";
  const buf = (scratch ??= new Uint8Array(SCRATCH_BYTES));
  for (let i = 0, rem = maxBytes; ; ) {
    const room = Math.min(rem, SCRATCH_BYTES);
    // One unit more than can fit, so the source never runs out inside a chunk (a pair split by the slice end
    // is therefore never encoded); encodeInto stops before the first code point that does not fit.
    const r = encoder.encodeInto(s.slice(i, i + room + 1), buf.subarray(0, room));
    i += r.read;
    rem -= r.written;
    if (i >= n) return s;
    if (room < SCRATCH_BYTES || rem === 0) return s.slice(0, i);
  }
}

/** Appended to a head-cut string; its bytes (14: "…" is 3) are counted inside the limit. */
export const TRUNCATION_MARKER = "…[truncated]";
export const MARKER_BYTES = 14;

/** A head cut: an exact prefix plus the marker within `maxBytes`, or a bare prefix when the marker does not fit. */
export function headCut(s: string, maxBytes: number): string {
  return maxBytes < MARKER_BYTES ? truncateUtf8(s, maxBytes) : truncateUtf8(s, maxBytes - MARKER_BYTES) + TRUNCATION_MARKER;
}
