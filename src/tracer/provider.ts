import { ProxyTracerProvider, context, trace, type Attributes, type TracerProvider } from "@opentelemetry/api";
import type { SpanLimits, SpanProcessor } from "@opentelemetry/sdk-trace-base";
// the 2.x SDK itself: sdk-trace-base's BasicTracerProvider is a shim that re-reads OTEL_* env (we
// resolve those ourselves) and costs ~3 KiB of bundle on the edge
import { TracerProvider as SdkTracerProvider } from "@opentelemetry/sdk-trace";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { Runtime } from "../runtime.js";

/** What cuts startSpan's initial attributes: the HoneyHive processor. */
interface Guard {
  truncateInitial(attributes: Attributes): Attributes;
}

export type ProviderStrategy = "new_provider" | "existing_provider";

export interface ProviderSetup {
  strategy: ProviderStrategy;
  provider: SdkTracerProvider;
  /** the global provider found at init, unless it is one of ours (a second init warns about nothing) */
  existing?: TracerProvider;
}

/** Marks the providers HoneyHiveTracer creates; a registry symbol, so copies of the library in one app agree. */
const OURS = Symbol.for("honeyhive-edge.provider");

/**
 * Seed Pattern 3, translated. No global provider: create one with our limits and register it.
 * One exists: leave it alone (its limits cannot change) and give HoneyHive's own spans a private
 * provider with our limits, so they are still exported; the caller warns the user.
 */
export function setupProvider(
  runtime: Runtime,
  limits: SpanLimits,
  processor: SpanProcessor & Guard,
  resourceAttributes: Attributes,
): ProviderSetup {
  // the provider behind the global API's proxy, unless nobody registered one yet
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = proxy.getDelegate ? proxy.getDelegate() : proxy;
  // identity first: bundlers rename classes (esbuild emits "NoopTracerProvider2"), so the name alone misleads
  const existing =
    delegate === new ProxyTracerProvider().getDelegate() || delegate.constructor?.name === "NoopTracerProvider" ? undefined : delegate;
  const Provider = runtime.Provider ?? SdkTracerProvider;
  const provider = new Provider({
    spanLimits: limits,
    spanProcessors: [processor],
    resource: resourceFromAttributes(resourceAttributes),
  });
  // startSpan({ attributes }) sets attributes before any processor runs, and the SDK cuts them by
  // UTF-16 units; cutting them by bytes first keeps characters whole and records the original size
  const getTracer = provider.getTracer.bind(provider);
  provider.getTracer = (name, version, options) => {
    const inner = getTracer(name, version, options);
    const wrapped = Object.create(inner);
    wrapped.startSpan = (spanName: string, opts?: { attributes?: Record<string, unknown> }, ctx?: unknown) =>
      inner.startSpan(
        spanName,
        opts?.attributes ? { ...opts, attributes: processor.truncateInitial(opts.attributes as never) } : (opts as never),
        ctx as never,
      );
    return wrapped;
  };
  (provider as unknown as Record<symbol, boolean>)[OURS] = true;
  // a second init (a re-init, another project): the first tracer's provider stays global and its processor
  // sees the instrumentations' spans; this tracer's own spans go through its own provider, with its config
  if (existing) return { strategy: "existing_provider", provider, existing: (existing as unknown as Record<symbol, unknown>)[OURS] ? undefined : existing };
  trace.setGlobalTracerProvider(provider);
  const manager = runtime.contextManager?.();
  if (manager) context.setGlobalContextManager(manager.enable());
  return { strategy: "new_provider", provider };
}

/** The provider's class name, with its attribute count limit when it has one. */
export function describeProvider(p: TracerProvider): string {
  const limits = (p as { _tracerOptions?: { spanLimits?: SpanLimits } })._tracerOptions?.spanLimits;
  const name = p.constructor?.name ?? "unknown";
  return limits?.attributeCountLimit ? `${name} (attributeCountLimit ${limits.attributeCountLimit})` : name;
}
