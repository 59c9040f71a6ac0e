// A Node program against the built package in a child process, for what only a real process end can show.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** from spawn to exit */
  ms: number;
}

export interface Running {
  child: ChildProcess;
  /** resolves when the program has printed `line` (e.g. "ready") on stdout */
  printed(line: string): Promise<void>;
  ended: Promise<Ended>;
}

/** Starts `source` as an ES module (cwd: the repo, so "honeyhive-edge" is the built package); env is exactly `env` plus PATH. */
export function startNode(source: string, env: Record<string, string>): Running {
  const started = Date.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout!.on("data", (d) => {
    stdout += d;
    for (const w of waiters) if (stdout.split("\n").includes(w.line)) w.resolve();
  });
  child.stderr!.on("data", (d) => (stderr += d));
  // a test that fails must not leave the child behind
  const guard = setTimeout(() => child.kill("SIGKILL"), 45_000);
  const ended = once(child, "exit").then(([code, signal]) => {
    clearTimeout(guard);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr, ms: Date.now() - started };
  });
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (stdout.split("\n").includes(line)) return resolve();
      waiters.push({ line, resolve });
      ended.then((e) => reject(new Error(`exited (${e.code ?? e.signal}) before printing ${line}: ${e.stderr}`)));
    });
  return { child, printed, ended };
}

export const runNode = (source: string, env: Record<string, string>): Promise<Ended> => startNode(source, env).ended;

/** Node's report of an uncaught error without its first lines (the source excerpt at the throw site). */
export function withoutSourceExcerpt(stderr: string): string {
  const at = stderr.indexOf("\n\n");
  return at === -1 ? stderr : stderr.slice(at + 2);
}
