// A loopback HTTP sink for the memory and throughput benchmarks: reads each body, keeps nothing.
import { createServer } from "node:http";

export async function startSink() {
  let requests = 0;
  const server = createServer((req, res) => {
    req.on("data", () => {});
    req.on("end", () => {
      requests++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests: () => requests,
    close: () => new Promise((r) => server.close(r)),
  };
}
