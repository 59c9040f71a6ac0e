// Types for p6-sizes.mjs (plain JavaScript: `npm run bench` runs it in Node without a TypeScript loader).
export declare const WORKERS_BUDGET_BYTES: number;
export declare const API_VERSIONS: string[];
export declare const CONDITIONS: Record<"workerd" | "edge" | "browser", string[]>;
export declare const CONTENDERS: Record<string, { flags: string[]; worker: string; programs?: Record<string, string | null> }>;
export declare function prepareApp(contender: string, api: string): Promise<{ dir: string; legacy: boolean; remove(): void }>;
export declare function wranglerSize(dir: string, options: { minify: boolean }): Promise<{ bytes: number; gzip: number }>;
export declare function esbuildSize(dir: string, contender: string, runtime: string): Promise<{ bytes: number; gzip: number } | undefined>;
export declare function apiCopies(dir: string): number;
export declare function runP6(): Promise<{ rows: { name: string; value: number; unit: string; note: string }[] }>;
