// Runs one benchmark in this process and prints its rows as the last line (used by run.mjs).
const [file, fn] = process.argv.slice(2);
const m = await import(new URL(file, import.meta.url).href);
process.stdout.write("\n@@" + JSON.stringify(await m[fn]()));
