// npm run bench: every benchmark in its own Node process (no shared heap or global OpenTelemetry
// state), ratios measured against plain OpenTelemetry in the same run, table → RESULTS.md.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";

const BENCHES = [
  ["P1/P2 span path", "./p1-p2-span-path.mjs", "runP1P2"],
  ["P3 truncation", "./p3-truncation.mjs", "runP3"],
  ["P4 init", "./p4-init.mjs", "runP4"],
  ["P5 memory", "./p5-memory.mjs", "runP5"],
  ["P6 bundle sizes", "./p6-sizes.mjs", "runP6"],
  ["P6 floor (dependencies alone)", "./p6-floor.mjs", "runP6Floor"],
  ["P7 export throughput", "./p7-throughput.mjs", "runP7"],
  ["P8 trace() input size", "./p8-trace-rows.mjs", "runP8"],
];
const only = process.argv.slice(2);

const rows = [];
for (const [title, file, fn] of BENCHES) {
  if (only.length && !only.some((o) => title.includes(o))) continue;
  process.stderr.write(`running ${title}…\n`);
  // a runner file, not -e: benchmarks that fork themselves must not inherit --input-type
  const runner = new URL("./run-one.mjs", import.meta.url).pathname;
  const out = execFileSync(process.execPath, [runner, file, fn], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  rows.push(...JSON.parse(out.slice(out.lastIndexOf("\n@@") + 3)).rows);
}
console.table(rows);

const cell = (v) => String(v ?? "").replace(/\|/g, "\\|");
const md = [
  "# Benchmark results",
  "",
  `Produced by \`npm run bench${only.length ? ` -- ${only.join(" ")}` : ""}\` on ${new Date().toISOString().slice(0, 10)}, ` +
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}. Each benchmark runs in its own process; ` +
    "every ratio compares against plain OpenTelemetry measured in the same run.",
  "",
  "| benchmark | value | unit | note |",
  "|---|---|---|---|",
  ...rows.map((r) => `| ${cell(r.name)} | ${cell(r.value)} | ${cell(r.unit)} | ${cell(r.note)} |`),
  "",
].join("\n");
if (!only.length) writeFileSync(new URL("./RESULTS.md", import.meta.url), md);
else console.log("\n(subset run: RESULTS.md left unchanged)");
