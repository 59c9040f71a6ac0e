import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // the runtime suites start real processes (deno, workerd, chromium); two cores, so keep it modest
    maxWorkers: 2,
  },
});
