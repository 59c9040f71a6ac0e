import type { SpanLimits } from "@opentelemetry/sdk-trace-base";
import type { ResolvedConfig } from "./config/types.js";

/** OpenTelemetry's per-event and per-link defaults, which the seed keeps. */
const PER_EVENT_AND_LINK_ATTRIBUTES = 128;

/**
 * The one place where config becomes OpenTelemetry SpanLimits. Core preservation needs no count
 * headroom: the span guard evicts a non-core key to make room, so the exported count stays
 * within maxAttributes. The value-length limit stays as a backstop; the guard cuts by UTF-8 bytes
 * first, so the SDK's UTF-16 cut never triggers on spans that pass through it.
 */
export function computeSpanLimits(config: Pick<ResolvedConfig, "maxAttributes" | "maxAttributeLength" | "maxEvents" | "maxLinks">): SpanLimits {
  return Object.freeze({
    attributeCountLimit: config.maxAttributes,
    attributeValueLengthLimit: config.maxAttributeLength,
    eventCountLimit: config.maxEvents,
    linkCountLimit: config.maxLinks,
    attributePerEventCountLimit: PER_EVENT_AND_LINK_ATTRIBUTES,
    attributePerLinkCountLimit: PER_EVENT_AND_LINK_ATTRIBUTES,
  });
}
