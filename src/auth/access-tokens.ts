import { SignJWT, jwtVerify, errors } from 'jose';
import { roles, type Principal, type Role } from '../../actors/core/principal';

/**
 * Short-lived access tokens: JWTs signed HS256 by jose. Each carries the `kid` of the key
 * that signed it; the first key of the ring signs, every key verifies, so a key is rotated
 * by prepending a new one and dropping the old after one token lifetime.
 */
export interface KeyRing {
  signing: { kid: string; key: Uint8Array };
  byKid: Map<string, Uint8Array>;
}

const issuer = 'roster';
const audience = 'roster-api';

export function parseKeyRing(spec: string): KeyRing {
  const pairs = spec.split(',').map((entry) => {
    const i = entry.indexOf(':');
    const kid = entry.slice(0, i).trim();
    const secret = entry.slice(i + 1).trim();
    if (i <= 0 || secret.length < 32) throw new Error('ROSTER_JWT_KEYS: each entry is kid:secret, secret 32+ chars');
    return [kid, new TextEncoder().encode(secret)] as const;
  });
  return { signing: { kid: pairs[0]![0], key: pairs[0]![1] }, byKid: new Map(pairs) };
}

export interface AccessTokens {
  issue(user: { tenantId: string; userId: string; role: Role }): Promise<string>;
  /** The principal, or undefined for a token that is expired, tampered, unsigned or foreign. */
  verify(token: string): Promise<Extract<Principal, { kind: 'user' }> | undefined>;
  readonly ttlSeconds: number;
}

export function accessTokens(ring: KeyRing, ttlSeconds: number): AccessTokens {
  return {
    ttlSeconds,
    issue: ({ tenantId, userId, role }) =>
      new SignJWT({ tid: tenantId, role })
        .setProtectedHeader({ alg: 'HS256', kid: ring.signing.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(ring.signing.key),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          async (header) => {
            const key = header.kid ? ring.byKid.get(header.kid) : undefined;
            if (!key) throw new errors.JWKSNoMatchingKey();
            return key;
          },
          // Only HS256: `alg: none` and algorithm confusion are refused by jose here. A token
          // without `exp` would never expire: it is refused, however well signed.
          { algorithms: ['HS256'], issuer, audience, requiredClaims: ['exp'] },
        );
        const { sub, tid, role } = payload;
        if (typeof sub !== 'string' || typeof tid !== 'string' || !roles.includes(role as Role)) return undefined;
        return { kind: 'user', tenantId: tid, userId: sub, role: role as Role };
      } catch {
        return undefined;
      }
    },
  };
}
