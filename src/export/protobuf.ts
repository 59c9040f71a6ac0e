import type { TraceEncoding } from "./encoding.js";

/**
 * OTLP/protobuf through otlp-transformer's serializer. A dynamic import, reached only when
 * protocol === "http/protobuf": the JSON path never loads (or runs) otlp-transformer.
 */
export async function loadProtobufEncoding(): Promise<TraceEncoding> {
  const { ProtobufTraceSerializer } = await import("./protobuf-serializer.js");
  return {
    contentType: "application/x-protobuf",
    encode(spans) {
      // its ReadableSpan is sdk-trace's, structurally the same as sdk-trace-base's
      const body = ProtobufTraceSerializer.serializeRequest(spans as Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0]);
      if (!body) throw new Error("the protobuf serializer returned no body");
      return body;
    },
  };
}
