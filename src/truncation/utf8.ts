// UTF-8 byte accounting on JS strings (UTF-16 code units) without encoding them.
// Backends limit *bytes*; JS `substring` counts code units and can split a surrogate pair.
// Lone surrogates are counted as U+FFFD (3 bytes), which is exactly what TextEncoder emits for them.

/** UTF-8 byte length of `s`; a lone surrogate counts as U+FFFD (3 bytes), like TextEncoder. */
export function utf8ByteLength(s: string): number {
  const n = s.length;
  let bytes = n; // every code unit is at least one byte; add the extra bytes below
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 units, 4 bytes
      i++;
    } else {
      bytes += 2; // BMP char or lone surrogate (U+FFFD): 3 bytes
    }
  }
  return bytes;
}

// A lone surrogate (no regex `u` flag: we need to see code units, not code points).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

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
 * Work is O(min(s.length, maxBytes)): the scan stops as soon as the budget is exceeded.
 * `maxBytes` ≤ 0 or NaN gives "".
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  const n = s.length;
  if (n * 3 <= maxBytes) return s; // O(1): even all-3-byte units would fit
  if (!(maxBytes > 0)) return "";
  let i = 0;
  let bytes = 0;
  let lone = false;
  // Chunked scan: while the remaining budget covers 3 bytes for every unit of a chunk, no per-unit budget
  // check is needed. Each chunk uses at least a third of the remaining budget, so there are O(log) chunks.
  for (;;) {
    const safe = Math.floor((maxBytes - bytes) / 3);
    if (safe < 2) break; // leave the last few bytes to the careful loop below
    // `- 1` keeps room for a surrogate pair starting on the last unit of the chunk (4 bytes ≤ 2 × 3).
    const end = Math.min(i + safe - 1, n);
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        bytes += 1;
        i += 1;
      } else if (c < 0x800) {
        bytes += 2;
        i += 1;
      } else if ((c & 0xfc00) !== 0xd800) {
        if ((c & 0xf800) === 0xd800) lone = true; // a low surrogate with no high before it
        bytes += 3;
        i += 1;
      } else if (i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes += 4;
        i += 2;
      } else {
        lone = true;
        bytes += 3;
        i += 1;
      }
    }
    if (i >= n) return s; // everything fit
  }
  // Careful loop: check the budget before taking each code point.
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
  if (i >= n) return s;
  const kept = s.slice(0, i);
  return lone ? kept.replace(LONE_SURROGATE, "\uFFFD") : kept;
}
