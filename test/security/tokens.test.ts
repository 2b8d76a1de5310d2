import { expect, test } from 'bun:test';
import { SignJWT } from 'jose';
import { ownerPassword, signUp } from '../contract/client';
import { jwtSecret, serverAt } from './server';

/** Item 10: a token that never expires, and a session kept alive for ever by rotation. */

test('an access token without exp is refused, even signed with the server’s own key', async () => {
  const { api, stop } = serverAt(new Date().toISOString());
  try {
    const c = await signUp(api, 'noexp');
    // What a thief of the signing key (or a bug that forgot exp) would make: valid in every other way.
    const forever = await new SignJWT({ tid: c.tenantId, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'JWT' })
      .setSubject(c.ownerId)
      .setIssuer('roster')
      .setAudience('roster-api')
      .setIssuedAt()
      .sign(new TextEncoder().encode(jwtSecret));
    const res = await api.get('/v1/employees', { token: forever });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_token');
    expect(res.body.items).toBeUndefined();
    // The same claims with an exp pass: the refusal is about exp alone.
    const bounded = await new SignJWT({ tid: c.tenantId, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'JWT' })
      .setSubject(c.ownerId)
      .setIssuer('roster')
      .setAudience('roster-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(jwtSecret));
    expect((await api.get('/v1/employees', { token: bounded })).status).toBe(200);
  } finally {
    await stop();
  }
});

test('a refresh family ends 30 days after its login, however often it was rotated', async () => {
  const { api, clock, stop } = serverAt('2026-03-01T09:00:00Z');
  try {
    const c = await signUp(api, 'family');
    let token = c.refreshToken;
    // A thief (or a client) rotating every week keeps the family alive only until day 30.
    for (const day of ['2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']) {
      clock.set(`${day}T09:00:00Z`);
      const rotated = await api.post('/v1/auth/refresh', { refreshToken: token });
      expect(rotated.status).toBe(200);
      token = rotated.body.refreshToken;
    }
    clock.set('2026-03-31T09:00:00Z');
    const late = await api.post('/v1/auth/refresh', { refreshToken: token });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('invalid_refresh_token');
    expect(late.body.accessToken).toBeUndefined();
    // Signing in again starts a new family.
    const again = await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    expect((await api.post('/v1/auth/refresh', { refreshToken: again.body.refreshToken })).status).toBe(200);
  } finally {
    await stop();
  }
});

test('the family lifetime is configurable (ROSTER_REFRESH_FAMILY_DAYS)', async () => {
  const { api, clock, stop } = serverAt('2026-03-01T09:00:00Z', { ROSTER_REFRESH_FAMILY_DAYS: '2' });
  try {
    const c = await signUp(api, 'family2');
    clock.set('2026-03-02T09:00:00Z');
    const next = await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken });
    expect(next.status).toBe(200);
    clock.set('2026-03-03T09:00:01Z');
    expect((await api.post('/v1/auth/refresh', { refreshToken: next.body.refreshToken })).status).toBe(401);
  } finally {
    await stop();
  }
});
