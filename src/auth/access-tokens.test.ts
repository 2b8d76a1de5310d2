import { describe, expect, test } from 'bun:test';
import { SignJWT } from 'jose';
import { accessTokens, parseKeyRing } from './access-tokens';

const ring = parseKeyRing('k2:second-secret-that-is-long-enough-0000,k1:first-secret-that-is-long-enough-00000');
const user = { tenantId: 'ten_1', userId: 'usr_1', role: 'hr' as const };

describe('access tokens', () => {
  test('a token verifies to its principal and names the signing key', async () => {
    const tokens = accessTokens(ring, 900);
    const token = await tokens.issue(user);
    expect(JSON.parse(atob(token.split('.')[0]!)).kid).toBe('k2');
    expect(await tokens.verify(token)).toEqual({ kind: 'user', ...user });
  });

  test('a token signed by an older key of the ring still verifies (rotation)', async () => {
    const old = accessTokens(parseKeyRing('k1:first-secret-that-is-long-enough-00000'), 900);
    const token = await old.issue(user);
    expect(await accessTokens(ring, 900).verify(token)).toEqual({ kind: 'user', ...user });
  });

  test('an expired token is refused', async () => {
    const key = ring.byKid.get('k2')!;
    const expired = await new SignJWT({ tid: 'ten_1', role: 'hr' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .setSubject('usr_1')
      .setIssuer('roster')
      .setAudience('roster-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    expect(await accessTokens(ring, 900).verify(expired)).toBeUndefined();
  });

  test('a token without exp is refused, however well signed', async () => {
    const key = ring.byKid.get('k2')!;
    const forever = await new SignJWT({ tid: 'ten_1', role: 'hr' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .setSubject('usr_1')
      .setIssuer('roster')
      .setAudience('roster-api')
      .setIssuedAt()
      .sign(key);
    expect(await accessTokens(ring, 900).verify(forever)).toBeUndefined();
  });

  test('a token from an unknown key, another audience or an unknown role is refused', async () => {
    const tokens = accessTokens(ring, 900);
    const foreign = await accessTokens(parseKeyRing('k9:some-other-secret-that-is-long-enough'), 900).issue(user);
    expect(await tokens.verify(foreign)).toBeUndefined();
    const key = ring.byKid.get('k2')!;
    const otherAudience = await new SignJWT({ tid: 'ten_1', role: 'hr' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .setSubject('usr_1')
      .setIssuer('roster')
      .setAudience('someone-else')
      .setExpirationTime('5m')
      .sign(key);
    expect(await tokens.verify(otherAudience)).toBeUndefined();
    const badRole = await new SignJWT({ tid: 'ten_1', role: 'god' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .setSubject('usr_1')
      .setIssuer('roster')
      .setAudience('roster-api')
      .setExpirationTime('5m')
      .sign(key);
    expect(await tokens.verify(badRole)).toBeUndefined();
  });

  test('a weak key is refused at start-up', () => {
    expect(() => parseKeyRing('k1:short')).toThrow(/32\+ chars/);
  });
});
