import { HoneyHiveSpanProcessor as CoreProcessor, HoneyHiveTracer as CoreTracer } from "../../src/index.js";
import { flushOnPageHide } from "./page-hide.js";
import { browserRuntime } from "./runtime.js";

/** HoneyHiveTracer for pages: explicit options only, the SDK TracerProvider with a StackContextManager, keepalive flush when the page is hidden or left. */
export class HoneyHiveTracer extends CoreTracer {
  static override runtime = browserRuntime;
  // a field, not Runtime.keepAlive: the unload flush needs the processor's keepalive send options
  private readonly stopPageHideFlush = flushOnPageHide(this.processor, this.config);

  override async shutdown(): Promise<void> {
    this.stopPageHideFlush();
    await super.shutdown();
  }
}

/** HoneyHiveSpanProcessor for a provider of your own; flushes with keepalive when the page is hidden or left. */
export class HoneyHiveSpanProcessor extends CoreProcessor {
  static override runtime = browserRuntime;
  private readonly stopPageHideFlush = flushOnPageHide(this, this.config);

  override async shutdown(): Promise<void> {
    this.stopPageHideFlush();
    await super.shutdown();
  }
}
