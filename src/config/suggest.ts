/** "Did you mean …?" for unknown option keys (typo-prone: maxAttribute, max_attributes, apikey). */

/**
 * A key's spelling-insensitive form: case, "-", "_", spaces and a plural "s" ignored, and the names people
 * use for serverUrl (apiUrl, baseUrl, url, endpoint) mapped to it.
 */
const normalize = (key: string): string =>
  key.toLowerCase().replace(/[-_\s]|s$/g, "").replace(/^((api|base|server)?url|endpoint)$/, "serverurl");

/**
 * One warning per unknown key (values are never included), with the known key it most likely meant: the one
 * with the same normalized form, if any.
 */
export function unknownOptionWarnings(options: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(options)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const suggestion = known.find((candidate) => normalize(candidate) === normalize(key));
      return `Unknown option "${key}" is ignored${suggestion === undefined ? "." : `; did you mean "${suggestion}"?`}`;
    });
}
