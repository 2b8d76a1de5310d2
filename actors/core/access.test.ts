import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { Access } from './access';
import { AppError } from './errors';
import type { ActorKind } from './kind';
import { messagesFor } from './message';
import { systemPrincipal, type Principal } from './principal';

/** A kind whose state says who is still active and what role they hold now. */
interface State {
  active: Map<string, Principal & { kind: 'user' }>;
}
const m = messagesFor<State, unknown>();
const forHr = m.query({ type: 'x.forHr', access: ['owner', 'admin', 'hr'], input: z.object({}), handler: () => 1 });
const internal = m.command({ type: 'x.internal', access: 'system', input: z.object({}), handler: () => 1 });
const open = m.query({ type: 'x.open', access: 'public', input: z.object({}), handler: () => 1 });
const kind: ActorKind<State> = {
  name: 'x',
  migrations: [],
  messages: [forHr, internal, open],
  load: async () => ({ active: new Map() }),
  authenticate: (state, p) => (p.kind === 'user' ? (state.active.get(p.userId) ?? new AppError(401, 'session_revoked', 'gone')) : p),
  limits: (_s, p) => [{ name: 'principal', key: p.kind === 'user' ? p.userId : 'other', limit: 2, windowMs: 60_000 }],
};
const user = (role: 'hr' | 'employee', tenantId = 'ten_a'): Principal => ({ kind: 'user', tenantId, userId: 'usr_1', role });
const state = (role: 'hr' | 'employee'): State => ({ active: new Map([['usr_1', user(role) as Principal & { kind: 'user' }]]) });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? { status: e.status, code: e.code } : e;
  }
  return 'admitted';
};

describe('access', () => {
  test('the role is re-read from the state: a token that says hr, held by a demoted user, is refused', () => {
    const access = new Access(kind, { kind: 'x', id: 'ten_a' }, {});
    expect(access.admit(forHr, user('hr'), state('hr'), 0).principal).toMatchObject({ role: 'hr' });
    expect(refusal(() => access.admit(forHr, user('hr'), state('employee'), 0))).toEqual({ status: 403, code: 'forbidden' });
  });

  test('a user the state no longer knows gets the state’s answer (401)', () => {
    const access = new Access(kind, { kind: 'x', id: 'ten_a' }, {});
    expect(refusal(() => access.admit(forHr, user('hr'), { active: new Map() }, 0))).toEqual({ status: 401, code: 'session_revoked' });
  });

  test('a principal of another tenant is never served, whatever its role', () => {
    const access = new Access(kind, { kind: 'x', id: 'ten_a' }, {});
    expect(refusal(() => access.admit(forHr, user('hr', 'ten_b'), state('hr'), 0))).toEqual({ status: 403, code: 'forbidden' });
  });

  test('system messages are for the system principal only; public ones for anyone', () => {
    const access = new Access(kind, { kind: 'x', id: 'ten_a' }, {});
    expect(refusal(() => access.admit(internal, user('hr'), state('hr'), 0))).toEqual({ status: 403, code: 'forbidden' });
    expect(access.admit(internal, systemPrincipal, state('hr'), 0).principal).toBe(systemPrincipal);
    expect(access.admit(open, { kind: 'anonymous' }, state('hr'), 0).principal).toEqual({ kind: 'anonymous' });
  });

  test('users are counted against their limits: the standing comes back, and over the limit is a 429 with Retry-After', () => {
    const access = new Access(kind, { kind: 'x', id: 'ten_a' }, {});
    expect(access.admit(forHr, user('hr'), state('hr'), 0).hints?.rateLimit).toMatchObject({ policy: 'principal', limit: 2, remaining: 1 });
    expect(access.admit(forHr, user('hr'), state('hr'), 0).hints?.rateLimit).toMatchObject({ remaining: 0 });
    let error: AppError | undefined;
    try {
      access.admit(forHr, user('hr'), state('hr'), 0);
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(error!.retryAfter).toBeGreaterThan(0);
    expect(error!.headers?.RateLimit).toContain('r=0');
    // The system principal is never counted.
    expect(access.admit(forHr, systemPrincipal, state('hr'), 0).hints).toBeUndefined();
  });

  test("the owner's facts ride along for users and keys, never for the system", () => {
    const withOrigins: ActorKind<State> = { ...kind, limits: undefined, replyHints: () => ({ allowedOrigins: ['https://app.example'] }) };
    const access = new Access(withOrigins, { kind: 'x', id: 'ten_a' }, {});
    expect(access.admit(forHr, user('hr'), state('hr'), 0).hints).toEqual({ allowedOrigins: ['https://app.example'] });
    expect(access.admit(forHr, systemPrincipal, state('hr'), 0).hints).toBeUndefined();
  });
});
