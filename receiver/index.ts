// The local receiver's public surface (`honeyhive-edge/receiver`): Node only.
export { startReceiver, DEFAULT_PATH, DEFAULT_MAX_BODY_BYTES, SESSION_START_PATH } from "./server.js";
export type { Receiver, ReceiverOptions, RequestRecord, RejectedSpan, SpanVerdict } from "./server.js";
export { SessionBook, buildTree, parseSessionStart, spanSessionId, DEFAULT_SESSION_NAME } from "./sessions.js";
export type { ReceivedSession, SessionNode, StartedSession } from "./sessions.js";
export { decodeTraceRequest, decodeTraceRequestJson, OtlpDecodeError } from "./decode.js";
export type { ReceivedSpan, ReceivedEvent, ReceivedLink } from "./decode.js";
export { validateSpan, REQUIRED_ATTRIBUTES } from "./validate.js";
export type { Verdict } from "./validate.js";
export { FAULT_KINDS } from "./faults.js";
export type { FaultKind, FaultOptions, FaultCounts } from "./faults.js";
export { formatSpanLine, formatRequestLine, formatSession, formatSessionStartLine, formatOrphaned } from "./format.js";
export { isLoopbackHost } from "./http.js";
