import { KNOWN_ENV_VARS } from "../../src/config/index.js";

/** The slice of the Deno global we use; declared here so the rest of the code base never sees `Deno`. */
interface DenoEnvApi {
  env: { toObject(): Record<string, string>; get(name: string): string | undefined };
  permissions?: { querySync?(d: { name: "env"; variable?: string }): { state: string } };
}

const deno = (globalThis as { Deno?: DenoEnvApi }).Deno;

/** Asking first: touching Deno.env without the permission prompts on a TTY and throws NotCapable otherwise. */
function granted(variable?: string): boolean {
  try {
    const query = deno?.permissions?.querySync;
    return query ? query.call(deno!.permissions, { name: "env", variable }).state === "granted" : true;
  } catch {
    return false;
  }
}

export function hasEnvAccess(): boolean {
  return granted();
}

const NO_ENV_WARNING =
  "Deno: no env access (run with --allow-env, or --allow-env=HH_API_KEY,HH_API_URL,...): HH_* variables are not read; using options and defaults.";

/** All of Deno.env with --allow-env; with a partial grant, the HH_* and OTEL_* names it allows; else nothing and one warning. */
export function readDenoEnv(): { env: Record<string, unknown>; warning?: string } {
  if (!deno) return { env: {} };
  try {
    if (granted()) return { env: deno.env.toObject() };
    const env: Record<string, string> = {};
    for (const name of KNOWN_ENV_VARS) {
      const value = granted(name) ? deno.env.get(name) : undefined;
      if (value !== undefined) env[name] = value;
    }
    return Object.keys(env).length > 0 ? { env } : { env, warning: NO_ENV_WARNING };
  } catch {
    return { env: {}, warning: NO_ENV_WARNING };
  }
}
