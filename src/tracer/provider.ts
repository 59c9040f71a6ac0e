import { ProxyTracerProvider, context, trace, type TracerProvider } from "@opentelemetry/api";
import type { SpanLimits, SpanProcessor } from "@opentelemetry/sdk-trace-base";
// the 2.x SDK itself: sdk-trace-base's BasicTracerProvider is a shim that re-reads OTEL_* env (we
// resolve those ourselves) and costs ~3 KiB of bundle on the edge
import { TracerProvider as SdkTracerProvider } from "@opentelemetry/sdk-trace";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { Runtime } from "../runtime.js";
import type { SpanGuard } from "../preservation/span-guard.js";

export type ProviderStrategy = "new_provider" | "existing_provider";

export interface ProviderSetup {
  strategy: ProviderStrategy;
  provider: SdkTracerProvider;
  existing?: TracerProvider;
}

/** The provider behind the global API's proxy, or undefined when nobody registered one yet. */
export function registeredProvider(): TracerProvider | undefined {
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = proxy.getDelegate ? proxy.getDelegate() : proxy;
  // identity first: bundlers rename classes (esbuild emits "NoopTracerProvider2"), so the name alone misleads
  const noop = delegate === new ProxyTracerProvider().getDelegate() || delegate.constructor?.name === "NoopTracerProvider";
  return noop ? undefined : delegate;
}

/**
 * Seed Pattern 3, translated. No global provider: create one with our limits and register it.
 * One exists: leave it alone (its limits cannot change) and give HoneyHive's own spans a private
 * provider with our limits, so they are still exported; the caller warns the user.
 */
export function setupProvider(
  runtime: Runtime,
  limits: SpanLimits,
  processor: SpanProcessor,
  resourceAttributes: Record<string, string>,
  guard: Pick<SpanGuard, "truncateInitial">,
): ProviderSetup {
  const existing = registeredProvider();
  const Provider = runtime.Provider ?? SdkTracerProvider;
  const provider = new Provider({
    spanLimits: limits,
    spanProcessors: [processor],
    resource: resourceFromAttributes(resourceAttributes),
  });
  truncateInitialAttributes(provider, guard);
  if (existing) return { strategy: "existing_provider", provider, existing };
  trace.setGlobalTracerProvider(provider);
  const manager = runtime.contextManager?.();
  if (manager) context.setGlobalContextManager(manager.enable());
  return { strategy: "new_provider", provider };
}

/**
 * startSpan({ attributes }) sets attributes before any processor runs, and the SDK cuts them by
 * UTF-16 units; cutting them by bytes first keeps characters whole and records the original size.
 */
function truncateInitialAttributes(provider: SdkTracerProvider, guard: Pick<SpanGuard, "truncateInitial">): void {
  const getTracer = provider.getTracer.bind(provider);
  provider.getTracer = (name, version, options) => {
    const inner = getTracer(name, version, options);
    const wrapped = Object.create(inner);
    wrapped.startSpan = (spanName: string, opts?: { attributes?: Record<string, unknown> }, ctx?: unknown) =>
      inner.startSpan(
        spanName,
        opts?.attributes ? { ...opts, attributes: guard.truncateInitial(opts.attributes as never) } : (opts as never),
        ctx as never,
      );
    return wrapped;
  };
}

export function describeProvider(p: TracerProvider): string {
  const limits = (p as { _tracerOptions?: { spanLimits?: SpanLimits } })._tracerOptions?.spanLimits;
  const name = p.constructor?.name ?? "unknown";
  return limits?.attributeCountLimit ? `${name} (attributeCountLimit ${limits.attributeCountLimit})` : name;
}

