// P3 benchmark: UTF-8 byte truncation vs the platform encoder, in one run.
// - cutting a 10 MB mixed-width string (ASCII + CJK + emoji) to 1 MB with truncateUtf8, against encoding the
//   same 1 MB of text with encodeInto, encoder and buffer preallocated (the goal's baseline: ratio ≤ 1.5×),
//   and with a new encoder and buffer per call (for reference);
// - truncateUtf8 on strings that fit (length*3 ≤ limit) at 1 KB and 10 MB: both O(1), so the same ns/op.
// Run directly: `node test/bench/p3-truncation.mjs` (after `npm run build`).
import { truncateAttributeValue, truncateUtf8, utf8ByteLength } from "../../dist/core.js";

const MB = 1 << 20;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median over `samples` of the mean time per call (ms) of `fn` called `inner` times. */
function time(fn, { samples = 31, inner = 1, warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) for (let j = 0; j < inner; j++) fn();
  const out = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    for (let j = 0; j < inner; j++) fn();
    out.push((performance.now() - t0) / inner);
  }
  return median(out);
}

/** A flat (not rope) string of about `bytes` UTF-8 bytes mixing 1-, 3- and 4-byte characters. */
function mixedText(bytes) {
  const unit = "The quick brown fox jumps over the lazy dog. 日本語のテキストと中文字符。😀🚀🎉 ";
  const s = unit.repeat(Math.ceil(bytes / utf8ByteLength(unit)));
  // round-trip through the encoder so the benchmark reads a flat string, as a real attribute would be
  return new TextDecoder().decode(new TextEncoder().encode(s));
}

let sink = 0; // keeps results alive so the work is not optimized away

export async function runP3() {
  const big = mixedText(10 * MB);
  const oneMb = truncateUtf8(big, MB);
  const encoder = new TextEncoder();
  const buf = new Uint8Array(MB);
  const check = encoder.encodeInto(oneMb, buf);
  if (check.read !== oneMb.length) throw new Error("baseline did not encode the whole 1 MB string");

  // interleave the two so that machine noise hits both alike
  const cut = [];
  const enc = [];
  const encNew = [];
  for (let r = 0; r < 7; r++) {
    cut.push(time(() => (sink += truncateUtf8(big, MB).length), { samples: 11 }));
    enc.push(time(() => (sink += encoder.encodeInto(oneMb, buf).written), { samples: 11 }));
    encNew.push(time(() => (sink += new TextEncoder().encodeInto(oneMb, new Uint8Array(MB)).written), { samples: 11 }));
  }
  const cutMs = median(cut);
  const encMs = median(enc);
  const encNewMs = median(encNew);

  const small = mixedText(1024);
  const fitInner = 1_000_000;
  const fit1k = time(() => (sink += truncateUtf8(small, small.length * 3).length), { inner: fitInner, samples: 11 });
  const fit10m = time(() => (sink += truncateUtf8(big, big.length * 3).length), { inner: fitInner, samples: 11 });

  // a 12 MB JSON message list against a 1 MB limit: a scan of its structure, only the kept elements parsed
  const messages = JSON.stringify(Array.from({ length: 1500 }, (_, i) => ({ role: i ? "user" : "system", content: `${i} `.padEnd(8000, "x") })));
  const plain = "x".repeat(messages.length);
  const jsonMs = time(() => (sink += truncateAttributeValue(messages, 1 << 20).value.length), { samples: 11 });
  const plainMs = time(() => (sink += truncateAttributeValue(plain, 1 << 20).value.length), { samples: 11 });

  const rows = [
    { name: "P3 truncateAttributeValue 12 MB JSON message list → 1 MB", value: +jsonMs.toFixed(3), unit: "ms", note: `median; a plain 12 MB string: ${plainMs.toFixed(3)} ms (before: a whole JSON.parse, 82 ms on the same machine)` },
    { name: "P3 truncateUtf8 10 MB mixed → 1 MB", value: +cutMs.toFixed(3), unit: "ms", note: `median; kept ${oneMb.length} UTF-16 units` },
    { name: "P3 encodeInto 1 MB, new encoder + buffer", value: +encNewMs.toFixed(3), unit: "ms", note: "median; for reference" },
    { name: "P3 encodeInto 1 MB, preallocated", value: +encMs.toFixed(3), unit: "ms", note: "median; strict baseline" },
    { name: "P3 ratio truncateUtf8 / encodeInto (preallocated)", value: +(cutMs / encMs).toFixed(2), unit: "×", note: "goal ≤ 1.5; the strict baseline" },
    { name: "P3 ratio truncateUtf8 / encodeInto (new encoder + buffer)", value: +(cutMs / encNewMs).toFixed(2), unit: "×", note: "allocation included" },
    { name: "P3 truncateUtf8 fits, 1 KB", value: +(fit1k * 1e6).toFixed(1), unit: "ns/op", note: "length*3 ≤ limit: O(1)" },
    { name: "P3 truncateUtf8 fits, 10 MB", value: +(fit10m * 1e6).toFixed(1), unit: "ns/op", note: "length*3 ≤ limit: O(1), same as 1 KB" },
  ];
  return { rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows } = await runP3();
  for (const r of rows) console.log(`${r.name.padEnd(42)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} ${r.note}`);
  if (sink === -1) console.log(""); // never true; reads the sink
}
