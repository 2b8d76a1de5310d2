import type { CommandCtx, DomainEvent } from './message';

/**
 * An outbox sent outside the actor (webhook deliveries, mail) keeps one timer per tenant, at
 * its earliest pending attempt or lapsed claim: this moves it there (or cancels it when
 * nothing waits), and when that time has come tells the dispatchers at once with `due`.
 */
export async function armRetryTimer(
  ctx: CommandCtx<any, any>,
  nextAt: string | null | undefined,
  timer: { key: string; type: string },
  due: () => DomainEvent,
): Promise<void> {
  if (nextAt) await ctx.schedule({ key: timer.key, at: nextAt, type: timer.type, payload: {} });
  else await ctx.cancelTimer(timer.key);
  if (nextAt && nextAt <= ctx.now.toISOString()) ctx.emit(due());
}
