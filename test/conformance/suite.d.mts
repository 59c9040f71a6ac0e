// Types for suite.mjs (kept as plain JavaScript so every runtime loads it unchanged).
import type { ConformanceReport } from "./receiver-checks.js";

export declare const SPANS: Readonly<Record<"limits" | "coreLast" | "thirdParty" | "truncation" | "parent" | "child" | "asyncParent" | "asyncChild", string>>;
export declare const THIRD_PARTY_SCOPE: string;
export declare const FILL: number;
export declare const PAYLOAD: string;
export declare function runConformance(input: {
  lib: unknown;
  runtime: string;
  tracer?: unknown;
  options?: Record<string, unknown>;
}): Promise<ConformanceReport>;
