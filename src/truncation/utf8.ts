// UTF-8 byte accounting on JS strings (UTF-16 code units).
// Backends limit *bytes*; JS `substring` counts code units and can split a surrogate pair.
// Lone surrogates count as U+FFFD (3 bytes), which is exactly what TextEncoder emits for them.
//
// Why TextEncoder.encodeInto on bounded chunks for large inputs: measured on V8 (Node 20), a charCodeAt loop
// costs ~1.7 ns per code unit (string-representation dispatch on every call), ~3× slower than encodeInto.
// Chunks are slices (O(1) in V8) of at most 64 KB of output into one reused scratch buffer, so the work stays
// O(min(length, limit)) and memory O(1). Small inputs and runtimes without TextEncoder use the JS loops.

const SCRATCH_BYTES = 1 << 16;
const NATIVE_MIN = 64; // below this many code units of work, the JS loop beats an encodeInto call
let encoder: TextEncoder | null | undefined;
let scratch: Uint8Array;
let scratch16: Uint16Array;
let EF_BF = 0; // the 16-bit words holding the bytes EF BF and BF BD (U+FFFD), in platform byte order
let BF_BD = 0;

function native(): TextEncoder | null {
  if (encoder === undefined) {
    encoder = typeof TextEncoder === "function" ? new TextEncoder() : null;
    if (encoder) {
      scratch = new Uint8Array(SCRATCH_BYTES);
      scratch16 = new Uint16Array(scratch.buffer);
      const probe = new Uint16Array(new Uint8Array([0xef, 0xbf, 0xbf, 0xbd]).buffer);
      EF_BF = probe[0];
      BF_BD = probe[1];
    }
  }
  return encoder;
}

/** UTF-8 byte length of `s`; a lone surrogate counts as U+FFFD (3 bytes), like TextEncoder. */
export function utf8ByteLength(s: string): number {
  const n = s.length;
  const enc = n >= NATIVE_MIN ? native() : null;
  if (!enc) return jsByteLength(s);
  const units = Math.floor(SCRATCH_BYTES / 3); // ≤ 3 bytes per unit: a chunk always encodes whole
  let bytes = 0;
  for (let i = 0; i < n; ) {
    let end = Math.min(i + units, n);
    if (end < n && (s.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--; // never split a pair across chunks
    bytes += enc.encodeInto(s.slice(i, end), scratch).written;
    i = end;
  }
  return bytes;
}

function jsByteLength(s: string): number {
  const n = s.length;
  let bytes = n; // every code unit is at least one byte; add the extra bytes below
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else {
      bytes += 2; // BMP char or lone surrogate (U+FFFD): 3 bytes
      if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++; // pair: 4
    }
  }
  return bytes;
}

/**
 * The longest prefix of `s` that ends on a code-point boundary (a surrogate pair is never split) and whose
 * UTF-8 length is ≤ `maxBytes` (lone surrogates count 3 bytes).
 *
 * - Nothing to cut (`utf8ByteLength(s) <= maxBytes`): returns `s` itself, unchanged. When
 *   `s.length * 3 <= maxBytes` this is decided in O(1) without looking at the characters. Such a string may
 *   still hold lone surrogates; its encoding is valid UTF-8 anyway because TextEncoder emits U+FFFD for them.
 * - A cut: lone surrogates in the kept prefix are replaced by U+FFFD (same length, same byte count), so the
 *   result is a prefix of `s` modulo that replacement and holds no lone surrogate at all.
 *
 * Work is O(min(s.length, maxBytes)): the scan stops as soon as the budget is used up.
 * `maxBytes` ≤ 0 or NaN gives "".
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  const n = s.length;
  if (n * 3 <= maxBytes) return s; // O(1): even all-3-byte units would fit
  if (!(maxBytes > 0)) return "";
  const enc = Math.min(n, maxBytes) >= NATIVE_MIN ? native() : null;
  const [cut, lone] = enc ? cutNative(enc, s, maxBytes) : cutJs(s, maxBytes);
  if (cut >= n) return s;
  const kept = s.slice(0, cut);
  return lone ? toWellFormed(kept) : kept;
}

/** Units that fit, and whether a lone surrogate (or a real U+FFFD) may be among them. */
function cutNative(enc: TextEncoder, s: string, maxBytes: number): [number, boolean] {
  const n = s.length;
  let i = 0;
  let rem = maxBytes;
  let lone = false;
  for (;;) {
    const room = Math.min(rem, SCRATCH_BYTES);
    // One unit more than can fit, so the source never runs out inside a chunk (a pair split by the slice end
    // is therefore never encoded); encodeInto stops before the first code point that does not fit.
    const r = enc.encodeInto(s.slice(i, i + room + 1), room === SCRATCH_BYTES ? scratch : scratch.subarray(0, room));
    i += r.read;
    rem -= r.written;
    if (!lone) lone = hasReplacementChar(r.written);
    if (i >= n || room < SCRATCH_BYTES || rem === 0) return [i, lone];
  }
}

/**
 * Whether the first `w` bytes of scratch contain EF BF BD, which is how encodeInto writes a lone surrogate.
 * Searched as aligned 16-bit words with the native indexOf: half the elements of a byte search, and unlike
 * the byte EF alone (lead byte of common fullwidth CJK punctuation) these words are rare in real text.
 */
function hasReplacementChar(w: number): boolean {
  const words = w >> 1;
  const v = words === scratch16.length ? scratch16 : scratch16.subarray(0, words);
  for (let k = v.indexOf(EF_BF); k !== -1; k = v.indexOf(EF_BF, k + 1)) {
    if (2 * k + 2 < w && scratch[2 * k + 2] === 0xbd) return true;
  }
  for (let k = v.indexOf(BF_BD); k !== -1; k = v.indexOf(BF_BD, k + 1)) {
    if (k > 0 && scratch[2 * k - 1] === 0xef) return true;
  }
  return false;
}

function cutJs(s: string, maxBytes: number): [number, boolean] {
  const n = s.length;
  let i = 0;
  let bytes = 0;
  let lone = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    let w = 1;
    let u = 1;
    if (c >= 0x80) {
      if (c < 0x800) w = 2;
      else if ((c & 0xfc00) === 0xd800 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        w = 4;
        u = 2;
      } else w = 3;
    }
    if (bytes + w > maxBytes) break;
    if (w === 3 && (c & 0xf800) === 0xd800) lone = true;
    bytes += w;
    i += u;
  }
  return [i, lone];
}

// A lone surrogate (no regex `u` flag: we need to see code units, not code points).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function toWellFormed(s: string): string {
  const builtin = (String.prototype as { toWellFormed?: () => string }).toWellFormed; // ES2024, faster
  return typeof builtin === "function" ? builtin.call(s) : s.replace(LONE_SURROGATE, "\uFFFD");
}
