/** "Did you mean …?" for unknown option keys (typo-prone: maxAttribute, max_attributes, apikey). */

const normalize = (key: string): string => key.toLowerCase().replace(/[-_\s]/g, "");

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = [...Array(b.length + 1).keys()];
  for (let i = 0; i < a.length; i++) {
    const row = [i + 1];
    for (let j = 0; j < b.length; j++) {
      row[j + 1] = Math.min(prev[j + 1] + 1, row[j] + 1, prev[j] + (a[i] === b[j] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * The option key `key` most likely meant among `known`, if any is close (at most 2 edits, ignoring case,
 * "_" and "-"). Names for serverUrl that are not near it by spelling (apiUrl, baseUrl, url, endpoint)
 * map to it.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const norm = normalize(key);
  if (/^((api|base|server)?url|endpoint)$/.test(norm)) return "serverUrl";
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(norm, normalize(candidate));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance < norm.length / 3 ? best : undefined;
}

/** One warning per unknown key (values are never included). */
export function unknownOptionWarnings(options: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(options)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const suggestion = suggestKey(key, known);
      return `Unknown option "${key}" is ignored${suggestion === undefined ? "." : `; did you mean "${suggestion}"?`}`;
    });
}
