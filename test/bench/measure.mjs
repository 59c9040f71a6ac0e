// Shared timing for the benchmarks: interleaved rounds, medians, ratios measured in one run.
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times each candidate `rounds` times, alternating order, and returns the median ns per op. */
export function compare(candidates, { ops, rounds = 15, warmup = 3 }) {
  const names = Object.keys(candidates);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const t0 = process.hrtime.bigint();
      candidates[name](ops);
      const ns = Number(process.hrtime.bigint() - t0) / ops;
      if (r >= warmup) samples[name].push(ns);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

export const fmt = (n, digits = 2) => Number(n.toFixed(digits));
