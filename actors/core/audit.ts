import type { auditLog } from './core.sql.ts';
import { insertRows, jsonOrNull } from './rows';
import { sameValue } from './same-value';
import type { Store } from './store';
import type { UndoLog } from './undo';

export type AuditRow = typeof auditLog.$inferInsert;

/** The audit log: one row per command, written with its batch. */
export class AuditTrail {
  private staged: AuditRow[] = [];

  constructor(
    private readonly store: Store,
    private readonly undo: UndoLog,
  ) {}

  record(row: AuditRow): void {
    this.staged.push(row);
    this.undo.push(() => void this.staged.pop());
  }

  async flush(): Promise<void> {
    if (this.staged.length === 0) return;
    await insertRows(
      this.store,
      'audit_log',
      ['at', 'request_id', 'actor_kind', 'actor_id', 'action', 'subject', 'changes'],
      this.staged.map((a) => [a.at, a.requestId, a.actorKind, a.actorId, a.action, a.subject ?? null, jsonOrNull(a.changes)]),
    );
  }

  committed(): void {
    this.staged = [];
  }
}

/**
 * The fields that differ between two views of one record, in each: what an audit entry of an
 * update keeps. The whole record twice repeated every unchanged field in the log (a second
 * copy of personal data) and made the audit row of a one-field PATCH a page and a half of its
 * commit.
 */
export function auditedChange<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  const differ = (key: keyof T) => {
    if (sameValue(before[key], after[key])) return;
    was[key] = before[key];
    now[key] = after[key];
  };
  // The keys of both, without building a set of them (2 % of a PATCH): after's only where before has none.
  for (const key in before) differ(key);
  for (const key in after) if (!(key in before)) differ(key);
  return { before: was, after: now };
}
