import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../../receiver/index.js";
import { createFaultPicker, mulberry32, type FaultKind } from "../../receiver/faults.js";

const BODY = JSON.stringify({
  resourceSpans: [{
    scopeSpans: [{
      scope: { name: "t" },
      spans: [{
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: "eee19b7ec3c1b174",
        name: "tool.search",
        attributes: [
          { key: "honeyhive.session_id", value: { stringValue: "s-1" } },
          { key: "honeyhive_event_type", value: { stringValue: "tool" } },
        ],
      }],
    }],
  }],
});

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const post = (r: Receiver, init: RequestInit = {}) =>
  fetch(r.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: BODY, ...init });

describe("fault injection", () => {
  it("429 carries Retry-After, discards the spans and is counted", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["429"], retryAfterSeconds: 3 } });
    const res = await post(receiver);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect((await res.json()).error).toMatch(/injected fault/);
    expect(receiver.accepted).toEqual([]);
    expect(receiver.faultCounts["429"]).toBe(1);
    expect(receiver.requests[0]).toMatchObject({ status: 429, fault: "429", bytes: Buffer.byteLength(BODY) });
  });

  it("503 carries Retry-After (default 1 s); 500/502/504 do not", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["503"] } });
    const r503 = await post(receiver);
    expect(r503.status).toBe(503);
    expect(r503.headers.get("retry-after")).toBe("1");
    for (const kind of ["500", "502", "504"] as FaultKind[]) {
      receiver.setFaults({ rate: 1, kinds: [kind] });
      const res = await post(receiver);
      expect(res.status).toBe(Number(kind));
      expect(res.headers.get("retry-after")).toBeNull();
    }
    expect(receiver.faultCounts).toMatchObject({ "500": 1, "502": 1, "503": 1, "504": 1 });
    expect(receiver.accepted).toEqual([]);
  });

  it("a retry after a fault is accepted and is not a duplicate", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["502"] } });
    expect((await post(receiver)).status).toBe(502);
    receiver.setFaults(undefined);
    expect((await post(receiver)).status).toBe(200);
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.duplicates).toBe(0);
  });

  it("hang holds the request for hangMs, then destroys the socket", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["hang"], hangMs: 150 } });
    const started = Date.now();
    await expect(post(receiver)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(receiver.faultCounts.hang).toBe(1);
    expect(receiver.requests[0]).toMatchObject({ status: 0, fault: "hang" });
    expect(receiver.accepted).toEqual([]);
  });

  it("a client timeout ends a hang early; close() releases hanging requests", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["hang"] } }); // default 60 s
    await expect(post(receiver, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const r = receiver;
    const pending = post(r);
    await r.waitFor(() => r.faultCounts.hang === 2);
    const closing = Date.now();
    await r.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - closing).toBeLessThan(5000);
  });

  it("reset destroys the connection, so fetch rejects", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["reset"] } });
    await expect(post(receiver)).rejects.toThrow(/fetch failed/);
    expect(receiver.faultCounts.reset).toBe(1);
    expect(receiver.requests[0]).toMatchObject({ status: 0, fault: "reset" });
    expect(receiver.accepted).toEqual([]);
  });

  it("faults apply only to ingest requests, not to 404/405", async () => {
    receiver = await startReceiver({ faults: { rate: 1, kinds: ["500"] } });
    expect((await fetch(receiver.url + "/elsewhere")).status).toBe(404);
    expect((await fetch(receiver.endpoint)).status).toBe(405);
    expect(receiver.faultCounts["500"]).toBe(0);
  });

  it("the same seed faults the same requests with the same kinds; setFaults restarts the sequence", async () => {
    const faults = { rate: 0.5, kinds: ["500", "503", "429"] as FaultKind[], seed: 42, retryAfterSeconds: 0 };
    const run = async (r: Receiver) => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await post(r)).status);
      return statuses;
    };
    receiver = await startReceiver({ faults });
    const first = await run(receiver);
    receiver.setFaults(faults);
    const again = await run(receiver);
    expect(again).toEqual(first);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(2);
    expect(new Set(first.filter((s) => s !== 200)).size).toBeGreaterThan(1);
    receiver.setFaults({ ...faults, seed: 7 });
    expect(await run(receiver)).not.toEqual(first);
  });

  it("rate 0 never faults", async () => {
    receiver = await startReceiver({ faults: { rate: 0, kinds: ["reset"] } });
    for (let i = 0; i < 5; i++) expect((await post(receiver)).status).toBe(200);
  });
});

describe("createFaultPicker", () => {
  it("faults about `rate` of requests and picks every kind", () => {
    const pick = createFaultPicker({ rate: 0.3, kinds: ["429", "reset"], seed: 1 });
    const draws = Array.from({ length: 10_000 }, pick);
    const faulted = draws.filter((k) => k !== undefined);
    expect(faulted.length / draws.length).toBeGreaterThan(0.27);
    expect(faulted.length / draws.length).toBeLessThan(0.33);
    expect(new Set(faulted)).toEqual(new Set(["429", "reset"]));
  });

  it("is off without options and with rate 0", () => {
    expect(createFaultPicker(undefined)()).toBeUndefined();
    expect(createFaultPicker({ rate: 0, kinds: ["500"] })()).toBeUndefined();
  });

  it("mulberry32 is deterministic per seed and stays in [0, 1)", () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
