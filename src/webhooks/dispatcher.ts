import { Webhook } from 'standardwebhooks';
import { deliveriesDue } from '../../actors/webhooks/deliveries';
import { isPrivateAddress, isPrivateHost } from '../../actors/webhooks/policy';
import type { PublishedEvent } from '../../actors/core/event';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import { systemPrincipal as system } from '../../actors/core/principal';

/** Every tenant's committed events; returns how to stop listening. */
export type AllTenantEvents = (listener: (tenantId: string, events: readonly PublishedEvent[]) => void) => () => void;

export interface DispatcherOptions {
  client: ActorClient;
  events: AllTenantEvents;
  log: Logger;
  allowPrivate: boolean;
  /** Resolves a host name to its addresses, to refuse private targets at send time; absent where the platform already forbids them. */
  resolve?: (host: string) => Promise<string[]>;
  timeoutMs?: number;
  /** Deliveries sent at once per tenant. */
  concurrency?: number;
  /** Told of each attempt's result, e.g. for metrics. */
  onAttempt?: (ok: boolean) => void;
}

interface Claimed {
  id: string;
  url: string;
  secret: string;
  payload: unknown;
  attempt: number;
  requestId: string;
}


/**
 * Sends webhook deliveries. It hears a tenant's `internal.webhooks_due` event, claims the
 * due deliveries from the tenant's actor (so two dispatchers never send the same one at the
 * same time), signs each with the Standard Webhooks scheme, posts it, and records the
 * outcome, on which the actor schedules the retry or moves it to the dead-letter list.
 */
export function startWebhookDispatcher(o: DispatcherOptions) {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const call = (tenantId: string, type: string, payload: unknown) =>
    o.client.call({ kind: 'tenant', id: tenantId }, { type, payload, meta: { requestId: `webhooks:${tenantId}`, principal: system } });

  async function send(d: Claimed): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    try {
      const url = new URL(d.url);
      if (!o.allowPrivate) {
        // Checked at send time, on what the name resolves to now: no DNS-rebinding around it.
        const addresses = isPrivateHost(url.hostname) ? [url.hostname] : ((await o.resolve?.(url.hostname)) ?? []);
        if (addresses.some((a) => isPrivateAddress(a) || isPrivateHost(a))) {
          return { ok: false, status: null, error: 'refused: resolves to a private address' };
        }
      }
      const body = JSON.stringify(d.payload);
      const at = new Date();
      const signature = new Webhook(d.secret).sign(d.id, at, body);
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
          'user-agent': 'Roster-Webhooks/1',
          // The request that caused the event: the thread from a receiver's log back to ours.
          'x-request-id': d.requestId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return { ok: res.status >= 200 && res.status < 300, status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (e) {
      return { ok: false, status: null, error: String(e instanceof Error ? e.message : e).slice(0, 500) };
    }
  }

  async function drain(tenantId: string): Promise<void> {
    for (;;) {
      const { items } = (await call(tenantId, 'webhooks.claimDue', { limit: o.concurrency ?? 8 })) as { items: Claimed[] };
      if (items.length === 0) return;
      await Promise.all(
        items.map(async (d) => {
          const outcome = await send(d);
          o.onAttempt?.(outcome.ok);
          o.log.info('webhook attempt', { tenant: tenantId, delivery: d.id, attempt: d.attempt, ok: outcome.ok, status: outcome.status });
          await call(tenantId, 'webhooks.recordAttempt', { id: d.id, ...outcome });
        }),
      );
    }
  }

  function wake(tenantId: string) {
    if (running.has(tenantId)) {
      again.add(tenantId);
      return;
    }
    const run = drain(tenantId)
      .catch((e) => o.log.warn('webhook dispatch failed', { tenant: tenantId, error: String(e) }))
      .finally(() => {
        running.delete(tenantId);
        if (again.delete(tenantId)) wake(tenantId);
      });
    running.set(tenantId, run);
  }

  const unsubscribe = o.events((tenantId, events) => {
    if (events.some((e) => e.type === deliveriesDue)) wake(tenantId);
  });
  return {
    wake,
    async stop() {
      unsubscribe();
      await Promise.allSettled(running.values());
    },
  };
}
