// Types for p6-sizes.mjs (plain JavaScript: `npm run bench` runs it in Node without a TypeScript loader).
export declare const WORKERS_BUDGET_BYTES: number;
export declare const PROGRAMS: Record<string, { platform?: string; conditions: string[]; source: string; baseline?: boolean }>;
export declare function measure(name: string): Promise<{ minified: number; gzip: number; largest: [string, number][] }>;
export declare function runP6(): Promise<{ rows: { name: string; value: number; unit: string; note: string }[] }>;
