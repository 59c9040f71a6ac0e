/** "Did you mean …?" for unknown option keys (typo-prone: maxAttribute, max_attributes, apikey). */

/** Names for serverUrl that are not near it by spelling. */
const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  apiurl: "serverUrl",
  baseurl: "serverUrl",
  url: "serverUrl",
  endpoint: "serverUrl",
  serverurl: "serverUrl",
});

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The known key `key` most likely meant, if any is close (at most 2 edits, ignoring case, "_" and "-"). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const norm = normalize(key);
  const alias = ALIASES[norm];
  if (alias !== undefined && known.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(norm, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= 2 && bestDistance < norm.length / 3 ? best : undefined;
}

/** One warning per unknown key (values are never included). */
export function unknownOptionWarnings(options: Record<string, unknown>, known: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const suggestion = suggestKey(key, known);
    warnings.push(
      suggestion === undefined
        ? `Unknown option "${key}" is ignored.`
        : `Unknown option "${key}" is ignored; did you mean "${suggestion}"?`,
    );
  }
  return warnings;
}
