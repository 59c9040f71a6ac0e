// A loopback server that answers every export with `total` bytes of "x" (a 300 MiB answer, say), streamed only
// as fast as the client reads it: how much it wrote before the client hung up shows how much the client read.
// Shared by test/reliability/answers.test.ts and test/bench/answer-rss.mjs (plain JS, so the bench runs without vitest).
import { createServer } from "node:http";

/** Listening on 127.0.0.1: `url`, `written()` (bytes sent so far) and `close()`. */
export async function startHugeAnswer(total) {
  const chunk = Buffer.alloc(64 * 1024, "x");
  let written = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(total) });
      const pump = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => res.destroy());
      pump();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    written: () => written,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
