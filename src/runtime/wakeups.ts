import { systemClock, type Clock } from '../../actors/core/clock';
import { wakeMessage } from '../../actors/core/timers';
import { addressKey, parseAddress, type Address } from '../../actors/core/kind';
import { directoryAddress } from '../../actors/directory/directory';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import { systemPrincipal as system } from '../../actors/core/principal';


/**
 * Timer wake-ups across passivation and restarts. Actors report when their next timer is
 * due; it is recorded in the directory. A poller asks the directory which actors are due and
 * sends each a wake message, which activates it (wherever placement puts it) so that it
 * fires its timers. Between the two, no actor has to stay in memory to keep its timers.
 */
export function recordWakeup(client: ActorClient, log: Logger) {
  return (address: Address, nextDue: string | undefined) => {
    if (address.kind === directoryAddress.kind) return;
    client
      .call(directoryAddress, {
        type: 'directory.setWakeup',
        payload: { actor: addressKey(address), dueAt: nextDue ?? null },
        meta: { requestId: `wakeup:${addressKey(address)}`, principal: system },
      })
      .catch((e) => log.warn('wakeup not recorded', { actor: addressKey(address), error: String(e) }));
  };
}

/** Polls every `intervalMs`; "due" is judged by the actors' clock (injected in tests). */
export function pollWakeups(client: ActorClient, log: Logger, intervalMs = 15_000, clock: Clock = systemClock): { stop(): void } {
  const tick = async () => {
    const before = new Date(clock.now().getTime() + intervalMs).toISOString();
    const meta = { requestId: 'wakeup-poll', principal: system };
    try {
      const { items } = (await client.call(directoryAddress, {
        type: 'directory.dueWakeups',
        payload: { before },
        meta,
      })) as { items: string[] };
      await Promise.allSettled(
        items.map((actor) => client.call(parseAddress(actor), { type: wakeMessage, payload: {}, meta })),
      );
    } catch (e) {
      log.warn('wakeup poll failed', { error: String(e) });
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
