import type { auditLog } from './core.sql.ts';
import { insertRows, jsonOrNull } from './rows';
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
