// A fake OpenAI on loopback: POST /v1/chat/completions in the real wire format, JSON or server-sent events
// (stream: true), with usage; a request that offers tools and has no tool result yet gets a tool call back.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export const ANSWER = "Paris is the capital of France.";
export const USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };

export interface FakeOpenAI {
  /** base URL for the SDKs (`…/v1`) */
  url: string;
  /** every request body received, in order */
  requests: Array<Record<string, any>>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Record<string, any>> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8") || "{}");
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: Array<Record<string, any>> = [];
  let n = 0;
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const b = await body(req);
    requests.push(b);
    const id = `chatcmpl-fake${++n}`;
    const model = String(b.model ?? "gpt-fake");
    const created = Math.floor(Date.now() / 1000);
    const messages: Array<{ role: string }> = Array.isArray(b.messages) ? b.messages : [];
    const wantsTool = Array.isArray(b.tools) && b.tools.length > 0 && !messages.some((m) => m.role === "tool");
    const toolCall = wantsTool
      ? { index: 0, id: "call_fake1", type: "function", function: { name: b.tools[0].function.name, arguments: JSON.stringify({ city: "Paris" }) } }
      : undefined;
    const finish = toolCall ? "tool_calls" : "stop";
    if (!b.stream) {
      const message = toolCall ? { role: "assistant", content: null, tool_calls: [{ ...toolCall, index: undefined }] } : { role: "assistant", content: ANSWER };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id, object: "chat.completion", created, model, choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage: USAGE }));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra })}\n\n`);
    if (toolCall) {
      send([{ index: 0, delta: { role: "assistant", content: null, tool_calls: [toolCall] }, finish_reason: null }]);
    } else {
      send([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
      for (const word of ANSWER.match(/\S+\s*/g)!) {
        send([{ index: 0, delta: { content: word }, finish_reason: null }]);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    send([{ index: 0, delta: {}, finish_reason: finish }]);
    send([], { usage: USAGE });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // SDK clients keep connections alive
        server.close(() => resolve());
      }),
  };
}
