import type { LimitState } from './rate-limit';

/**
 * What an actor tells the edge beside its answer: facts, never headers. The edge turns them
 * into the reply's headers (one function, src/http/reply-headers.ts), the same in every mode.
 */
export interface ReplyHints {
  /** Where the principal stands against its rate limits. */
  rateLimit?: LimitState;
  /** The browser origins the actor's owner allows, when it lists its own. */
  allowedOrigins?: string[];
}

/** An actor's answer to one message. */
export interface Reply<T = unknown> {
  value: T;
  hints?: ReplyHints;
}
