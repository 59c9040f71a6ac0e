/**
 * Loopback URLs are where the local receiver lives; spans may go there without an API key, and a key may go
 * there over plain http://. IPv4-mapped 127.0.0.0/8 counts too (URL writes it in hex: [::ffff:7f00:1]), as
 * the receiver accepts it.
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    return /^(localhost|\[::1\]|127(\.\d{1,3}){3}|\[::ffff:7f[\da-f]{2}:[\da-f]{1,4}\])$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
