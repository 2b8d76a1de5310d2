import '../src/runtime/bun-platform';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';

/**
 * Roster embedded in the bench's own process, in a fresh data folder, with the limits on new
 * companies and requests opened wide: the in-process benches call it through `app.fetch`.
 */
export function inProcessRoster(log = 'info') {
  const config = loadConfig({
    ROSTER_DATA: mkdtempSync(join(tmpdir(), 'roster-inproc-')),
    HOST: '127.0.0.1',
    ROSTER_ACCESS_TOKEN_TTL: '3600',
    ROSTER_LOG: log,
    ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e9, 60], tenant: [1e9, 60] } }),
    ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]',
    ROSTER_SIGNUPS_GLOBAL: '[100000000,60]',
    ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]',
  });
  const roster = createEmbedded(config, createLogger(config.ROSTER_LOG));
  /** One request; anything but a 2xx throws with the problem. */
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await roster.app.fetch(
      new Request(`http://roster${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'PATCH' ? { 'if-match': '*' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  /** A new company `slug` with its owner signed in: the owner's access token. */
  const company = async (slug: string): Promise<string> => {
    const owner = { email: `owner@${slug}.test`, password: 'bench-password-1234' };
    await call('POST', '/v1/tenants', { name: slug, slug, owner: { name: 'Owner', ...owner } });
    return (await call('POST', '/v1/auth/login', { tenant: slug, ...owner })).accessToken as string;
  };
  return { roster, config, call, company };
}
