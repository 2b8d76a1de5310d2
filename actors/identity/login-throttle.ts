import { AppError } from '../core/errors';
import { Backoff, type BackoffRule } from '../core/backoff';

/**
 * Back-off on failed sign-ins, kept by the tenant's actor (so it holds across gateways).
 * Three keys are checked before the password is: the account from this address (the usual
 * guessing), this address on any account (spraying one password over many), and the
 * account from anywhere (guessing from many addresses, with a short cap so that nobody can
 * keep someone else out for long). Each attempt counts as a failure before the KDF runs,
 * so a burst of parallel guesses cannot all slip through; a success takes it back.
 */
export interface LoginThrottlePolicy {
  accountAddress: BackoffRule;
  address: BackoffRule;
  account: BackoffRule;
}

export const defaultLoginThrottle: LoginThrottlePolicy = {
  accountAddress: { free: 5, baseMs: 1000, maxMs: 900_000 },
  address: { free: 20, baseMs: 1000, maxMs: 900_000 },
  account: { free: 20, baseMs: 1000, maxMs: 60_000 },
};

/** One per tenant activation, beside its state. */
const throttles = new WeakMap<object, Backoff>();

export interface LoginAttempt {
  /** Settles the attempt: a success clears the account's failures. */
  done(succeeded: boolean): void;
}

export function beginLogin(
  state: object,
  policy: LoginThrottlePolicy | undefined,
  email: string,
  address: string | undefined,
  now: number,
): LoginAttempt {
  const p = policy ?? defaultLoginThrottle;
  let backoff = throttles.get(state);
  if (!backoff) throttles.set(state, (backoff = new Backoff()));
  const from = address ?? 'unknown';
  const keys: [string, BackoffRule][] = [
    [`acct-addr:${email}\n${from}`, p.accountAddress],
    [`addr:${from}`, p.address],
    [`acct:${email}`, p.account],
  ];
  const wait = Math.max(...keys.map(([k, rule]) => backoff.waitMs(k, rule, now)));
  if (wait > 0) {
    // The same answer for an unknown account as for a known one: it tells nothing.
    throw new AppError(429, 'login_throttled', 'Too many failed sign-ins; wait before trying again.', undefined, Math.ceil(wait / 1000));
  }
  for (const [k] of keys) backoff.fail(k, now);
  return {
    done(succeeded) {
      if (!succeeded) return;
      backoff.clear(keys[0]![0]);
      backoff.clear(keys[2]![0]);
      backoff.forgive(keys[1]![0]);
    },
  };
}
