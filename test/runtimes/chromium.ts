// The Chromium the browser tests drive: CHROMIUM_PATH or a system one if present, else the one
// @sparticuz/chromium ships in its npm package (so `npm test` needs no system browser).
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import sparticuz from "@sparticuz/chromium";
import { chromium, type Browser } from "playwright-core";

const SYSTEM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

// keeps a headless Chromium off the (closed) network: no component updates, no safe-browsing look-ups
const QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const RELAXED = ["--single-process", "--disable-web-security", "--allow-running-insecure-content"];

export async function launchChromium(): Promise<Browser> {
  const system = process.env.CHROMIUM_PATH ?? SYSTEM.find((p) => existsSync(p));
  if (system) {
    return chromium.launch({ executablePath: system, args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET] });
  }
  // the npm build's own args minus those that change what a page sees: one process (closing a page takes
  // the network service with it) and --disable-web-security (no CORS preflight, which the product must handle)
  const args = sparticuz.args.filter((a) => !RELAXED.includes(a));
  return chromium.launch({ executablePath: await sparticuz.executablePath(), args: [...args, ...QUIET], headless: true });
}

/**
 * A loopback server for a test page: `/bundle.js` is the script, anything else the page, unless `route` answered
 * first (it returns true when it did). Resolves with the server and the page's URL.
 */
export async function servePage(script: string, html: string, route?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (route?.(req, res)) return;
    const js = req.url === "/bundle.js";
    res.writeHead(200, { "Content-Type": js ? "text/javascript" : "text/html" });
    res.end(js ? script : html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
