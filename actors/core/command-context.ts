import type { PublishedEvent } from './event';
import type { Change, CommandCtx, DomainEvent, QueryCtx } from './message';
import type { Outbox } from './outbox';
import type { Timers } from './timers';
import type { UndoLog } from './undo';

/**
 * What a command's handler may do besides reading: each verb is a capability's own, and
 * every change to memory goes through the undo log, so that a rollback takes it back.
 */
export function commandContext<S, V>(
  base: QueryCtx<S, V> & Pick<CommandCtx<S, V>, 'ids'>,
  parts: { undo: UndoLog; outbox: Outbox; timers: Timers },
): { ctx: CommandCtx<S, V>; emitted: PublishedEvent[]; changes: Change[] } {
  const { undo, outbox, timers } = parts;
  const emitted: PublishedEvent[] = [];
  const changes: Change[] = [];
  const at = base.now.toISOString();
  const ctx: CommandCtx<S, V> = {
    ...base,
    emit: (event: DomainEvent) => void emitted.push(outbox.emit(event, at, base.meta.requestId)),
    audit: (change) => void changes.push(change),
    set: (map, key, value) => {
      const had = map.has(key);
      const before = map.get(key);
      map.set(key, value);
      undo.push(() => (had ? map.set(key, before!) : map.delete(key)));
    },
    remove: (map, key) => {
      if (!map.has(key)) return;
      const before = map.get(key)!;
      map.delete(key);
      undo.push(() => map.set(key, before));
    },
    onUndo: (fn) => undo.push(fn),
    schedule: (spec) => timers.schedule(spec, at),
    cancelTimer: (key) => timers.cancel(key),
  };
  return { ctx, emitted, changes };
}
