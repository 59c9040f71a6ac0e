// What the runtime tests share: the built package, esbuild bundles per runtime, and child processes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { expect } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const API_KEY = "hh_conformance_key_0123456789";

/** The tests use the package as users get it (dist/, through package.json exports): build it first. */
export function requireBuilt(...entries: string[]): void {
  for (const e of entries) {
    if (!existsSync(`${ROOT}/dist/${e}.js`)) throw new Error(`dist/${e}.js is missing: run \`npm run build\` first`);
  }
}

/** Export conditions as each platform's bundler sets them (wrangler, Next.js edge, browsers). */
export const CONDITIONS = {
  workerd: ["workerd", "worker", "browser", "module"],
  edge: ["edge-light", "worker", "browser", "module"],
  browser: ["browser", "module"],
} as const;

/** Bundles a file under test/runtimes/entries; "honeyhive-edge" resolves to dist/ through the package's own exports. */
export async function bundle(entry: string, conditions: readonly string[], extra: BuildOptions = {}): Promise<string> {
  const result = await build({
    entryPoints: [`${ROOT}/test/runtimes/entries/${entry}`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: [...conditions],
    absWorkingDir: ROOT,
    logLevel: "silent",
    ...extra,
  });
  return result.outputFiles![0].text;
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child's environment: exactly `env` plus PATH and HOME (no HH_* or OTEL_* of the test runner). */
export function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env };
}

/** Runs a command to completion (in `cwd`); only loopback is ever contacted, and the environment is childEnv(env). */
export function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 60_000, cwd = ROOT): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: childEnv(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last line of stdout that parses as JSON: what a runtime reported. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      return JSON.parse(line) as T;
    } catch {
      // not the report line
    }
  }
  throw new Error(`no JSON report in stdout:\n${stdout}`);
}

/** Our log lines on stderr (the library's only way to speak is "[honeyhive-edge] ..."). */
export function logLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes("[honeyhive-edge]"));
}

export const DENO = `${ROOT}/node_modules/.bin/deno`;

/** What every runtime's conformance run is configured with, through that runtime's own env source. */
export function conformanceEnv(project: string, receiverUrl: string): Record<string, string> {
  return {
    HH_API_KEY: API_KEY,
    HH_API_URL: receiverUrl,
    HH_PROJECT: project,
    HH_MAX_ATTRIBUTES: "200",
    HH_MAX_ATTRIBUTE_LENGTH: "1024",
  };
}

/** The runtime read conformanceEnv from its env source: values and where each came from. */
export function expectConfigFromEnv(config: unknown, project: string): void {
  expect(config).toMatchObject({
    project,
    maxAttributes: 200,
    maxAttributeLength: 1024,
    sources: { project: "env:HH_PROJECT", maxAttributes: "env:HH_MAX_ATTRIBUTES", maxAttributeLength: "env:HH_MAX_ATTRIBUTE_LENGTH" },
  });
}

/** The first JSON line a server process prints (its address), or a rejection with its stderr if it exits first. */
export function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.stdout!.on("data", (d) => {
      buffered += d;
      const line = buffered.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line) as T);
    });
    child.on("close", (code) => reject(new Error(`${child.spawnfile} exited (${code}) before listening:\n${stderr}`)));
  });
}
