// The Chromium the browser tests drive: CHROMIUM_PATH or a system one if present, else the one
// @sparticuz/chromium ships in its npm package (so `npm test` needs no system browser).
import { existsSync } from "node:fs";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

const SYSTEM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

// keeps a headless Chromium off the (closed) network: no component updates, no safe-browsing look-ups
const QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function launchChromium(): Promise<Browser> {
  const system = process.env.CHROMIUM_PATH ?? SYSTEM.find((p) => existsSync(p));
  if (system) {
    return chromium.launch({ executablePath: system, args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET] });
  }
  // the npm build is launched with its own args (built for sandbox-less, GPU-less hosts), but not in one
  // process: there, closing a page takes the browser's network service with it, and keepalive requests die
  const args = sparticuz.args.filter((a) => a !== "--single-process");
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: [...args, ...QUIET], headless: true });
}
