import { z } from 'zod';
import { AppError } from '../core/errors';
import { messagesFor } from '../core/message';
import { RateLimiter, rateLimitHeaders, type LimitPolicy } from '../core/rate-limit';
import type { DirectoryState } from './state';

/**
 * Limits on the doors anyone may knock on without an account, kept by the directory actor
 * (one for the whole service, so they hold across every gateway): sign-ups per client
 * address and for the whole service (each creates a database), and login attempts per
 * address across every company (the per-account back-off lives in each tenant). GCRA, as
 * for signed-in principals: a burst of `requests`, then that many per window.
 */
export interface DoorLimits {
  loginPerAddress: [number, number];
  signupPerAddress: [number, number];
  signupGlobal: [number, number];
}

export const defaultDoorLimits: DoorLimits = {
  loginPerAddress: [60, 60],
  signupPerAddress: [5, 3600],
  signupGlobal: [100, 3600],
};

const message = messagesFor<DirectoryState, { doors?: DoorLimits }>();
const limiters = new WeakMap<object, RateLimiter>();

const policy = (name: string, key: string, [limit, seconds]: [number, number]): LimitPolicy => ({ name, key, limit, windowMs: seconds * 1000 });

export const admitAnonymous = message.query({
  type: 'directory.admit',
  access: 'system',
  input: z.strictObject({ door: z.enum(['login', 'signup']), address: z.string().max(64) }),
  handler: ({ door, address }, { state, services, now }) => {
    const limits = services?.doors ?? defaultDoorLimits;
    let limiter = limiters.get(state);
    if (!limiter) limiters.set(state, (limiter = new RateLimiter()));
    const policies =
      door === 'login'
        ? [policy('login-address', `login:${address}`, limits.loginPerAddress)]
        : [policy('signup-address', `signup:${address}`, limits.signupPerAddress), policy('signup-global', 'signup:*', limits.signupGlobal)];
    const { allowed, state: s } = limiter.take(policies, now.getTime());
    if (!allowed) {
      const what = door === 'login' ? 'sign-in attempts from this address' : s.policy === 'signup-global' ? 'new companies right now' : 'new companies from this address';
      throw new AppError(429, 'rate_limited', `Too many ${what}; retry later.`, undefined, s.retryAfterSeconds, rateLimitHeaders(s));
    }
    return { allowed: true };
  },
});
