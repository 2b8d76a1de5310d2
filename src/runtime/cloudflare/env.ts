import type { Env } from './platform';

/** The string variables of a Worker's environment (vars and secrets), as the config parser takes them. */
export function configEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') out[key] = value;
  return out;
}
