/**
 * GCRA (the generic cell rate algorithm): each key keeps one number, the theoretical
 * arrival time (TAT). A request is allowed if, after adding one emission interval (window ÷
 * limit), the TAT is no more than a window ahead of now. It allows a burst of `limit` and
 * then the sustained rate, exactly, with O(1) memory per key. The tenant actor runs it, so
 * a limit holds across every gateway, in every mode.
 */
export interface LimitPolicy {
  /** Names the limit in the RateLimit headers: `principal` or `tenant`. */
  name: string;
  key: string;
  limit: number;
  windowMs: number;
}

export interface LimitState {
  policy: string;
  limit: number;
  windowSeconds: number;
  remaining: number;
  /** Seconds until the quota is whole again. */
  resetSeconds: number;
  /** Seconds to wait, when refused. */
  retryAfterSeconds?: number;
}

export class RateLimiter {
  private readonly tat = new Map<string, number>();
  private readonly next: number[] = [];

  /**
   * Checks every policy and takes one request from all of them, or from none. It runs on
   * every message, so it allocates only the answer: the new TATs wait in a reused array.
   */
  take(policies: readonly LimitPolicy[], now: number): { allowed: boolean; state: LimitState } {
    let tightest: LimitState | undefined;
    const next = this.next;
    next.length = 0;
    for (const p of policies) {
      const interval = p.windowMs / p.limit;
      const tat = Math.max(this.tat.get(p.key) ?? now, now);
      const newTat = tat + interval;
      const ahead = newTat - now;
      if (ahead > p.windowMs) {
        const state = {
          policy: p.name,
          limit: p.limit,
          windowSeconds: Math.round(p.windowMs / 1000),
          remaining: 0,
          resetSeconds: Math.ceil((tat - now) / 1000),
          retryAfterSeconds: Math.max(1, Math.ceil((ahead - p.windowMs) / 1000)),
        };
        return { allowed: false, state };
      }
      next.push(newTat);
      const remaining = Math.floor((p.windowMs - ahead) / interval + 1e-9);
      if (!tightest || remaining < tightest.remaining) {
        tightest = {
          policy: p.name,
          limit: p.limit,
          windowSeconds: Math.round(p.windowMs / 1000),
          remaining,
          resetSeconds: Math.ceil(ahead / 1000),
        };
      }
    }
    for (let i = 0; i < policies.length; i++) this.tat.set(policies[i]!.key, next[i]!);
    if (this.tat.size > 10_000) this.forgetIdle(now);
    return { allowed: true, state: tightest! };
  }

  /** Keys whose TAT has passed hold no debt: dropping them changes nothing. */
  private forgetIdle(now: number) {
    for (const [key, tat] of this.tat) if (tat <= now) this.tat.delete(key);
  }
}

/** `RateLimit-Policy` and `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers). */
export function rateLimitHeaders(s: LimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `"${s.policy}";q=${s.limit};w=${s.windowSeconds}`,
    RateLimit: `"${s.policy}";r=${s.remaining};t=${s.resetSeconds}`,
  };
}
