// The API key never appears in a log line, an error, or a dump of the tracer — also when a server's answer
// or a failing request echoes headers and URLs back.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, HoneyHiveTracer } from "../../runtimes/node/index.js";
import { captureConsole, produce, useTestReceiver, watchUnhandledRejections } from "./helpers.js";
import { startScripted } from "./scripted-server.js";

useTestReceiver();

// printable ASCII, with characters that JSON escapes (" \) and that URLs percent-encode (" \ / %)
const KEY = 'hh_sk_"7Qx\\Zp/9%mK_live_4f1e';

/** Every form in which the key could leak: verbatim, JSON-escaped, percent-encoded, as util.inspect quotes it. */
function leaks(text: string): boolean {
  return [KEY, JSON.stringify(KEY).slice(1, -1), encodeURIComponent(KEY), inspect(KEY).slice(1, -1)].some((form) => text.includes(form));
}

const base = { apiKey: KEY, project: "secrets", env: {}, verbose: true, exportTimeoutMillis: 200, exportDeadlineMillis: 700 };

describe("API key redaction", () => {
  it("no log line, error or dump contains the key, across every kind of failing export", async () => {
    const lines = captureConsole();
    const errors: string[] = [];
    const unhandled = watchUnhandledRejections();
    // answers that echo the request back: its Authorization header (JSON-escaped, and raw) and its URL
    const echo = await startScripted((req, i) => {
      const echoed = JSON.stringify({ authorization: req.headers.authorization, url: req.url });
      if (i % 3 === 0) return { status: 400, body: echoed };
      if (i % 3 === 1) return { status: 503, body: `upstream said: ${req.headers.authorization} at ${req.url}` };
      return { status: 401, body: `invalid key ${req.headers.authorization}` };
    });
    const hang = await startScripted(() => ({ status: 200, delayMs: 5000 }));
    const dead = await startScripted(() => ({ status: 200 }));
    await dead.close();
    const urls = [
      echo.url,
      `${echo.url}/tenant/${encodeURIComponent(KEY)}`, // a key in the URL path is echoed percent-encoded
      hang.url, // timeouts
      `${dead.url}/t/${encodeURIComponent(KEY)}`, // connection refused
    ];
    try {
      for (const serverUrl of urls) {
        const tracer = HoneyHiveTracer.init({ ...base, serverUrl });
        for (let round = 0; round < 3; round++) {
          produce(tracer, 5);
          await tracer.flush();
        }
        // a dump of the tracer hides the key (its own serverUrl aside, where this test put the key on purpose)
        if (!serverUrl.includes(encodeURIComponent(KEY))) errors.push(inspect(tracer, { depth: 12 }), JSON.stringify(tracer.config));
        await tracer.shutdown();
      }
      // errors thrown at init carry no key either (a bad key, a bad field next to a key); a tracer made anyway hides it
      for (const bad of [{ apiKey: `${KEY} x` }, { apiKey: `\n${KEY}` }, { apiKey: KEY, maxAttributes: -1 }, { apiKey: `"${KEY}"` }, { env: { HH_API_KEY: `${KEY}\r\n` } }]) {
        try {
          const t = HoneyHiveTracer.init({ env: {}, ...bad, serverUrl: echo.url }); // a key with surrounding whitespace is trimmed
          errors.push(inspect(t, { depth: 12 }));
          await t.shutdown();
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          errors.push(inspect(err), JSON.stringify(err), String((err as Error).stack));
        }
      }
    } finally {
      unhandled.stop();
      await echo.close();
      await hang.close();
    }
    // the runs really failed in every way, and said so
    const all = lines.join("\n");
    for (const what of [/HTTP 400/, /HTTP 401/, /HTTP 503/, /timed out after 200 ms/, /ECONNREFUSED/, /\[redacted\]/]) expect(all).toMatch(what);
    expect(echo.seen.length).toBeGreaterThan(3);
    expect(unhandled.reasons).toEqual([]);
    const leaked = [...lines, ...errors].filter(leaks);
    expect(leaked).toEqual([]);
  });

  it("a dump with hidden properties at any depth shows no key", async () => {
    captureConsole();
    const tracer = HoneyHiveTracer.init({ ...base, serverUrl: "http://127.0.0.1:9" });
    try {
      const dumps = [inspect(tracer, { showHidden: true, depth: Infinity }), inspect(tracer.config, { showHidden: true }), inspect(tracer.processor, { showHidden: true, depth: Infinity })];
      expect(dumps.filter(leaks)).toEqual([]);
      expect(tracer.config.apiKey).toBe(KEY); // still there for whoever asks by name
    } finally {
      await tracer.shutdown();
    }
  });

  it("warns when the key would go over plain http:// to a host that is not loopback; IPv4-mapped loopback is loopback", async () => {
    const lines = captureConsole();
    const sent = await startScripted(() => ({ status: 200 }));
    const port = new URL(sent.url).port;
    const plain = /API key goes unencrypted over http:\/\/ to ([^:]+)/;
    try {
      for (const serverUrl of ["http://ingest.example.invalid", "http://10.0.0.7:4318", "http://[::ffff:a00:7]"]) {
        await HoneyHiveTracer.init({ ...base, serverUrl }).shutdown(); // nothing is sent: no span was made
      }
      expect(lines.filter((l) => plain.test(l))).toHaveLength(3);
      lines.length = 0;
      for (const host of ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "[::1]"]) {
        const t = HoneyHiveTracer.init({ ...base, serverUrl: `http://${host}:${port}` });
        await t.shutdown();
      }
      // without a key, spans still go to a loopback URL, IPv4-mapped too (as the receiver accepts it)
      const keyless = HoneyHiveTracer.init({ project: "secrets", env: {}, serverUrl: `http://[::ffff:127.0.0.1]:${port}` });
      produce(keyless, 2);
      await keyless.flush();
      await keyless.shutdown();
      expect(lines.filter((l) => plain.test(l) || /no API key/.test(l))).toEqual([]);
      expect(sent.seen).toHaveLength(1);
    } finally {
      await sent.close();
    }
  });
});
