// The Workers size guard, on the realistic Worker (withHoneyHive + the app's own @opentelemetry/api import + one
// span, npm's latest API) as `wrangler deploy --dry-run --minify` builds it in an app that installed our tarball.
import { afterAll, expect, test } from "vitest";
import { WORKERS_BUDGET_BYTES, apiCopies, prepareApp, wranglerSize } from "../bench/p6-sizes.mjs";
import { requireBuilt } from "./support.js";

/**
 * The goal is WORKERS_BUDGET_BYTES (24 KiB), and it is NOT met: the realistic Worker measures 33.5 KiB (34,355 B),
 * while what it depends on alone is 11.7 KiB (test/bench/p6-floor.mjs; README, "Why the size goals are out of
 * reach"). Until that changes, this guards against growth: the measured size plus 1 KiB.
 */
const CEILING_BYTES = 34_355 + 1024;
const API = "1.10.0";

const apps: { remove(): void }[] = [];
afterAll(() => apps.forEach((a) => a.remove()));

test("the realistic Worker, as wrangler builds it, carries one API copy, stays under the ceiling and under OpenTelemetry's web provider + OTLP exporter", async () => {
  requireBuilt("cloudflare");
  const ours = await prepareApp("honeyhive-edge", API);
  apps.push(ours);
  const theirs = await prepareApp("opentelemetry-web-otlp", API);
  apps.push(theirs);
  const size = await wranglerSize(ours.dir, { minify: true });
  const baseline = await wranglerSize(theirs.dir, { minify: true });
  expect(apiCopies(ours.dir)).toBe(1);
  expect(size.gzip, `${size.gzip} B gzip (${size.bytes} B), goal ${WORKERS_BUDGET_BYTES} B`).toBeLessThanOrEqual(CEILING_BYTES);
  expect(size.gzip).toBeLessThan(baseline.gzip);
}, 180_000);
