/** Loopback URLs are where the local receiver lives; spans may go there without an API key. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
