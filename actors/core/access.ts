import { AppError, forbidden, unauthenticated } from './errors';
import type { ReplyHints } from './hints';
import type { ActorKind, Address } from './kind';
import type { MessageDef } from './message';
import type { Principal } from './principal';
import { RateLimiter, rateLimitHeaders, type LimitState } from './rate-limit';

/**
 * Who may send a message, checked against the actor's current state on every message (a
 * token stays valid for minutes; a deactivated user or a revoked key stops at once), and
 * counted against the principal's rate limits.
 */
export class Access<S> {
  private readonly limiter = new RateLimiter();

  constructor(
    private readonly kind: ActorKind<S>,
    private readonly address: Address,
    private readonly services: unknown,
  ) {}

  /**
   * The principal as it stands now, or the refusal (401, 403, 429); and, for users and keys,
   * the hints their reply carries: where they stand against their limits, the owner's facts.
   */
  admit(def: MessageDef, sender: Principal, state: S, nowMs: number): { principal: Principal; hints?: ReplyHints } {
    const principal = this.authorize(def, sender, state);
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') return { principal };
    const rateLimit = this.kind.limits ? this.count(principal, state, nowMs) : undefined;
    const own = this.kind.replyHints?.(state);
    return rateLimit || own ? { principal, hints: { ...own, ...(rateLimit ? { rateLimit } : {}) } } : { principal };
  }

  private authorize(def: MessageDef, principal: Principal, state: S): Principal {
    if (def.access === 'public') return principal;
    if (def.access === 'system') {
      if (principal.kind === 'system') return principal;
      throw forbidden('This message is internal.');
    }
    if (principal.kind === 'system') return principal;
    if (principal.kind === 'anonymous') throw unauthenticated();
    // Tenant isolation: a principal of one tenant is never served by another's actor.
    if (principal.tenantId !== this.address.id) throw forbidden('This principal belongs to another tenant.');
    const current = this.kind.authenticate ? this.kind.authenticate(state, principal, this.address.id) : principal;
    if (current instanceof AppError) throw current;
    if (current.kind !== 'user' && current.kind !== 'apiKey') throw unauthenticated();
    if (!def.access.includes(current.role)) throw forbidden();
    return current;
  }

  /** Counts the message against the principal's limits; refuses it with 429 when over. */
  private count(principal: Principal, state: S, nowMs: number): LimitState | undefined {
    const policies = this.kind.limits!(state, principal, this.services);
    if (policies.length === 0) return undefined;
    const { allowed, state: limit } = this.limiter.take(policies, nowMs);
    if (!allowed) {
      throw new AppError(429, 'rate_limited', `Too many requests for this ${limit.policy}; retry later.`, undefined, limit.retryAfterSeconds, rateLimitHeaders(limit));
    }
    return limit;
  }
}
