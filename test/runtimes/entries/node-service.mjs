// A plain node:http service with honeyhive-edge (HH_* from the environment): each request runs in the context
// its headers bring (tracer.withDistributedContext), and is flushed once answered. Prints {"port"} when listening.
import { createServer } from "node:http";
import { HoneyHiveTracer } from "honeyhive-edge";

const tracer = HoneyHiveTracer.init();

const server = createServer((req, res) => {
  const answer = tracer.withDistributedContext(req.headers, () =>
    tracer.trace(`node ${req.method} ${req.url}`, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return tracer.trace("node.lookup", () => ({ sessionId: tracer.sessionId }), { eventType: "tool" });
    }, { eventType: "chain" }),
  );
  answer.then((body) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
    void tracer.flush();
  });
});

server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
