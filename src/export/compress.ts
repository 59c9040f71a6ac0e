// gzip through the platform's CompressionStream (Workers, Deno, browsers, Node >= 18; the exporter checks that
// it exists); no zlib import.
const utf8 = new TextEncoder();

/** One write of the whole body: far fewer stream chunks (and promise hops) than piping a Blob's stream. */
export async function gzip(data: string | Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream("gzip");
  const writer = cs.writable.getWriter();
  // the result is read below; a write error surfaces there, so these promises are only observed, not awaited
  writer.write((typeof data === "string" ? utf8.encode(data) : data) as BufferSource).catch(() => {});
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(cs.readable).arrayBuffer());
}
