import { eq } from 'drizzle-orm';
import type { Clock } from './clock';
import { idempotency } from './core.sql.ts';
import { conflict, unprocessable } from './errors';
import { sha256 } from './ids';
import { insertRows } from './rows';
import type { Store } from './store';
import type { UndoLog } from './undo';

/**
 * How a command treats an Idempotency-Key, declared on the message:
 * - `replay` (the default): a retry with the same key and body gets the first reply;
 * - `none`: the key is ignored and the command runs again. For authentication (login,
 *   refresh, logout, invite accept): a replayed reply would be a credential handed out
 *   again, and a replayed refresh would hide the reuse of a spent token;
 * - `{ redact: [...] }`: the reply carries a secret shown once. It is stored without those
 *   fields, and a retry is answered 409 `idempotency_secret_shown_once`, naming the record:
 *   the first reply's secret exists nowhere any more, and a 201 without it would not be the
 *   reply the API documents. `fingerprintWithout` names input fields the edge draws afresh
 *   on every attempt (an API key's prefix), which a retry cannot repeat.
 */
export type IdempotencyPolicy = 'none' | 'replay' | { redact: readonly string[]; fingerprintWithout?: readonly string[] };

/** How long an Idempotency-Key is remembered, and how often expired ones are purged. */
export const idempotencyTtlMs = 24 * 3600_000;
const purgeEveryMs = 3600_000;

type Row = typeof idempotency.$inferSelect;

/** A command under a key: what to store after it ran, or the first run's answer. */
export interface Claim {
  key: string;
  fingerprint: string;
  policy: IdempotencyPolicy;
}

export type Recall = { claim: Claim } | { replay: unknown };

/** Strips the named top-level fields of a reply: what may be stored of it. */
export function redact(value: unknown, fields: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of fields) delete copy[f];
  return copy;
}

/** Stored replies of commands sent with an Idempotency-Key, kept a day. */
export class Idempotency {
  private readonly staged = new Map<string, Row>();
  private lastPurge = 0;

  constructor(
    private readonly store: Store,
    private readonly undo: UndoLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Looks the key up (in this batch first, then the table). Nothing to do without a key or
   * under `none`; a stored reply is replayed, a redacted one refused; another body under the
   * same key is a 422.
   */
  async recall(type: string, policy: IdempotencyPolicy, who: string, key: string | undefined, input: unknown): Promise<Recall | undefined> {
    if (!key || policy === 'none') return undefined;
    // Per message type: one HTTP request may lead to several calls (sign-up) under one key.
    const id = `${who}:${type}:${key}`;
    const fingerprinted = typeof policy === 'object' && policy.fingerprintWithout ? redact(input, policy.fingerprintWithout) : input;
    const fingerprint = await sha256(JSON.stringify([type, fingerprinted]));
    const found = this.staged.get(id) ?? (await this.store.db.select().from(idempotency).where(eq(idempotency.key, id)))[0];
    // A key older than a day is forgotten, even if the hourly purge has not reached it yet.
    const cutoff = new Date(this.clock.now().getTime() - idempotencyTtlMs).toISOString();
    if (!found || found.at < cutoff) return { claim: { key: id, fingerprint, policy } };
    if (found.fingerprint !== fingerprint) {
      throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
    }
    if (policy !== 'replay') {
      const reply = found.reply as { id?: unknown; user?: { id?: unknown } } | null;
      const record = reply?.id ?? reply?.user?.id;
      throw conflict(
        'idempotency_secret_shown_once',
        `This request was already applied${typeof record === 'string' ? ` (${record})` : ''}; its secret was shown once and is not kept, so it cannot be shown again.`,
        'Idempotency-Key',
      );
    }
    return { replay: found.reply };
  }

  /** Stages the reply of a command that ran under a key (redacted as its policy says). */
  remember(claim: Claim, value: unknown, at: string): void {
    const reply = typeof claim.policy === 'object' ? redact(value, claim.policy.redact) : value;
    const before = this.staged.get(claim.key);
    this.staged.set(claim.key, { key: claim.key, fingerprint: claim.fingerprint, reply: reply ?? null, at });
    this.undo.push(() => (before ? this.staged.set(claim.key, before) : this.staged.delete(claim.key)));
  }

  /** Drops stored replies older than a day, at most once an hour, inside a batch's transaction. */
  async purge(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPurge < purgeEveryMs) return;
    this.lastPurge = now;
    await this.store.run('DELETE FROM idempotency WHERE at < ?', [new Date(now - idempotencyTtlMs).toISOString()]);
  }

  async flush(): Promise<void> {
    if (this.staged.size === 0) return;
    await insertRows(
      this.store,
      'idempotency',
      ['key', 'fingerprint', 'reply', 'at'],
      [...this.staged.values()].map((k) => [k.key, k.fingerprint, JSON.stringify(k.reply ?? null), k.at]),
      'INSERT OR REPLACE',
    );
  }

  committed(): void {
    this.staged.clear();
  }
}
