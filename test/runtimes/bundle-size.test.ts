// The Workers size budget: a one-span Worker, bundled as wrangler does it, must stay within 25 KiB min+gzip.
import { expect, test } from "vitest";
import { WORKERS_BUDGET_BYTES, measure } from "../bench/p6-sizes.mjs";
import { requireBuilt } from "./support.js";

test("the one-span Worker is at most 25 KiB minified + gzip", async () => {
  requireBuilt("cloudflare");
  const size = await measure("cloudflare");
  const largest = size.largest.map(([name, bytes]) => `${name} ${bytes} B`).join(", ");
  expect(size.gzip, `${size.gzip} B gzip (${size.minified} B minified); largest inputs (minified): ${largest}`).toBeLessThanOrEqual(WORKERS_BUDGET_BYTES);
});
