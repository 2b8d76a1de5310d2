import { inlineLimit } from './prepared';
import { and, eq, isNull, lt, lte, or, sql, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CommandCtx, DomainEvent } from './message';
import type { Db } from './store';

/**
 * An outbox sent outside the actor (webhook deliveries, mail): rows that wait for an attempt
 * (`status = 'pending'`) at `nextAttemptAt`, and that a dispatcher claims until `claimedUntil`
 * so that no other one sends them meanwhile.
 */
export type AttemptTable = SQLiteTable & { id: SQLiteColumn; status: SQLiteColumn; nextAttemptAt: SQLiteColumn; claimedUntil: SQLiteColumn };

/**
 * Such an outbox keeps one timer per tenant, at its earliest pending attempt or lapsed claim:
 * this moves it there (or cancels it when nothing waits), and when that time has come tells
 * the dispatchers at once with `due`.
 */
export async function armRetryTimer(ctx: CommandCtx<any, any>, table: AttemptTable, timer: { key: string; type: string }, due: () => DomainEvent): Promise<void> {
  const [next] = await ctx.db
    .select({ at: sql<string | null>`min(coalesce(${table.claimedUntil}, ${table.nextAttemptAt}))` })
    .from(table)
    .where(eq(table.status, 'pending'));
  const nextAt = next?.at;
  if (nextAt) await ctx.schedule({ key: timer.key, at: nextAt, type: timer.type, payload: {} });
  else await ctx.cancelTimer(timer.key);
  if (nextAt && nextAt <= ctx.now.toISOString()) ctx.emit(due());
}

/** The pending rows whose attempt is due and that no dispatcher holds, earliest first. */
export async function dueAttempts<T extends AttemptTable>(db: Db, table: T, now: string, limit: number): Promise<InferSelectModel<T>[]> {
  const rows = await db
    .select()
    .from(table as AttemptTable)
    .where(and(eq(table.status, 'pending'), lte(table.nextAttemptAt, now), or(isNull(table.claimedUntil), lt(table.claimedUntil, now))))
    .orderBy(table.nextAttemptAt)
    .limit(inlineLimit(limit));
  return rows as InferSelectModel<T>[];
}
