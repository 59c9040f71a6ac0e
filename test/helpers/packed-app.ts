// An app as a user has it: a fresh directory with its own package.json, the packed honeyhive-edge
// tarball and the app's own dependencies installed by npm (from its cache when it can, else the registry).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

let tarball: Promise<string> | undefined;

/** `npm pack` of this repo (dist/ must be built: npm test builds first), once per test file. */
export function packedTarball(): Promise<string> {
  return (tarball ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-tarball-"));
    await run("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: ROOT });
    return join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz"))!);
  })());
}

export interface PackedApp {
  dir: string;
  /** npm's combined output of the install, to assert on (e.g. no ERESOLVE) */
  installLog: string;
  remove(): void;
}

export interface AppSpec {
  /** the app's dependencies besides honeyhive-edge, as package.json would list them */
  dependencies?: Record<string, string>;
  /** files to write into the app, by relative path */
  files?: Record<string, string>;
  /** extra package.json fields (scripts, overrides, …) */
  packageJson?: Record<string, unknown>;
}

/** Creates the app and runs a plain `npm install` in it: no --force, no --legacy-peer-deps. */
export async function installPackedApp(spec: AppSpec = {}): Promise<PackedApp> {
  const dir = mkdtempSync(join(tmpdir(), "hh-app-"));
  const dependencies = { "honeyhive-edge": `file:${await packedTarball()}`, ...spec.dependencies };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module", dependencies, ...spec.packageJson }, null, 2));
  for (const [path, text] of Object.entries(spec.files ?? {})) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const { stdout, stderr } = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
    cwd: dir,
    maxBuffer: 64 << 20,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  return { dir, installLog: stdout + stderr, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
