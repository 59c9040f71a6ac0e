export function startHugeAnswer(total: number): Promise<{ url: string; written(): number; close(): Promise<void> }>;
