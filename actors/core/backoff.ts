/**
 * Exponential back-off on failures, per key: the first `free` failures cost nothing; from
 * then on, failure n makes the key wait base × 2^(n − free), capped at `maxMs`, before it
 * may try again. It is a wait, never a lock: once the wait is over one more try is allowed,
 * and a key that stays quiet for `forgetMs` starts afresh. Memory only, O(1) per key; the
 * actor that owns the keys runs it, so it holds across every gateway.
 */
export interface BackoffRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly forgetMs = 3600_000, private readonly maxKeys = 100_000) {}

  /** Milliseconds the key must still wait (0: it may try now). */
  waitMs(key: string, rule: BackoffRule, now: number): number {
    const e = this.live(key, now);
    if (!e) return 0;
    return Math.max(0, e.lastFailureAt + delayMs(rule, e.failures) - now);
  }

  fail(key: string, now: number): void {
    const e = this.live(key, now) ?? { failures: 0, lastFailureAt: now };
    e.failures++;
    e.lastFailureAt = now;
    this.entries.set(key, e);
    if (this.entries.size > this.maxKeys) this.sweep(now);
  }

  /** Takes back one failure counted ahead of the outcome (the attempt succeeded). */
  forgive(key: string): void {
    const e = this.entries.get(key);
    if (e && --e.failures <= 0) this.entries.delete(key);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastFailureAt > this.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Forgets quiet keys, then, if an attack still fills the map, the oldest ones. */
  private sweep(now: number) {
    for (const [k, e] of this.entries) if (now - e.lastFailureAt > this.forgetMs) this.entries.delete(k);
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys * 0.9) break;
      this.entries.delete(k);
    }
  }
}

/** The wait after `failures` failures: none before `free` of them, then base, 2×base, 4×base … */
export function delayMs(rule: BackoffRule, failures: number): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 40));
}
