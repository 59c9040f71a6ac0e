// gzip through the platform's CompressionStream (Workers, Deno, browsers, Node >= 18), unless the runtime brings a
// cheaper one (Runtime.gzip: Node's zlib). Where neither exists, the exporter warns once and sends uncompressed.
/** One write of the whole body: far fewer stream chunks (and promise hops) than piping a Blob's stream. */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream("gzip");
  const writer = cs.writable.getWriter();
  // the result is read below; a write error surfaces there, so these promises are only observed, not awaited
  writer.write(data as BufferSource).catch(() => {});
  writer.close().catch(() => {});
  return new Uint8Array(await new Response(cs.readable).arrayBuffer());
}
