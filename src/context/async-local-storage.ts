import { ROOT_CONTEXT, type Context, type ContextManager } from "@opentelemetry/api";

/** The part of AsyncLocalStorage we use; Node's, workerd's (nodejs_als) and Vercel Edge's all have it. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: (...args: unknown[]) => R, ...args: unknown[]): R;
  disable?(): void;
}

export type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

/**
 * A ContextManager over an AsyncLocalStorage class handed in by the adapter, for runtimes where
 * @opentelemetry/context-async-hooks cannot load (it `require`s async_hooks at import time).
 */
export class AsyncStorageContextManager implements ContextManager {
  readonly #storage: AsyncLocalStorageLike<Context>;

  constructor(AsyncLocalStorage: AsyncLocalStorageClass) {
    this.#storage = new AsyncLocalStorage<Context>();
  }

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const bound = thisArg == null ? fn : fn.bind(thisArg);
    return this.#storage.run(context, bound as (...a: unknown[]) => ReturnType<F>, ...args);
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== "function") return target;
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(context, target as (...a: unknown[]) => unknown, this, ...args);
    } as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable?.();
    return this;
  }
}

/**
 * Where there is no AsyncLocalStorage: the store of the innermost synchronous run(), as OpenTelemetry's
 * StackContextManager keeps it (context survives no await).
 */
class SyncStorage<T> implements AsyncLocalStorageLike<T> {
  #store: T | undefined;

  getStore(): T | undefined {
    return this.#store;
  }

  run<R>(store: T, fn: (...args: unknown[]) => R, ...args: unknown[]): R {
    const previous = this.#store;
    this.#store = store;
    try {
      return fn(...args);
    } finally {
      this.#store = previous;
    }
  }

  disable(): void {
    this.#store = undefined;
  }
}

/** AsyncLocalStorage when the runtime has it; else the synchronous stack (context survives no await). */
export function contextManagerFor(AsyncLocalStorage: AsyncLocalStorageClass | undefined): ContextManager {
  return new AsyncStorageContextManager(AsyncLocalStorage ?? SyncStorage);
}
